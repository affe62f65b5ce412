/**
 * comparison.html from the hand-built comparison.json fixtures: the sections each mode has, the
 * charts (kind, series, caption and data table for each), the checks and metrics in order, escaping of
 * hostile names, and inconsistent chart data drawn as "nothing to draw" rather than thrown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ComparisonResult } from '../../../src/core/compare/result.js';
import { renderComparisonHtml } from '../../../src/core/report/comparison-html.js';
import { escapeHtml } from '../../../src/core/report/html/index.js';
import { expectBalanced, expectFiniteMarkup } from './html/markup.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/compare-report');

function fixture(name: string): ComparisonResult {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as ComparisonResult;
}

/** Whitespace runs as one space: Prettier lays out the html`` templates. */
const squash = (s: string) => s.replace(/[ \t\r\n]+/g, ' ');

const sectionIds = (page: string) => [...page.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
const chartKinds = (page: string) => [...page.matchAll(/<svg [^>]*data-chart="([^"]+)"/g)].map((m) => m[1]);

/** A section's markup, from its opening tag to the next top-level section. */
function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  const next = page.indexOf('<section id="', start + 1);
  return page.slice(start, next === -1 ? undefined : next);
}

/** The text of each <td> in the table rows of a markup fragment, tags removed. */
function tableRows(fragment: string): string[][] {
  return [...fragment.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) =>
      [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
        squash(c[1].replace(/<[^>]+>/g, '')).trim(),
      ),
    )
    .filter((r) => r.length > 0);
}

const ALL = [
  'binary-paired-fail',
  'multiclass-paired-pass',
  'regression-inconclusive',
  'bootstrap-no-baseline',
  'unpaired-stored-results',
  'shadow-unlabelled',
  'hostile-names',
] as const;

const EXPECTED: Record<(typeof ALL)[number], { sections: string[]; charts: string[] }> = {
  'binary-paired-fail': {
    sections: [
      'verdict',
      'metrics',
      'deltas',
      'tests',
      'curves',
      'confusion',
      'latency',
      'signature',
      'conventions',
    ],
    charts: ['interval-chart', 'line-chart', 'line-chart', 'line-chart', 'matrix-chart', 'matrix-chart'],
  },
  'multiclass-paired-pass': {
    sections: ['verdict', 'metrics', 'deltas', 'tests', 'curves', 'confusion', 'signature', 'conventions'],
    charts: ['interval-chart', 'line-chart', 'matrix-chart', 'matrix-chart'],
  },
  'regression-inconclusive': {
    sections: ['verdict', 'metrics', 'deltas', 'tests', 'errors', 'latency', 'signature', 'conventions'],
    charts: ['interval-chart', 'interval-chart', 'interval-chart', 'histogram-overlay'],
  },
  'bootstrap-no-baseline': { sections: ['verdict', 'metrics', 'tests', 'conventions'], charts: [] },
  'unpaired-stored-results': {
    sections: ['verdict', 'metrics', 'deltas', 'tests', 'conventions'],
    charts: ['interval-chart'],
  },
  'shadow-unlabelled': {
    sections: ['verdict', 'metrics', 'tests', 'signature', 'shadow', 'conventions'],
    charts: [],
  },
  'hostile-names': {
    sections: [
      'verdict',
      'metrics',
      'deltas',
      'tests',
      'curves',
      'confusion',
      'signature',
      'shadow',
      'conventions',
    ],
    charts: ['interval-chart', 'line-chart', 'matrix-chart', 'matrix-chart'],
  },
};

