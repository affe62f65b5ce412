/**
 * comparison.md from the hand-built comparison.json fixtures (test/fixtures/compare-report): what each
 * mode says, the order of sections and rows, escaping of hostile names, the Mermaid charts, and the
 * limits (the output fits, ends with the pointer, and no table row or fence is ever cut).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ComparedMetric, ComparisonResult } from '../../../src/core/compare/result.js';
import {
  COMMENT_LIMIT,
  renderComparisonMarkdown,
  scaleGroups,
  SUMMARY_LIMIT,
} from '../../../src/core/report/comparison-markdown.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/compare-report');

function fixture(name: string): ComparisonResult {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as ComparisonResult;
}

const NAMES = [
  'binary-paired-fail',
  'multiclass-paired-pass',
  'regression-inconclusive',
  'bootstrap-no-baseline',
  'unpaired-stored-results',
  'shadow-unlabelled',
  'hostile-names',
] as const;

const md = (r: ComparisonResult, limit = COMMENT_LIMIT) => renderComparisonMarkdown(r, { limit });

/** Cells of a GFM table row: split on pipes that no backslash escapes (cmark-gfm's rule). */
function cells(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

interface Table {
  header: string[];
  rows: string[][];
  start: number;
}

/**
 * Reads the Markdown as GitHub would at the block level and fails on anything broken: fences closed,
 * every table with a delimiter row, every row with the header's number of cells, and a blank line (or
 * the end) after each table, since a text line right after a table would become one of its rows.
 */
function wellFormed(text: string): { tables: Table[]; fences: string[][] } {
  const lines = text.split('\n');
  const tables: Table[] = [];
  const fences: string[][] = [];
  let fence: string[] | null = null;
  let table: Table | null = null;
  lines.forEach((line, i) => {
    if (fence) {
      if (/^```\s*$/.test(line)) {
        fences.push(fence);
        fence = null;
      } else fence.push(line);
      return;
    }
    if (/^```/.test(line)) {
      expect(table, `line ${i + 1}: a fence right after a table`).toBeNull();
      fence = [line];
      return;
    }
    if (line.startsWith('|')) {
      if (!table) {
        table = { header: cells(line), rows: [], start: i };
        const delimiter = lines[i + 1] ?? '';
        expect(delimiter, `line ${i + 2}: delimiter row`).toMatch(/^\|( *:?-{3,}:? *\|)+$/);
        expect(cells(delimiter)).toHaveLength(table.header.length);
        expect(i === 0 || lines[i - 1] === '', `line ${i + 1}: a table starts after a blank line`).toBe(true);
        tables.push(table);
      } else if (i !== table.start + 1) {
        expect(cells(line), `line ${i + 1}: ${line.slice(0, 80)}`).toHaveLength(table.header.length);
        expect(line.endsWith(' |'), `line ${i + 1} ends its row`).toBe(true);
        table.rows.push(cells(line));
      }
      return;
    }
    if (table) {
      expect(line, `line ${i + 1}: the line after a table must be blank`).toBe('');
      table = null;
    }
  });
  expect(fence, 'every fence is closed').toBeNull();
  return { tables, fences };
}

function tableAfter(text: string, heading: string): Table {
  const at = text.indexOf(heading);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const { tables } = wellFormed(text);
  const line = text.slice(0, at).split('\n').length - 1;
  const t = tables.find((x) => x.start > line);
  if (!t) throw new Error(`no table after ${heading}`);
  return t;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('renderComparisonMarkdown: content and order', () => {
  it.each(NAMES)('%s: is well-formed GitHub Markdown and fits a comment', (name) => {
    const out = md(fixture(name));
    wellFormed(out);
    expect(bytes(out)).toBeLessThan(COMMENT_LIMIT);
    expect(out).not.toContain('cut to fit');
    expect(out).not.toMatch(/NaN|Infinity|undefined|\[object/);
  });

  it('binary, paired, failed: verdict heading, checks worst first, the primary metric first, the tests', () => {
    const out = md(fixture('binary-paired-fail'));
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      '## mlgate compare: ❌ fail — models/candidate.onnx vs models/production.onnx (paired: both models on the same 569 rows)',
    );
    expect(out).toContain(
      '**Why:** roc\\_auc: the 95% CI of the change \\[-0.0491, -0.0178\\] is wholly below',
    );
    const checks = tableAfter(out, '### Checks');
    expect(checks.header).toEqual(['', 'metric', 'rule', 'threshold', 'why']);
    expect(checks.rows.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['❌', 'roc\\_auc', '0'],
      ['✅', 'latency', '1.5'],
      ['✅', 'signature', '—'],
    ]);
    const metrics = tableAfter(out, '### Metrics');
    expect(metrics.header).toEqual(['metric', 'candidate', 'baseline', 'Δ', '95% CI of Δ', 'relative Δ']);
    expect(metrics.rows[0]).toEqual([
      '**roc\\_auc** (primary) ↑',
      '0.9612',
      '0.9934',
      '-0.0322',
      '[-0.0491, -0.0178]',
      '-3.2%',
    ]);
    expect(metrics.rows.map((r) => r[0])).toEqual([
      '**roc\\_auc** (primary) ↑',
      'accuracy ↑',
      'f1 ↑',
      'average\\_precision ↑',
      'log\\_loss ↓',
      'brier\\_score ↓',
    ]);
    expect(metrics.rows[4].slice(3)).toEqual(['+0.1403', '[+0.0988, +0.1851]', '+153.8%']);
    const tests = tableAfter(out, '### Paired tests');
    expect(tests.rows).toEqual([
      [
        'McNemar χ², continuity-corrected',
        'χ² = 21.44',
        '3.65e-6',
        'b = 31 (baseline right, candidate wrong), c = 3 (baseline wrong, candidate right)',
      ],
      ['McNemar exact binomial', 'min(b, c) = 3 of 34', '7.66e-7', 'two-sided, at 0.5'],
      [
        'DeLong, ΔAUC',
        'z = -3.41',
        '0.00065',
        'ΔAUC -0.0322, 95% CI [-0.0507, -0.0137]; AUC 0.9612 vs 0.9934',
      ],
    ]);
    const latency = tableAfter(out, '### Latency');
    expect(latency.rows).toEqual([
      ['p50', '0.412', '0.381', '1.08×'],
      ['p95', '0.655', '0.602', '1.09×'],
    ]);
    expect(out).toContain("Policy: at most 1.5× the baseline's latency.");
    expect(out).toContain(
      'Compatible changes (2):\n\n- output probabilities: shape \\[N, 2\\] → \\[-1, 2\\]',
    );
    // Sections in the order a reviewer reads them; conventions last.
    const order = [
      '### Checks',
      '### Metrics',
      '### Change per metric',
      '### Paired tests',
      '### Latency',
      '### Signature',
      '<sub>Conventions:',
    ];
    const at = order.map((h) => out.indexOf(h));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(out).toContain(
      'paired percentile bootstrap (both models on the same resampled rows), 1,000 resamples, seed 42, level 95%; McNemar b = baseline right & candidate wrong',
    );
  });

  it('draws Δ per metric as an xychart-beta bar chart on an axis that spans zero and every CI end', () => {
    const out = md(fixture('binary-paired-fail'));
    const { fences } = wellFormed(out);
    expect(fences).toHaveLength(1);
    const chart = fences[0].join('\n');
    expect(fences[0][0]).toBe('```mermaid');
    expect(fences[0][1]).toBe('xychart-beta');
    const labels = /x-axis \[(.*)\]/.exec(chart)![1];
    expect(labels).toBe('"roc_auc", "accuracy", "f1", "average_precision", "log_loss", "brier_score"');
    const bars = /bar \[(.*)\]/.exec(chart)![1].split(', ').map(Number);
    expect(bars).toEqual([-0.0322, -0.0492, -0.0392, -0.0263, 0.1403, 0.0411]);
    expect(/line \[(.*)\]/.exec(chart)![1]).toBe('0, 0, 0, 0, 0, 0');
    const [, lo, hi] = /y-axis "[^"]*" (\S+) --> (\S+)/.exec(chart)!.map(Number);
    expect(lo).toBeLessThan(-0.0685);
    expect(hi).toBeGreaterThan(0.1851);
    // xychart's lexer takes no exponents: every number is plain decimal.
    for (const n of chart.match(/-?[\d.]+(e[-+]?\d+)?/gi) ?? []) expect(n).not.toMatch(/e/i);
    expect(out).toContain('95% CI of Δ: roc\\_auc -0.0322 [-0.0491, -0.0178] · accuracy');
  });

  it('puts metrics of very different sizes on separate charts, the primary metric’s first', () => {
    const out = md(fixture('regression-inconclusive'));
    const { fences } = wellFormed(out);
    const axes = fences.map((f) => /x-axis \[(.*)\]/.exec(f.join('\n'))![1]);
    expect(axes).toEqual(['"rmse", "mae"', '"mse"', '"r2", "mape"']);
    expect(out.split('\n')[0]).toBe(
      '## mlgate compare: ⚠️ inconclusive — models/diabetes-gbr.onnx vs models/diabetes-ridge.onnx (paired: both models on the same 442 rows)',
    );
    expect(tableAfter(out, '### Paired tests').rows).toEqual([
      [
        'Wilcoxon signed-rank on \\|error\\|',
        'W = 47,012',
        '0.412',
        "candidate's vs baseline's absolute errors; n = 442, 0 zero differences, approx",
      ],
    ]);
    expect(out).toContain('**Breaking changes (1)** — policy: warn\n\n- ❌ input X: dtype float32 → float64');
    expect(out).toContain('| p50 | 0.95 | 0.21 | 4.52× |');
  });

  it('multiclass against a registry version: the version, the pass, the McNemar note', () => {
    const out = md(fixture('multiclass-paired-pass'));
    expect(out.split('\n')[0]).toBe(
      '## mlgate compare: ✅ pass — models/iris-candidate.onnx vs iris\\#production (iris@\u2060v1.3.0) (paired: both models on the same 150 rows)',
    );
    expect(out).toContain(
      'baseline version 1.3.0 (.mlgate/cache/iris/1.3.0/model.onnx), sha256 222222222222…',
    );
    expect(out).toContain('McNemar: b + c = 4 &lt; 25: prefer the exact p-value');
    expect(out).toContain('### Signature\n\nSame inputs, outputs and classes.');
    expect(tableAfter(out, '### Metrics').rows[0][0]).toBe('**accuracy** (primary) ↑');
  });

  it('bootstrap mode: says there is no baseline, shows the candidate alone, draws no chart', () => {
    const out = md(fixture('bootstrap-no-baseline'));
    expect(out.split('\n')[0]).toBe(
      '## mlgate compare: ❌ fail — models/first-model.onnx (bootstrap mode: no baseline, value thresholds only)',
    );
    const metrics = tableAfter(out, '### Metrics');
    expect(metrics.header).toEqual(['metric', 'candidate', 'note']);
    expect(metrics.rows[0]).toEqual(['**roc\\_auc** (primary) ↑', '0.9934', 'no baseline (bootstrap mode)']);
    expect(tableAfter(out, '### Checks').rows.map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['❌', 'accuracy', 'value threshold', '0.98'],
      ['✅', 'roc\\_auc', 'value threshold', '0.95'],
    ]);
    expect(out).not.toContain('```mermaid');
    expect(out).toContain('No paired tests: no baseline (bootstrap mode).');
    expect(out).toContain('no bootstrap CIs (no paired rows)');
  });

  it('stored results: unpaired, Δ without an interval, no paired tests', () => {
    const out = md(fixture('unpaired-stored-results'));
    expect(out.split('\n')[0]).toBe(
      '## mlgate compare: ⚠️ inconclusive — models/candidate.onnx vs stored results baselines/production-evaluation.json (unpaired: metrics only, no paired statistics)',
    );
    const metrics = tableAfter(out, '### Metrics');
    expect(metrics.rows[0].slice(0, 6)).toEqual([
      '**roc\\_auc** (primary) ↑',
      '0.9934',
      '0.9921',
      '+0.0013',
      'n/a',
      '+0.1%',
    ]);
    expect(out).toContain('Unpaired: no interval of the change.');
    expect(out).toContain('No paired tests: the baseline is stored results (unpaired).');
    expect(out).toContain('roc\\_auc +0.0013 (no CI)');
  });

  it('shadow mode: agreement, the score shift and at most ten disagreeing rows, in the given order', () => {
    const r = fixture('shadow-unlabelled');
    expect(r.shadow!.top_disagreements.length).toBeGreaterThan(10);
    const out = md(r);
    expect(out.split('\n')[0]).toContain('(shadow mode: unlabelled data, agreement only)');
    expect(out).toContain(
      '5,000 unlabelled rows scored by both: agreement 96.2%; score distributions: KS D = 0.0412, p = 8.22e-8.',
    );
    const top = tableAfter(out, 'Rows where they disagree most');
    expect(top.header).toEqual(['row', 'candidate', 'baseline', 'difference']);
    expect(top.rows.map((x) => x[0])).toEqual(
      r.shadow!.top_disagreements.slice(0, 10).map((d) => d.row.toLocaleString('en-US')),
    );
    expect(top.rows[1]).toEqual(['77', '0.064', '0.873', '-0.809']);
    expect(out).toContain('No paired tests: the data are unlabelled.');
    expect(out).toContain('### Metrics\n\nNo metrics were compared.');
  });

  it('writes the sticky comment marker as the first line', () => {
    const r = fixture('multiclass-paired-pass');
    expect(
      renderComparisonMarkdown(r, { limit: COMMENT_LIMIT, marker: 'mlgate:compare:iris' }).split('\n')[0],
    ).toBe('<!-- mlgate:compare:iris -->');
    expect(
      renderComparisonMarkdown(r, { limit: COMMENT_LIMIT, marker: '<!-- mlgate-sticky iris -->' }).split(
        '\n',
      )[0],
    ).toBe('<!-- mlgate-sticky iris -->');
    for (const bad of ['a --> b', 'two\nlines', '<!-- x --> -->', '']) {
      expect(() => renderComparisonMarkdown(r, { limit: COMMENT_LIMIT, marker: bad })).toThrow(RangeError);
    }
  });
});

