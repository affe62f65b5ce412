import { describe, expect, it } from 'vitest';

import { DEFAULT_POLICY } from '../../../src/core/drift/decide.js';
import type { PredictionDrift } from '../../../src/core/drift/prediction-drift.js';
import { DRIFT_CONVENTIONS, type DriftColumn, type DriftResult } from '../../../src/core/drift/result.js';
import { MAX_DRAWN_COLUMNS, renderDriftHtml } from '../../../src/core/report/drift-html.js';
import { escapeHtml } from '../../../src/core/report/html/index.js';
import { expectBalanced, expectFiniteMarkup } from './html/markup.js';

/** Would set a flag, load an image or close a tag early if it became markup anywhere. */
const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"'&</title>Ωmega`;
const ESCAPED = escapeHtml(HOSTILE);

function column(overrides: Partial<DriftColumn> = {}): DriftColumn {
  return {
    type: 'numeric',
    n_reference: 200,
    n_current: 150,
    ks: { statistic: 0.1, p_value: 0.2, method: 'exact' },
    wasserstein: 0.5,
    wasserstein_normed: 0.05,
    psi: 0.02,
    jensen_shannon: 0.03,
    chi2: null,
    z: null,
    method: 'ks',
    score: 0.2,
    threshold: 0.05,
    p_value_adjusted: 0.4,
    drifted: false,
    because: 'p 0.4 (benjamini-hochberg; raw 0.2) ≥ 0.05',
    quality: {
      null_fraction: { reference: 0, current: 0, change: 0 },
      nan: { reference: 0, current: 0 },
      infinite: { reference: 0, current: 0 },
      constant: { reference: false, current: false },
    },
    histogram: { edges: [1, 2, 3], reference: [50, 50, 50, 50], current: [30, 40, 40, 40] },
    ...overrides,
  };
}

function categorical(overrides: Partial<DriftColumn> = {}): DriftColumn {
  return column({
    type: 'categorical',
    ks: null,
    wasserstein: null,
    wasserstein_normed: null,
    chi2: { statistic: 3, p_value: 0.3, dof: 2 },
    total_variation: 0.04,
    method: 'chi2',
    score: 0.3,
    p_value_adjusted: 0.3,
    histogram: { categories: ['a', 'b', 'c'], reference: [100, 60, 40], current: [70, 50, 30] },
    ...overrides,
  });
}