describe('renderComparisonHtml', () => {
  it.each(ALL)('%s: balanced, finite markup with the sections and charts of its mode', (name) => {
    const page = renderComparisonHtml(fixture(name));
    expectBalanced(page);
    expectFiniteMarkup(page);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('http-equiv="Content-Security-Policy"');
    expect(sectionIds(page)).toEqual(EXPECTED[name].sections);
    expect(chartKinds(page)).toEqual(EXPECTED[name].charts);
  });

  it.each(ALL)('%s: every chart has a caption and its data as a table', (name) => {
    const page = renderComparisonHtml(fixture(name));
    const figures = [
      ...page.matchAll(/<figure>([\s\S]*?)<\/figure>\s*(<details class="chart-data">[\s\S]*?<\/details>)?/g),
    ];
    expect(figures).toHaveLength(EXPECTED[name].charts.length);
    for (const [, inner, data] of figures) {
      expect(inner).toMatch(/<figcaption>\s*\S[\s\S]*<\/figcaption>/);
      expect(data, 'a data table after the figure').toMatch(/<table>[\s\S]*<tbody>\s*<tr>/);
    }
  });

  it('binary, paired, failed: the verdict, the checks worst first and the metrics primary first', () => {
    const page = squash(renderComparisonHtml(fixture('binary-paired-fail')));
    expect(page).toContain('<title>mlgate compare — models/candidate.onnx</title>');
    expect(page).toContain(
      'Fail: models/candidate.onnx vs models/production.onnx (paired: both models on the same 569 rows)',
    );
    const verdict = section(page, 'verdict');
    expect(verdict).toMatch(
      /<p class="verdict"> <span class="badge badge-fail">✘\u00a0fail<\/span> roc_auc: the 95% CI/,
    );
    expect(verdict).toContain('the default policy: no regression on the primary metric, margin 0');
    const checks = tableRows(verdict.slice(verdict.indexOf('Checks, worst first')));
    expect(checks.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['✘\u00a0fail', 'roc_auc', '0'],
      ['✔\u00a0pass', 'latency', '1.5'],
      ['✔\u00a0pass', 'signature', '—'],
    ]);
    const metrics = tableRows(section(page, 'metrics'));
    expect(metrics.map((r) => r[0])).toEqual([
      'roc_auc (primary) ↑',
      'accuracy ↑',
      'f1 ↑',
      'average_precision ↑',
      'log_loss ↓',
      'brier_score ↓',
    ]);
    expect(metrics[0].slice(1, 6)).toEqual(['0.9612', '0.9934', '-0.0322', '[-0.0491, -0.0178]', '-3.2%']);
    const tests = tableRows(section(page, 'tests'));
    expect(tests.map((r) => r.slice(0, 3))).toEqual([
      ['McNemar χ², continuity-corrected', 'χ² = 21.44', '3.65e-6'],
      ['McNemar exact binomial', 'min(b, c) = 3 of 34', '7.66e-7'],
      ['DeLong, ΔAUC', 'z = -3.41', '0.00065'],
    ]);
    expect(tests[0][3]).toBe(
      'b = 31 (baseline right, candidate wrong), c = 3 (baseline wrong, candidate right)',
    );
    expect(tableRows(section(page, 'latency'))).toEqual([
      ['p50', '0.412', '0.381', '1.08×'],
      ['p95', '0.655', '0.602', '1.09×'],
    ]);
  });

  it('draws the interval chart with each check’s status and margin band', () => {
    const page = renderComparisonHtml(fixture('hostile-names'));
    const deltas = section(page, 'deltas');
    expect(deltas.match(/<g class="mg-interval mg-fail"/g)).toHaveLength(1);
    expect(deltas.match(/<rect class="mg-margin"/g)).toHaveLength(1);
    expect(deltas).toContain('the shaded band is the non-inferiority margin');
    const data = tableRows(deltas.slice(deltas.indexOf('chart-data')));
    expect(data[0].slice(1)).toEqual(['-0.06', '[-0.11, -0.01]', '0.02', 'fail']);
    expect(data[1].slice(1)).toEqual(['-0.0333', '[-0.0633, -0.0067]', '—', '—']);
  });

  it('overlays both models on ROC (with the diagonal), PR and reliability charts, and tabulates them', () => {
    const page = renderComparisonHtml(fixture('binary-paired-fail'));
    const curves = section(page, 'curves');
    const charts = curves.split('<svg ').slice(1);
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      expect(chart.match(/data-series="(candidate|baseline)"/g)).toEqual([
        'data-series="candidate"',
        'data-series="baseline"',
      ]);
    }
    expect(charts[0]).toContain('class="mg-diagonal"');
    expect(charts[1]).not.toContain('class="mg-diagonal"');
    expect(charts[2]).toContain('class="mg-diagonal"');
    expect(charts[2].match(/<circle /g)?.length).toBe(5 + 4);
    expect(squash(curves)).toContain('ROC, candidate and baseline; dashed: chance. AUC 0.9612 vs 0.9934.');
    expect(squash(curves)).toContain('AP 0.9688 vs 0.9951.');
    // The ROC table is the step at each false-positive rate: the best TPR at or left of it.
    const roc = tableRows(
      curves.slice(curves.indexOf('True positive rate at fixed'), curves.indexOf('Best precision')),
    );
    expect(roc[0]).toEqual(['0', '0', '0.4986']);
    expect(roc[1]).toEqual(['0.1', '0.8599', '0.9888']);
    expect(roc[5]).toEqual(['0.5', '0.9832', '1']);
    expect(roc[10]).toEqual(['1', '1', '1']);
    // PR: the best precision at that recall or higher.
    const pr = tableRows(curves.slice(curves.indexOf('Best precision'), curves.indexOf('Reliability bins')));
    expect(pr[0]).toEqual(['0', '1', '1']);
    expect(pr[9]).toEqual(['0.9', '0.959', '0.9911']);
    const bins = tableRows(curves.slice(curves.indexOf('Reliability bins')));
    expect(bins).toHaveLength(9);
    expect(bins[0]).toEqual(['candidate', '0', '0.031', '0.052', '173']);
    expect(bins[8]).toEqual(['baseline', '9', '0.981', '0.985', '352']);
  });

  it('shows both confusion matrices side by side, each with its counts table', () => {
    const page = renderComparisonHtml(fixture('multiclass-paired-pass'));
    const confusion = section(page, 'confusion');
    expect(confusion).toMatch(
      /<div class="mg-grid">\s*<div class="chart-cell">[\s\S]*<div class="chart-cell">/,
    );
    expect(confusion.match(/data-chart="matrix-chart"/g)).toHaveLength(2);
    expect(confusion).toMatch(/aria-label="candidate: confusion matrix/);
    expect(confusion).toMatch(/aria-label="baseline: confusion matrix/);
    const rows = tableRows(confusion);
    expect(rows).toEqual([
      ['setosa', '50', '0', '0'],
      ['versicolor', '0', '48', '2'],
      ['virginica', '0', '3', '47'],
      ['setosa', '50', '0', '0'],
      ['versicolor', '0', '47', '3'],
      ['virginica', '0', '4', '46'],
    ]);
  });

  it('regression: absolute-error histograms of both on the same bins, as shares', () => {
    const r = fixture('regression-inconclusive');
    const page = renderComparisonHtml(r);
    const errors = section(page, 'errors');
    expect(
      errors.match(/data-series="candidate"[^>]*>(<rect [\s\S]*?)<\/g>/)?.[1].match(/<rect /g),
    ).toHaveLength(20);
    expect(errors).toContain('candidate, (0, 9]: 8.6%');
    const rows = tableRows(errors);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual(['0 – 9', '38', '39']);
    expect(rows[19]).toEqual(['171 – 180', '1', '1']);
    // Three interval charts: rmse and mae; mse; r2 and mape.
    const deltas = section(page, 'deltas');
    expect(
      [...deltas.matchAll(/<text x="[^"]+" y="[^"]+" text-anchor="end">([^<]+)<title>/g)].map((m) => m[1]),
    ).toEqual(['rmse', 'mae', 'mse', 'r2', 'mape']);
    expect(tableRows(section(page, 'tests'))[0].slice(0, 3)).toEqual([
      'Wilcoxon signed-rank on |error|',
      'W = 47,012',
      '0.412',
    ]);
    expect(squash(section(page, 'signature'))).toContain('✘ input X: dtype float32 → float64');
  });

  it('bootstrap mode: no baseline, the candidate alone, no change chart, no paired tests', () => {
    const page = squash(renderComparisonHtml(fixture('bootstrap-no-baseline')));
    expect(page).toContain(
      'Fail: models/first-model.onnx (bootstrap mode: no baseline, value thresholds only)',
    );
    expect(page).toContain('none (bootstrap mode)');
    const metrics = section(page, 'metrics');
    expect(metrics).toContain(
      '<th scope="col" >metric</th><th scope="col" class="num">candidate</th><th scope="col" >note</th>',
    );
    expect(page).toContain('No paired tests: there is no baseline (bootstrap mode).');
    expect(
      tableRows(section(page, 'verdict'))
        .map((r) => r[2])
        .slice(-2),
    ).toEqual(['value threshold', 'value threshold']);
  });

  it('stored results: unpaired, no CIs, no paired tests', () => {
    const page = squash(renderComparisonHtml(fixture('unpaired-stored-results')));
    expect(page).toContain('(unpaired: metrics only, no paired statistics)');
    expect(page).toContain('baseline (stored results)');
    expect(tableRows(section(page, 'metrics'))[0].slice(4, 6)).toEqual(['n/a', '+0.1%']);
    expect(page).toContain(
      'No paired tests: the baseline is stored results (unpaired: metrics only, no paired statistics).',
    );
    expect(page).toContain('with no CI (unpaired)');
  });

  it('shadow mode: agreement, score shift and every top disagreement', () => {
    const r = fixture('shadow-unlabelled');
    const page = squash(renderComparisonHtml(r));
    const shadow = section(page, 'shadow');
    expect(shadow).toContain('5,000 unlabelled rows scored by both models: they agree on 96.2%.');
    expect(shadow).toContain('KS D = 0.0412, p = 8.22e-8.');
    const rows = tableRows(shadow);
    expect(rows.map((x) => x[0])).toEqual(
      r.shadow!.top_disagreements.map((d) => d.row.toLocaleString('en-US')),
    );
    expect(rows[1]).toEqual(['77', '0.064', '0.873', '-0.809']);
    expect(page).toContain('No metrics were compared.');
  });

  it('escapes every hostile name: model paths, metric, class and column names, notes, disagreements', () => {
    const r = fixture('hostile-names');
    const page = renderComparisonHtml(r, { title: `Report for ${r.candidate.path}` });
    expectBalanced(page);
    // No element or attribute from the data: the page has no script, image or event handler at all.
    expect(page).not.toMatch(/<script|<img|<b[ >]|\son(error|mouseover)="/i);
    expect(page).toContain('onerror=&quot;window.__mlgatePwned=2&quot;');
    const escapedPath = escapeHtml(r.candidate.path);
    expect(page).toContain(`<title>Report for ${escapedPath}</title>`);
    expect(page).toContain(`<h1>Report for ${escapedPath}</h1>`);
    const labels = r.charts.confusion!.labels;
    for (const l of labels) {
      expect(page).toContain(`<title>${escapeHtml(l)}</title>`);
      expect(page).toContain(`<strong>${escapeHtml(l)}</strong>`);
    }
    expect(page).toContain(`<code>${escapeHtml(r.primary_metric)}</code>`);
    expect(page).toContain(escapeHtml(r.tests.mcnemar!.note!));
    expect(page).toContain(escapeHtml(r.signature!.breaking[0]));
    expect(page).toContain(`<code>${escapeHtml(String(r.shadow!.top_disagreements[0].candidate))}</code>`);
    expect(page).toContain(escapeHtml((r.baseline as { path: string }).path));
  });

  it('draws nothing rather than throwing when chart data are inconsistent', () => {
    const r = fixture('binary-paired-fail');
    r.charts.confusion!.baseline = [[1, 2]];
    r.charts.roc!.candidate = [
      [0, 0],
      [Number.NaN, 0.5],
      [1, 1],
    ];
    const page = renderComparisonHtml(r);
    expectBalanced(page);
    expectFiniteMarkup(page);
    expect(page).toContain("The baseline's matrix does not match its 2 class labels; nothing to draw.");
    expect(chartKinds(page).filter((k) => k === 'matrix-chart')).toHaveLength(1);
    const reg = fixture('regression-inconclusive');
    reg.charts.errors!.edges = [0, 1, 2];
    const regPage = renderComparisonHtml(reg);
    expectBalanced(regPage);
    expect(regPage).toContain('Nothing to draw: the histogram bins are inconsistent.');
  });

  it('writes a created_at that is not a date as given, and no NaN', () => {
    const r = fixture('multiclass-paired-pass');
    r.created_at = 'yesterday';
    const page = renderComparisonHtml(r);
    expect(page).toContain('<time datetime="yesterday">yesterday</time>');
  });
});