describe('renderComparisonMarkdown: escaping', () => {
  const r = fixture('hostile-names');
  const out = md(r);

  it('leaves no markup, HTML, mention, link or line break of a name active', () => {
    wellFormed(out);
    const outsideFences = out.replace(/```mermaid[\s\S]*?```/g, '');
    expect(outsideFences).not.toMatch(/<(script|img|b|\/title)\b/i);
    expect(out).not.toMatch(/<(?!\/?sub>)/);
    // Backticks and emphasis characters are escaped (no code span or emphasis can open): the only
    // unescaped asterisks are the report's own bold (Why, the primary metric, Breaking changes).
    expect(outsideFences).not.toMatch(/(?<!\\)`/);
    expect(outsideFences.match(/(?<!\\)\*/g)).toHaveLength(12);
    expect(out).not.toMatch(/@octocat|https:\/\/|www\.evil/);
    expect(out).toContain('@\u2060octocat');
    // The names' line breaks never start a line of their own (no heading, no fence, no list item).
    expect(out).not.toMatch(/^(#+ not a heading|line2|break)/m);
    expect(out.split('\n').filter((l) => l.startsWith('```'))).toEqual(['```mermaid', '```']);
  });

  it('keeps every hostile table row whole, with the header’s number of cells', () => {
    const metrics = tableAfter(out, '### Metrics');
    expect(metrics.rows).toHaveLength(3);
    expect(metrics.rows[0][0]).toContain('\\|pipe\\|');
    expect(metrics.rows[0][0]).toContain('&lt;script&gt;window.\\_\\_mlgatePwned=1&lt;/script&gt;');
    expect(metrics.rows[0][6]).toBe(
      'class &lt;b onmouseover="window.\\_\\_mlgatePwned=3"&gt;cat&lt;/b&gt;\\|a',
    );
    expect(metrics.rows[2][0]).toBe('fence \\`\\`\\` \\#\\# not a heading ↓');
    const top = tableAfter(out, 'Rows where they disagree most');
    expect(top.rows[0]).toEqual([
      '3',
      '&lt;b onmouseover="window.\\_\\_mlgatePwned=3"&gt;cat&lt;/b&gt;\\|a',
      'line break \\`x\\` Ωmega',
      '0.7',
    ]);
    const checks = tableAfter(out, '### Checks');
    expect(checks.rows.map((x) => x[0])).toEqual(['❌', '⚠️']);
  });

  it('writes Mermaid labels that cannot end their string, line or fence', () => {
    const { fences } = wellFormed(out);
    const axis = fences[0].find((l) => l.includes('x-axis'))!;
    const labels = /x-axis \[(.*)\]$/.exec(axis)![1];
    const quoted = labels.match(/"[^"]*"/g)!;
    expect(quoted).toHaveLength(3);
    expect(labels.replace(/"[^"]*"/g, '').replace(/[ ,]/g, '')).toBe('');
    for (const q of quoted) {
      expect(q).not.toMatch(/[`<>&\\\n]/);
      expect(Array.from(q.slice(1, -1)).length).toBeLessThanOrEqual(30);
    }
  });
});

/** A result far past the limits: many metrics, signature notes and breaking changes. */
function huge(o: {
  metrics?: number;
  compatible?: number;
  breaking?: number;
  disagreements?: number;
}): ComparisonResult {
  const r = fixture('hostile-names');
  const metric = (i: number): ComparedMetric => ({
    candidate: 0.5 + i / 1e5,
    baseline: 0.5,
    delta: i / 1e5,
    ci95: [i / 1e5 - 0.01, i / 1e5 + 0.01],
    relative_delta: i / 5e4,
    higher_is_better: true,
  });
  for (let i = 0; i < (o.metrics ?? 0); i++)
    r.metrics[`recall@class <${i}> | \`x\` with a long name ${'·'.repeat(20)}`] = metric(i);
  r.signature = {
    breaking: Array.from(
      { length: o.breaking ?? 1 },
      (_, i) => `classes: <c${i}>|\`${i}\` removed ${'—'.repeat(30)}`,
    ),
    compatible: Array.from(
      { length: o.compatible ?? 2 },
      (_, i) => `input f${i}: shape [1, ${i}] → [-1, ${i}] ${'…'.repeat(30)}`,
    ),
  };
  r.shadow!.top_disagreements = Array.from({ length: o.disagreements ?? 10 }, (_, i) => ({
    row: i + 1,
    candidate: `class ${'x'.repeat(150)} ${i}`,
    baseline: `class ${'y'.repeat(150)} ${i}`,
    difference: 1 - i / 100,
  }));
  return r;
}

const POINTER = "… cut to fit GitHub's limit: the full report is the mlgate-comparison artifact";

function cut(r: ComparisonResult, limit: number): string {
  return renderComparisonMarkdown(r, {
    limit,
    artifactHint: 'the mlgate-comparison artifact',
    marker: 'mlgate:compare',
  });
}

describe('renderComparisonMarkdown: limits', () => {
  it('returns the whole text when it fits', () => {
    const r = fixture('binary-paired-fail');
    const whole = md(r, SUMMARY_LIMIT);
    expect(md(r, bytes(whole))).toBe(whole);
    expect(md(r, bytes(whole) - 1)).toContain('cut to fit');
  });

  it('drops the top disagreements first, then compatible signature notes, keeping every metric', () => {
    const r = huge({ compatible: 700 });
    const full = cut(r, 10 * SUMMARY_LIMIT);
    expect(bytes(full)).toBeGreaterThan(COMMENT_LIMIT);
    const out = cut(r, COMMENT_LIMIT);
    expect(bytes(out)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out.endsWith(POINTER)).toBe(true);
    wellFormed(out);
    expect(out).not.toContain('Rows where they disagree most');
    expect(out).toContain('_The top disagreements were left out to fit; the full report has them._');
    expect(out).toMatch(/_\d+ more compatible signature changes left out to fit\._/);
    const shown = out.split('\n').filter((l) => l.startsWith('- input f')).length;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(700);
    // The kept notes are the first ones, in order.
    expect(out).toContain(`- input f${shown - 1}: `);
    expect(out).not.toContain(`- input f${shown}: `);
    expect(tableAfter(out, '### Metrics').rows).toHaveLength(3);
    expect(out).toContain('**Breaking changes (1)**');
  });

  it('then non-primary metric rows, from the end: the primary metric stays', () => {
    const r = huge({ metrics: 3000, compatible: 50 });
    const out = cut(r, COMMENT_LIMIT);
    expect(bytes(out)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out.endsWith(POINTER)).toBe(true);
    wellFormed(out);
    expect(out).toContain('_50 compatible signature changes left out to fit; the full report has them._');
    expect(out).not.toContain('- input f0');
    const rows = tableAfter(out, '### Metrics').rows;
    expect(rows[0][0]).toMatch(/^\*\*recall@/);
    expect(rows[1][0]).toBe('accuracy ↑');
    expect(rows.length).toBeGreaterThan(50);
    expect(out).toContain(
      `_${(3002 - (rows.length - 1)).toLocaleString('en-US')} of the 3,002 other metrics left out to fit; the full report has them._`,
    );
    // What is not droppable detail is still there: the checks, the tests, the breaking change, the conventions.
    expect(out).toContain('### Checks');
    expect(out).toContain('McNemar exact binomial');
    expect(out).toContain('- ❌ classes: &lt;c0&gt;');
    expect(out).toContain('<sub>Conventions:');
  });

  it('cuts at whole blocks when the rest still does not fit, never leaving a heading alone', () => {
    const r = huge({ breaking: 3000 });
    const out = cut(r, COMMENT_LIMIT);
    expect(bytes(out)).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(out.endsWith(POINTER)).toBe(true);
    wellFormed(out);
    const kept = out.split('\n').filter((l) => l.startsWith('- ❌ classes:'));
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(3000);
    expect(out).not.toContain('<sub>Conventions:');
    expect(out.split('\n')[0]).toBe('<!-- mlgate:compare -->');
  });

  it('fits the job summary in bytes', () => {
    const r = huge({ metrics: 12_000, compatible: 2000, breaking: 10 });
    const out = cut(r, SUMMARY_LIMIT);
    expect(bytes(out)).toBeLessThanOrEqual(SUMMARY_LIMIT);
    expect(bytes(out)).toBeGreaterThan(SUMMARY_LIMIT - 4096);
    expect(out.endsWith(POINTER)).toBe(true);
    wellFormed(out);
  });

  it('holds for every limit from a few kilobytes up: within it, well-formed, with the pointer', () => {
    const r = huge({ metrics: 300, compatible: 200, breaking: 40 });
    for (let limit = 4000; limit <= 90_000; limit += 1733) {
      const out = cut(r, limit);
      expect(bytes(out), `limit ${limit}`).toBeLessThanOrEqual(limit);
      expect(out.endsWith(POINTER), `limit ${limit}`).toBe(true);
      expect(out.startsWith('<!-- mlgate:compare -->\n## mlgate compare: ❌ fail')).toBe(true);
      wellFormed(out);
    }
  });

  it('refuses a limit that cannot hold the verdict and the pointer', () => {
    expect(() => cut(fixture('binary-paired-fail'), 200)).toThrow(/cannot hold the verdict/);
  });
});

describe('scaleGroups', () => {
  it('groups values within a factor of 20, biggest first, keeping input order inside and putting zeros with the first group', () => {
    const groups = scaleGroups([0.5, 150, 0.01, 0, 2, 0.02], (x) => x);
    expect(groups).toEqual([[0.5, 0, 2], [150], [0.01, 0.02]]);
    expect(scaleGroups([], (x: number) => x)).toEqual([]);
    expect(scaleGroups([0, 0], (x) => x)).toEqual([[0, 0]]);
  });
});