function result(columns: Record<string, DriftColumn>, overrides: Partial<DriftResult> = {}): DriftResult {
  const drifted = Object.entries(columns).filter(([, c]) => c.drifted);
  const tested = Object.values(columns).filter((c) => c.score !== null).length;
  return {
    schemaVersion: 1,
    name: null,
    reference: { files: ['data/reference.csv'], rows: 200 },
    current: { files: ['data/current.csv'], rows: 150 },
    columns,
    not_tested: {},
    columns_only_in_reference: [],
    columns_only_in_current: [],
    dataset_drift: drifted.length > 0,
    drifted_columns: drifted.map(([name]) => name),
    prediction_drift: null,
    summary: {
      tested,
      drifted: drifted.length,
      drifted_share: tested ? drifted.length / tested : 0,
      because: `${drifted.length} of ${tested} tested columns drifted`,
    },
    settings: { ...DEFAULT_POLICY, methods: {} },
    conventions: DRIFT_CONVENTIONS,
    created_at: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

/** The page without the prose that names NaN and Infinity as words (a convention, the findings' labels). */
function withoutProse(page: string): string {
  return DRIFT_CONVENTIONS.reduce((p, c) => p.replaceAll(escapeHtml(c), ''), page).replace(
    /NaN and infinite cells|NaN cells/g,
    '',
  );
}

/** Whitespace runs as one space: Prettier lays out the html`` templates. */
function squash(markup: string): string {
  return markup.replace(/\s+/g, ' ');
}

/** The page with whitespace squashed, for the checks of its text. */
function render(r: DriftResult): string {
  return squash(renderDriftHtml(r));
}

/** The cells of a column's row in the statistics table, as text, from its method to the χ² p. */
function rowCells(page: string, name: string): string[] {
  const start = page.indexOf(`<th scope="row" rowspan="2">${escapeHtml(name)}<br />`);
  expect(start, `a table row for ${name}`).toBeGreaterThan(-1);
  const row = page.slice(start, page.indexOf('</tr>', start));
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

/** The per-column sections, in page order, by their data-column attribute. */
function drawnColumns(page: string): string[] {
  return [...page.matchAll(/<div class="drift-column" data-column="([^"]*)">/g)].map((m) => m[1]);
}

const CELLS = ['method', 'score', 'threshold', 'ratio', 'drifted', 'ks', 'ks_p', 'w', 'psi', 'js', 'chi2'];
const cell = (cells: string[], name: (typeof CELLS)[number]) => cells[CELLS.indexOf(name)];

describe('renderDriftHtml', () => {
  it('escapes every string from the data: names, categories, paths, reasons, model', () => {
    const prediction: PredictionDrift = {
      model: {
        path: `models/${HOSTILE}.onnx`,
        sha256: 'ab'.repeat(32),
        execution_provider: 'cpu',
        requested_provider: 'cpu',
        fell_back: false,
      },
      task: 'binary',
      score: column({ because: HOSTILE }),
      classes: categorical({ histogram: { categories: [HOSTILE, '1'], reference: [5, 5], current: [9, 1] } }),
      drifted: false,
    };
    const page = render(
      result(
        {
          [HOSTILE]: column({
            because: `because ${HOSTILE}`,
            reasons: { wasserstein_normed: `reason ${HOSTILE}` },
          }),
          group: categorical({
            histogram: { categories: ['a', HOSTILE], reference: [10, 10], current: [5, 15] },
            quality: {
              ...column().quality,
              new_categories: { values: [HOSTILE], count: 1, share: 0.1 },
            },
          }),
        },
        {
          name: HOSTILE,
          reference: { files: [`ref/${HOSTILE}.csv`], rows: 200 },
          current: { files: [`cur/${HOSTILE}.csv`], rows: 150 },
          not_tested: { [`mixed ${HOSTILE}`]: `holds numbers and text ${HOSTILE}` },
          columns_only_in_reference: [`gone ${HOSTILE}`],
          columns_only_in_current: [`new ${HOSTILE}`],
          summary: { tested: 2, drifted: 0, drifted_share: 0, because: `summary ${HOSTILE}` },
          settings: { ...DEFAULT_POLICY, methods: { [HOSTILE]: { method: 'psi', threshold: 0.2 } } },
          conventions: [...DRIFT_CONVENTIONS, `convention ${HOSTILE}`],
          prediction_drift: prediction,
        },
      ),
    );
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toMatch(/<(script|img)\b/i);
    expectBalanced(page);
    for (const text of [
      `mlgate drift — ${ESCAPED}`,
      `because ${ESCAPED}`,
      `reason ${ESCAPED}`,
      `ref/${ESCAPED}.csv`,
      `cur/${ESCAPED}.csv`,
      `mixed ${ESCAPED}`,
      `holds numbers and text ${ESCAPED}`,
      `gone ${ESCAPED}`,
      `new ${ESCAPED}`,
      `summary ${ESCAPED}`,
      `convention ${ESCAPED}`,
      `models/${ESCAPED}.onnx`,
      `data-column="${ESCAPED}"`,
      `<code>${ESCAPED}</code>: psi at 0.2`,
      // The category in the bars' tooltips and the new category among the findings.
      `reference, ${ESCAPED}: 50.0%`,
      `&quot;${ESCAPED}&quot;`,
    ]) {
      expect(page, text).toContain(text);
    }
  });

  it('writes no NaN, Infinity or undefined when statistics are null, sides are empty or bins are odd', () => {
    const nulls = column({
      ks: null,
      wasserstein: null,
      wasserstein_normed: null,
      psi: null,
      jensen_shannon: null,
      method: null,
      score: null,
      threshold: null,
      p_value_adjusted: null,
      total_variation: null,
      n_reference: 0,
      n_current: 0,
      because: 'not tested: 0 values on the current side, below min_values 30',
      histogram: undefined,
      reasons: { ks: 'the reference sample has no values', psi: 'the reference sample has no values' },
      quality: {
        null_fraction: { reference: 1, current: 1, change: 0 },
        nan: { reference: 0, current: 0 },
        infinite: { reference: 0, current: 0 },
        constant: { reference: false, current: false },
      },
    });
    const page = render(
      result(
        {
          nulls,
          'empty bins': column({ histogram: { edges: [], reference: [], current: [] } }),
          'empty current': column({ histogram: { edges: [4], reference: [10, 10], current: [0, 0] } }),
          constant: column({
            histogram: { edges: [7], reference: [200, 0], current: [150, 0] },
            quality: { ...column().quality, constant: { reference: true, current: true } },
          }),
          'one category': categorical({
            histogram: { categories: ['only'], reference: [200], current: [150] },
          }),
          'no categories': categorical({ histogram: { categories: [], reference: [], current: [] } }),
          'bins that do not fit': column({
            histogram: { edges: [1, 2], reference: [1, 2], current: [1, 2] },
          }),
          // An in-memory result can carry what JSON cannot.
          'not finite': column({ score: NaN, psi: Infinity, wasserstein_normed: -Infinity, threshold: 0.05 }),
          'alpha 1': column({ threshold: 1 }),
        },
        {
          summary: { tested: 0, drifted: 0, drifted_share: 0, because: 'no column could be tested' },
          prediction_drift: {
            model: {
              path: 'm.onnx',
              sha256: '0'.repeat(64),
              execution_provider: 'cpu',
              requested_provider: 'cpu',
              fell_back: false,
            },
            task: 'multiclass',
            classes: categorical({ method: null, score: null, threshold: null, histogram: undefined }),
            drifted: false,
            metric: { name: 'accuracy', reference: null, current: null, change: null },
          },
        },
      ),
    );
    expectFiniteMarkup(withoutProse(page));
    expectBalanced(page);
    // Every column still gets a chart (an empty one says "no data").
    expect(drawnColumns(page)).toHaveLength(9);
    expect(page.match(/class="mg-no-data"/g)?.length).toBeGreaterThanOrEqual(4);
    expect(page).toContain('Nothing to draw: the reference sample has no values.');
    expect(page).toContain('Nothing to draw: the bins are inconsistent.');
    expect(cell(rowCells(page, 'nulls'), 'score')).toBe('n/a');
    expect(cell(rowCells(page, 'nulls'), 'drifted')).toBe('not tested');
    expect(cell(rowCells(page, 'not finite'), 'psi')).toBe('n/a');
    expect(cell(rowCells(page, 'not finite'), 'ratio')).toBe('n/a');
    expect(cell(rowCells(page, 'alpha 1'), 'ratio')).toBe('n/a');
    expect(page).toContain('accuracy: not computed on');
    expect(page).toContain('either side');
    expect(page).toContain('? nothing tested');
    expect(page).toContain('constant in both');
    // Statistics that failed for one reason share a line.
    expect(page).toContain('<li>ks, psi: the reference sample has no values</li>');
  });

  it('puts each score against its threshold: log p ÷ log alpha for p-value tests, distance ÷ threshold', () => {
    const page = render(
      result({
        // Adjusted p = alpha², so log p ÷ log alpha = 2; the raw p is not what counts.
        squared: column({ score: 0.0001, p_value_adjusted: 0.0025, drifted: true }),
        distance: column({ method: 'wasserstein', score: 0.25, threshold: 0.1, drifted: true }),
        // p = 0 is floored at 1e-300: 300 ÷ log10(20).
        zero: column({ score: 0, p_value_adjusted: 0, drifted: true }),
        'p one': column({ score: 1, p_value_adjusted: 1 }),
      }),
    );
    expect(cell(rowCells(page, 'squared'), 'ratio')).toBe('2');
    expect(cell(rowCells(page, 'squared'), 'score')).toBe('0.0025');
    expect(cell(rowCells(page, 'distance'), 'ratio')).toBe('2.5');
    expect(cell(rowCells(page, 'zero'), 'ratio')).toBe((300 / Math.log10(20)).toPrecision(4));
    expect(cell(rowCells(page, 'p one'), 'ratio')).toBe('0');
    // The chart: bars capped at 10 against the threshold line at 1, drifted bars highlighted.
    const chart = page.slice(
      page.indexOf('data-chart="bar-chart"'),
      page.indexOf('</svg>', page.indexOf('data-chart="bar-chart"')),
    );
    expect(chart).toContain('threshold 1</text>');
    expect(chart).toContain('<title>zero: 10 (drifted)</title>');
    expect(chart).toContain('<title>distance: 2.5 (drifted)</title>');
    expect(chart).toContain('<title>p one: 0</title>');
    expect(page).toContain('score ÷ threshold (capped at 10)');
  });

  it('orders columns drifted first, then by score ÷ threshold, untested last', () => {
    const page = render(
      result({
        untested: column({ method: 'ks', score: null, because: 'not tested: 3 values' }),
        low: column({ p_value_adjusted: 0.5 }),
        'drifted a little': column({ p_value_adjusted: 0.01, drifted: true }),
        high: column({ p_value_adjusted: 0.001, ks: { statistic: 0.01, p_value: 0.001, method: 'exact' } }),
        'drifted a lot': column({ p_value_adjusted: 1e-10, drifted: true }),
      }),
    );
    const order = ['drifted a lot', 'drifted a little', 'high', 'low', 'untested'];
    expect(drawnColumns(page)).toEqual(order);
    const tableOrder = [...page.matchAll(/<th scope="row" rowspan="2">([^<]*)<br \/>/g)].map((m) => m[1]);
    expect(tableOrder).toEqual(order);
  });

  it('draws each side as its counts over that side’s total, on the decile bins or per category', () => {
    const page = render(
      result({
        x: column({ histogram: { edges: [1, 2], reference: [1, 1, 2], current: [0, 0, 4] } }),
        g: categorical({ histogram: { categories: ['p', 'q'], reference: [3, 1], current: [0, 0] } }),
      }),
    );
    for (const tip of [
      'reference, ≤ 1: 25.0%',
      'reference, (1, 2]: 25.0%',
      'reference, &gt; 2: 50.0%',
      'current, &gt; 2: 100.0%',
      'reference, p: 75.0%',
      'reference, q: 25.0%',
    ]) {
      expect(page, tip).toContain(`<title>${tip}</title>`);
    }
    // An empty side draws no bar at all rather than 0/0.
    expect(page).not.toMatch(/<title>current, [pq]:/);
    expect(page).toContain('data-chart="histogram-overlay"');
    expect(page).toContain('data-chart="category-bars"');
  });

  it('draws a numeric column tested as categories over its values', () => {
    const page = render(
      result({
        flag: column({
          tested_as: 'categories',
          method: 'z',
          histogram: { edges: [0], reference: [120, 80], current: [50, 100] },
          // Spread in: the drift job that writes as_categories and its type in result.ts land together.
          ...{
            as_categories: {
              categories: ['0', '1'],
              reference: [120, 80],
              current: [50, 100],
              psi: 0.3,
              jensen_shannon: 0.2,
            },
          },
        }),
      }),
    );
    expect(page).toContain('<title>reference, 0: 60.0%</title>');
    expect(page).toContain('per value (2 values)');
    expect(cell(rowCells(page, 'flag'), 'psi')).toBe('0.3');
    expect(page).toContain('numeric (as categories)');
  });

  it('shows the verdict, the summary, both sides’ files and rows, and the settings in its header', () => {
    const page = render(
      result(
        { a: column({ drifted: true, p_value_adjusted: 0.001 }), b: column() },
        {
          name: 'churn-model',
          reference: { files: ['train.parquet'], rows: 1234567 },
          current: { files: ['day1.jsonl', 'day2.jsonl'], rows: 89 },
          settings: {
            ...DEFAULT_POLICY,
            alpha: 0.01,
            correction: 'bonferroni',
            methods: { b: { method: 'psi' } },
          },
        },
      ),
    );
    const header = page.slice(page.indexOf('<section id="verdict"'), page.indexOf('<section id="columns"'));
    expect(page).toContain('<title>mlgate drift — churn-model</title>');
    expect(header).toContain('✘ drift detected');
    expect(header).toContain('1 of 2 tested columns drifted');
    expect(header).toMatch(/<code>train\.parquet<\/code>[\s\S]*1,234,567/);
    expect(header).toContain('<code>day1.jsonl</code>, <code>day2.jsonl</code>');
    expect(header).toContain('bonferroni');
    expect(header).toMatch(/alpha \(p-value tests drift below it, after correction\)<\/td>\s*<td>0\.01</);
    expect(header).toContain('<code>b</code>: psi');
    expect(header).toContain('Drifted columns: <code>a</code>');
    expect(page).toContain('<time datetime="2025-01-02T03:04:05.000Z">2025-01-02 03:04:05 UTC</time>');
    const calm = render(result({ b: column() }));
    expect(calm).toContain('✔ no dataset drift');
  });

  it('lists untested columns with their reasons and the columns on one side only', () => {
    const page = render(
      result(
        {
          few: column({
            score: null,
            because: 'not tested: 12 values on the current side, below min_values 30',
          }),
        },
        {
          not_tested: {
            mixed: 'holds numbers and text in the current data',
            gone: 'only in the reference data',
          },
          columns_only_in_reference: ['gone'],
          columns_only_in_current: ['fresh', 'newer'],
        },
      ),
    );
    const section = page.slice(
      page.indexOf('<section id="not-tested"'),
      page.indexOf('<section id="quality"'),
    );
    expect(section).toMatch(
      /<td>few<\/td>\s*<td>not tested: 12 values on the current side, below min_values 30<\/td>/,
    );
    expect(section).toMatch(/<td>mixed<\/td>\s*<td>holds numbers and text in the current data<\/td>/);
    expect(section).toContain('Only in the reference data: <code>gone</code>');
    expect(section).toContain('Only in the current data: <code>fresh</code>, <code>newer</code>');
    // Untested columns are rows of the main table too.
    expect(cell(rowCells(page, 'mixed'), 'drifted')).toBe('not tested');
  });

  it('states the data quality findings beside each chart and in one table', () => {
    const page = render(
      result({
        age: column({
          quality: {
            null_fraction: { reference: 0.01, current: 0.25, change: 0.24 },
            nan: { reference: 0, current: 3 },
            infinite: { reference: 1, current: 0 },
            constant: { reference: false, current: true },
            out_of_range: { below: 2, above: 10, share: 0.08, reference_min: 18, reference_max: 90 },
          },
        }),
        city: categorical({
          quality: {
            ...column().quality,
            new_categories: { values: ['x', 'y', 'z', 'u', 'v', 'w'], count: 7, share: 0.125 },
          },
        }),
      }),
    );
    for (const finding of [
      'NaN cells: 0 reference, 3 current',
      'infinite cells: 1 reference, 0 current',
      '12 current values (8.0%) outside the reference range [18, 90]: 2 below, 10 above',
      'constant in the current data',
      '7 new categories (12.5% of current rows): &quot;x&quot;, &quot;y&quot;, &quot;z&quot;, &quot;u&quot;, &quot;v&quot;, …',
      '1.0% of reference rows, 25.0% of current rows',
    ]) {
      expect(page, finding).toContain(finding);
    }
    const table = page.slice(
      page.indexOf('<section id="quality"'),
      page.indexOf('<section id="conventions"'),
    );
    expect(table).toContain('missing 1.0% → 25.0%; NaN cells: 0 reference, 3 current');
  });

  it(`draws at most ${MAX_DRAWN_COLUMNS} columns, the drifted first, and says how many it left out`, () => {
    const columns: Record<string, DriftColumn> = {};
    for (let i = 0; i < 150; i++) {
      columns[`c${i}`] = column(i >= 140 ? { drifted: true, p_value_adjusted: 1e-6 } : {});
    }
    const page = render(result(columns));
    const drawn = drawnColumns(page);
    expect(drawn).toHaveLength(100);
    expect(drawn.slice(0, 10)).toEqual(Array.from({ length: 10 }, (_, i) => `c${140 + i}`));
    expect(page.match(/data-chart="histogram-overlay"/g)).toHaveLength(100);
    expect(page).toContain(
      '100 of 150 columns are drawn; 50 more are left out here: see the table above and drift.json.',
    );
    // The table keeps every column; the contents list the drawn ones.
    expect(page.match(/<th scope="row" rowspan="2">/g)).toHaveLength(150);
    expect(page.match(/<li><a href="#per-column-\d+">/g)).toHaveLength(100);
    expect(page).toContain("The 150 tested columns' 100 highest scores are drawn");
  });

  it('stays under 1 MiB for 30 columns with full histograms', () => {
    const columns: Record<string, DriftColumn> = {};
    const deciles = Array.from({ length: 9 }, (_, i) => 1000 + i * 123.456789);
    for (let i = 0; i < 25; i++) {
      columns[`numeric feature number ${i}`] = column({
        histogram: {
          edges: deciles,
          reference: Array(10).fill(10000),
          current: Array.from({ length: 10 }, (_, k) => 9000 + k * 200),
        },
      });
    }
    for (let i = 0; i < 5; i++) {
      const categories = Array.from({ length: 200 }, (_, k) => `category value ${k}`);
      columns[`categorical feature ${i}`] = categorical({
        histogram: {
          categories,
          reference: categories.map((_, k) => 1000 - k),
          current: categories.map((_, k) => 800 + k),
        },
      });
    }
    const page = renderDriftHtml(result(columns));
    expect(drawnColumns(page)).toHaveLength(30);
    expect(Buffer.byteLength(page, 'utf8')).toBeLessThan(1024 * 1024);
  });

  it('shows the model outputs with their statistics and charts only when a model was given', () => {
    const withModel = render(
      result(
        { a: column() },
        {
          prediction_drift: {
            model: {
              path: 'models/churn.onnx',
              sha256: 'f'.repeat(64),
              execution_provider: 'cpu',
              requested_provider: 'cpu',
              fell_back: false,
            },
            task: 'binary',
            score: column({
              drifted: true,
              p_value_adjusted: undefined,
              score: 1e-8,
              because: 'p 1e-8 < 0.05',
            }),
            classes: categorical({
              histogram: { categories: ['0', '1'], reference: [60, 40], current: [20, 80] },
            }),
            drifted: true,
            metric: { name: 'roc_auc', reference: 0.91, current: 0.85, change: -0.06 },
          },
        },
      ),
    );
    const section = withModel.slice(
      withModel.indexOf('<section id="model"'),
      withModel.indexOf('<section id="conventions"'),
    );
    expect(section).toContain('<code>models/churn.onnx</code>');
    expect(section).toContain('✘ drifted');
    expect(section).toMatch(/P\(positive class\)<br \/><span class="muted">numeric<\/span>/);
    expect(section).toContain('predicted class<br /><span class="muted">categorical</span>');
    expect(section).toContain('Primary metric roc_auc: 0.91 on the reference, 0.85 on the');
    expect(section).toContain('(change -0.06)');
    expect(section).toContain('data-chart="histogram-overlay"');
    expect(section).toContain('<title>current, 1: 80.0%</title>');
    expect(render(result({ a: column() }))).not.toContain('id="model"');
  });

  it('lists every convention under "How the numbers are computed" and renders the same page twice', () => {
    const r = result({ a: column() });
    const page = renderDriftHtml(r);
    const section = page.slice(page.indexOf('<section id="conventions"'));
    expect(section).toContain('How the numbers are computed');
    for (const c of DRIFT_CONVENTIONS) expect(section).toContain(`<li>${escapeHtml(c)}</li>`);
    expect(renderDriftHtml(r)).toBe(page);
    // A bad timestamp is shown as given rather than thrown on.
    expect(render({ ...r, created_at: 'yesterday' })).toContain(
      '<time datetime="yesterday">yesterday</time>',
    );
  });
});
