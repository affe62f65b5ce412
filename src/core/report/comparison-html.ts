/**
 * comparison.html: the candidate against its baseline as one self-contained page (the HTML
 * foundation's shell and CSP), uploaded as a workflow artifact. The verdict and the checks, the metrics
 * with the change of each and its paired CI drawn as intervals, the paired tests, ROC, precision–recall
 * and reliability overlays of both models, both confusion matrices side by side, the absolute-error
 * histograms (regression), latency, signature changes, shadow mode and the conventions. Every chart has
 * a caption and its data as a table. Every string from users' files goes through the html tag.
 */
import type {
  BaselineSource,
  ComparedMetric,
  ComparisonCharts,
  ComparisonResult,
  ComparisonVerdict,
  PolicyCheck,
} from '../compare/result.js';
import {
  finite,
  interval,
  levelPercent,
  num,
  relative,
  RULE_WORDS,
  signed,
  VERDICT_RANK,
} from './comparison-format.js';
import { modeWords, orderedMetrics, scaleGroups } from './comparison-markdown.js';
import { formatCount } from './format-number.js';
import {
  badge,
  chartGrid,
  figure,
  formatPercent,
  histogramOverlay,
  html,
  htmlTable,
  intervalChart,
  joinHtml,
  lineChart,
  matrixChart,
  renderHtmlPage,
  type HtmlSection,
  type IntervalRow,
  type SafeHtml,
  type TableCell,
} from './html/index.js';

export interface ComparisonHtmlOptions {
  /** The page's title; by default "mlgate compare — <candidate path>". */
  title?: string;
}

/** Points of the ROC and PR data tables (the curves themselves are drawn from every point). */
const CURVE_GRID = 11;
/** Rows per interval chart (26 px each). */
const MAX_INTERVAL_ROWS = 40;

export function renderComparisonHtml(result: ComparisonResult, options: ComparisonHtmlOptions = {}): string {
  const charts = result.charts ?? {};
  const sections: HtmlSection[] = [
    verdictSection(result),
    metricsSection(result),
    ...(result.baseline.kind === 'none' || Object.keys(result.metrics).length === 0
      ? []
      : [deltasSection(result)]),
    testsSection(result),
    ...curveSections(result, charts),
    ...(charts.confusion ? [confusionSection(charts.confusion)] : []),
    ...(charts.errors ? [errorsSection(charts.errors)] : []),
    ...(result.latency ? [latencySection(result)] : []),
    ...(result.signature ? [signatureSection(result)] : []),
    ...(result.shadow ? [shadowSection(result)] : []),
    conventionsSection(result),
  ];
  const created = new Date(result.created_at);
  return renderHtmlPage({
    title: options.title ?? `mlgate compare — ${label(result.candidate.path)}`,
    subtitle: `${verdictWord(result.verdict)}: ${label(result.candidate.path)}${result.baseline.kind === 'none' ? '' : ` vs ${baselineText(result.baseline)}`} (${modeWords(result)})`,
    sections,
    generatedAt: Number.isFinite(created.getTime()) ? created : String(result.created_at ?? ''),
    footer: 'mlgate comparison report. comparison.json, next to this file, holds every number shown here.',
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

/** An empty name would leave an empty cell or heading. */
function label(s: string): string {
  return s === '' ? '(empty name)' : s;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Where the policy came from and what it holds, in a clause. */
function policyWords(result: ComparisonResult): string {
  const p = result.policy;
  const rules =
    p.rules.length === 0
      ? p.source === 'default'
        ? 'the default policy: no regression on the primary metric, margin 0'
        : `policy from ${p.source}, no metric rules`
      : `policy from ${p.source}, ${formatCount(p.rules.length)} metric ${p.rules.length === 1 ? 'rule' : 'rules'}`;
  const latency =
    p.max_latency_ratio === null ? '' : `, latency at most ${num(p.max_latency_ratio, 3)}× the baseline's`;
  return `${rules}; breaking signature changes ${p.signature === 'fail' ? 'fail' : 'warn'}${latency}`;
}

function verdictWord(v: ComparisonVerdict): string {
  return v === 'pass' ? 'Pass' : v === 'fail' ? 'Fail' : 'Inconclusive';
}

const BADGE_WORDS: Record<ComparisonVerdict, string> = {
  pass: '✔\u00a0pass',
  fail: '✘\u00a0fail',
  inconclusive: '?\u00a0inconclusive',
};

/** A verdict pill that does not wrap inside a narrow table cell (no-break spaces: the CSP allows no style). */
function statusBadge(status: ComparisonVerdict): SafeHtml {
  const s = VERDICT_RANK[status] === undefined ? 'inconclusive' : status;
  return badge(s, BADGE_WORDS[s]);
}

function baselineText(b: BaselineSource): string {
  switch (b.kind) {
    case 'model':
      return label(b.path);
    case 'registry':
      return `${label(b.ref)} (${b.tag})`;
    case 'results':
      return `stored results ${label(b.path)}`;
    case 'none':
      return 'no baseline';
  }
}

/** A chart's data as a table, collapsed under the chart (the chart's text fallback). */
function dataTable(summary: string, table: SafeHtml): SafeHtml {
  return html`<details class="chart-data">
    <summary>${summary}</summary>
    ${table}
  </details>`;
}

// ---------------------------------------------------------------------------------------------------
// Sections

function verdictSection(result: ComparisonResult): HtmlSection {
  const b = result.baseline;
  const rows: TableCell[][] = [
    [
      'candidate',
      html`<code>${label(result.candidate.path)}</code>`,
      html`<code>${result.candidate.sha256}</code>`,
    ],
  ];
  if (b.kind === 'model')
    rows.push(['baseline (model file)', html`<code>${label(b.path)}</code>`, html`<code>${b.sha256}</code>`]);
  if (b.kind === 'registry') {
    rows.push([
      'baseline (registry)',
      html`<code>${label(b.ref)}</code> → <code>${b.tag}</code> (version ${b.version}),
        <code>${label(b.path)}</code>`,
      html`<code>${b.sha256}</code>`,
    ]);
  }
  if (b.kind === 'results')
    rows.push([
      'baseline (stored results)',
      html`<code>${label(b.path)}</code>`,
      html`<code>${b.sha256}</code>`,
    ]);
  if (b.kind === 'none') rows.push(['baseline', 'none (bootstrap mode)', null]);
  rows.push([
    'data',
    html`<code>${label(result.data.path)}</code>, ${formatCount(result.rows)}
      rows${result.data.labelled ? '' : ' (unlabelled)'}`,
    null,
  ]);
  const models = htmlTable({ columns: ['', 'what', 'sha256'], rows });
  const ordered = result.checks
    .map((c, i) => ({ c, i }))
    .sort((x, y) => (VERDICT_RANK[x.c.status] ?? 1) - (VERDICT_RANK[y.c.status] ?? 1) || x.i - y.i)
    .map((x) => x.c);
  const checks = ordered.length
    ? htmlTable({
        caption: 'Checks, worst first',
        columns: ['', 'metric', 'rule', { label: 'threshold', numeric: true }, 'why'],
        rows: ordered.map((c: PolicyCheck) => [
          statusBadge(c.status),
          label(c.metric),
          RULE_WORDS[c.rule] ?? String(c.rule),
          c.threshold === null ? null : num(c.threshold),
          c.reason,
        ]),
      })
    : html`<p>No checks ran: the verdict has nothing against it.</p>`;
  const body = html`<p class="verdict">
      ${statusBadge(result.verdict)}
      ${result.reasons.length ? result.reasons[0] : 'No check failed or was inconclusive.'}
    </p>
    <p>
      ${capitalised(modeWords(result))}. Task ${result.task}; primary metric
      <code>${label(result.primary_metric)}</code>; ${policyWords(result)}.
    </p>
    ${models} ${checks}`;
  return { id: 'verdict', title: 'Verdict', body };
}

function metricsSection(result: ComparisonResult): HtmlSection {
  const entries = orderedMetrics(result);
  const none = result.baseline.kind === 'none';
  const nameCell = (n: string, m: ComparedMetric) =>
    html`<code>${label(n)}</code>${n === result.primary_metric ? html` <strong>(primary)</strong>` : ''}
      <span class="muted">${m.higher_is_better ? '↑' : '↓'}</span>`;
  const table = entries.length
    ? htmlTable({
        columns: none
          ? ['metric', { label: 'candidate', numeric: true }, 'note']
          : [
              'metric',
              { label: 'candidate', numeric: true },
              { label: 'baseline', numeric: true },
              { label: 'Δ', numeric: true },
              { label: `${levelPercent(result)} CI of Δ`, numeric: true },
              { label: 'relative Δ', numeric: true },
              'note',
            ],
        rows: entries.map(([n, m]) =>
          none
            ? [nameCell(n, m), num(m.candidate), m.note ?? '']
            : [
                nameCell(n, m),
                num(m.candidate),
                num(m.baseline),
                signed(m.delta),
                interval(m.ci95),
                relative(m.relative_delta),
                m.note ?? '',
              ],
        ),
      })
    : html`<p>No metrics were compared.</p>`;
  return {
    id: 'metrics',
    title: 'Metrics',
    body: table,
    howToRead: none
      ? 'Bootstrap mode: there is no baseline, so each metric is the candidate alone, judged by value thresholds. ↑: higher is better; ↓: lower is better.'
      : `Δ is candidate − baseline and relative Δ is Δ ÷ |baseline|. ${result.bootstrap ? `The CI is the paired percentile bootstrap interval of Δ: both models on the same resampled rows.` : 'Unpaired: there is no interval of Δ.'} ↑: higher is better; ↓: lower is better. The primary metric comes first.`,
  };
}

function deltasSection(result: ComparisonResult): HtmlSection {
  const margins = new Map<string, number>();
  for (const r of result.policy.rules) if (finite(r.margin)) margins.set(r.metric, r.margin);
  const statusOf = new Map<string, ComparisonVerdict>();
  for (const c of result.checks) {
    if (c.rule !== 'non_inferiority') continue;
    const was = statusOf.get(c.metric);
    if (was === undefined || (VERDICT_RANK[c.status] ?? 1) < VERDICT_RANK[was])
      statusOf.set(c.metric, c.status);
  }
  const rows = orderedMetrics(result)
    .filter(([, m]) => finite(m.delta))
    .map(([n, m]): IntervalRow => ({
      label: label(n),
      value: m.delta,
      lo: m.ci95?.[0] ?? null,
      hi: m.ci95?.[1] ?? null,
      better: m.higher_is_better ? 'higher' : 'lower',
      margin: margins.get(n),
      status: statusOf.get(n),
    }));
  if (!rows.length) {
    return { id: 'deltas', title: 'Change per metric', body: html`<p>No metric has a change to draw.</p>` };
  }
  const groups = scaleGroups(rows, (r) =>
    Math.max(Math.abs(r.value ?? 0), Math.abs(r.lo ?? 0), Math.abs(r.hi ?? 0), r.margin ?? 0),
  );
  const level = levelPercent(result);
  const figures = groups.map((g, k) => {
    const shown = g.slice(0, MAX_INTERVAL_ROWS);
    const chart = intervalChart({
      rows: shown,
      // Wider than the default 640: the names and the figures beside the plot take 400 px of it.
      width: 860,
      xLabel: 'candidate − baseline',
      title:
        groups.length > 1 ? `Change per metric (${k + 1} of ${groups.length}, by size)` : 'Change per metric',
    });
    const caption = `Δ = candidate − baseline for ${shown.length} ${shown.length === 1 ? 'metric' : 'metrics'}${g.length > shown.length ? ` (of ${g.length} of this size; the table above has the rest)` : ''}, with ${result.bootstrap ? `the ${level} paired bootstrap CI` : 'no CI (unpaired)'}${shown.some((r) => (r.margin ?? 0) > 0) ? "; the shaded band is the non-inferiority margin on the metric's bad side" : ''}.`;
    const table = htmlTable({
      columns: [
        'metric',
        { label: 'Δ', numeric: true },
        { label: `${level} CI`, numeric: true },
        { label: 'margin', numeric: true },
        'check',
      ],
      rows: shown.map((r) => [
        html`<code>${r.label}</code>`,
        signed(r.value),
        interval(finite(r.lo) && finite(r.hi) ? [r.lo, r.hi] : null),
        r.margin === undefined ? null : num(r.margin),
        r.status ?? '—',
      ]),
    });
    return html`${figure(chart, caption)} ${dataTable("The chart's data", table)}`;
  });
  return {
    id: 'deltas',
    title: 'Change per metric',
    body: joinHtml(figures),
    howToRead:
      "Each row is one metric's change: the dot is Δ, the whiskers its CI, the line at 0 is no change. The shaded band is the non-inferiority margin on the metric's bad side (below 0 when higher is better, above when lower is): a CI wholly beyond the band's outer edge fails, one that straddles that edge is inconclusive, and one wholly inside the band or on the good side passes. Metrics whose changes differ a lot in size are drawn on separate charts so the small ones stay readable.",
  };
}

function testsSection(result: ComparisonResult): HtmlSection {
  const { mcnemar, delong, wilcoxon } = result.tests;
  if (!mcnemar && !delong && !wilcoxon) {
    const why =
      result.baseline.kind === 'none'
        ? 'there is no baseline (bootstrap mode)'
        : result.baseline.kind === 'results'
          ? 'the baseline is stored results (unpaired: metrics only, no paired statistics)'
          : result.data.labelled
            ? 'none applies to this task'
            : 'the data are unlabelled';
    return { id: 'tests', title: 'Paired tests', body: html`<p>No paired tests: ${why}.</p>` };
  }
  const rows: TableCell[][] = [];
  const notes: string[] = [];
  if (mcnemar) {
    rows.push(
      [
        'McNemar χ², continuity-corrected',
        mcnemar.statistic === null ? 'n/a' : `χ² = ${num(mcnemar.statistic)}`,
        num(mcnemar.p_value, 3),
        `b = ${formatCount(mcnemar.b)} (baseline right, candidate wrong), c = ${formatCount(mcnemar.c)} (baseline wrong, candidate right)`,
      ],
      [
        'McNemar exact binomial',
        `min(b, c) = ${formatCount(Math.min(mcnemar.b, mcnemar.c))} of ${formatCount(mcnemar.b + mcnemar.c)}`,
        num(mcnemar.exact_p_value, 3),
        'two-sided binomial test at 0.5',
      ],
    );
    if (mcnemar.note) notes.push(`McNemar: ${mcnemar.note}`);
  }
  if (delong) {
    rows.push([
      'DeLong, ΔAUC',
      delong.z === null ? 'n/a' : `z = ${num(delong.z)}`,
      num(delong.p_value, 3),
      `ΔAUC ${signed(delong.difference)}, ${levelPercent(result)} CI ${interval(delong.ci95)}; AUC ${num(delong.auc_candidate)} (candidate) vs ${num(delong.auc_baseline)} (baseline)`,
    ]);
    if (delong.note) notes.push(`DeLong: ${delong.note}`);
  }
  if (wilcoxon) {
    rows.push([
      'Wilcoxon signed-rank on |error|',
      wilcoxon.statistic === null ? 'n/a' : `W = ${num(wilcoxon.statistic)}`,
      num(wilcoxon.p_value, 3),
      `candidate's vs baseline's absolute errors; n = ${formatCount(wilcoxon.n)}, ${formatCount(wilcoxon.zeros)} zero differences${wilcoxon.method ? `, ${wilcoxon.method}` : ''}`,
    ]);
    if (wilcoxon.note) notes.push(`Wilcoxon: ${wilcoxon.note}`);
  }
  const body = html`${htmlTable({
    columns: ['test', { label: 'statistic', numeric: true }, { label: 'p-value', numeric: true }, 'detail'],
    rows,
  })}
  ${notes.map((n) => html`<p class="note">${n}</p>`)}`;
  return {
    id: 'tests',
    title: 'Paired tests',
    body,
    howToRead:
      'McNemar compares which rows each model labels right: b counts rows the baseline got right and the candidate wrong, c the reverse; the chi-square has the continuity correction, and the exact p is the two-sided binomial test of min(b, c) in b + c at 0.5. DeLong tests the difference of the two ROC AUCs on the same rows. Wilcoxon signed-rank compares the two models’ absolute errors row by row (regression).',
  };
}

/** y at each grid x: the best y of the points at or left of it (the ROC's step at that false-positive rate). */
function stepAt(points: readonly (readonly [number, number])[], grid: readonly number[]): (number | null)[] {
  return grid.map((x) => {
    let best: number | null = null;
    for (const [px, py] of points) {
      if (finite(px) && finite(py) && px <= x + 1e-12) best = best === null ? py : Math.max(best, py);
    }
    return best;
  });
}

/** Interpolated precision at each recall: the best precision at that recall or higher. */
function precisionAt(
  points: readonly (readonly [number, number])[],
  grid: readonly number[],
): (number | null)[] {
  return grid.map((r) => {
    let best: number | null = null;
    for (const [rx, py] of points) {
      if (finite(rx) && finite(py) && rx >= r - 1e-12) best = best === null ? py : Math.max(best, py);
    }
    return best;
  });
}

function metricValue(result: ComparisonResult, n: string, side: 'candidate' | 'baseline'): string | null {
  const m = result.metrics[n];
  return m && finite(m[side]) ? num(m[side]) : null;
}

function curveSections(result: ComparisonResult, charts: ComparisonCharts): HtmlSection[] {
  const grid = Array.from({ length: CURVE_GRID }, (_, i) => i / (CURVE_GRID - 1));
  const items: SafeHtml[] = [];
  if (charts.roc) {
    const auc = (side: 'candidate' | 'baseline') => metricValue(result, 'roc_auc', side);
    const chart = lineChart({
      series: [
        { name: 'candidate', points: charts.roc.candidate },
        { name: 'baseline', points: charts.roc.baseline },
      ],
      x: { label: 'false positive rate', min: 0, max: 1 },
      y: { label: 'true positive rate', min: 0, max: 1 },
      diagonal: true,
      title: 'ROC curves',
    });
    const aucs = auc('candidate') && auc('baseline') ? ` AUC ${auc('candidate')} vs ${auc('baseline')}.` : '';
    const c = stepAt(charts.roc.candidate, grid);
    const b = stepAt(charts.roc.baseline, grid);
    items.push(
      html`<div class="chart-cell">
        ${figure(chart, `ROC, candidate and baseline; dashed: chance.${aucs}`)}
        ${dataTable(
          'True positive rate at fixed false positive rates',
          htmlTable({
            columns: [
              { label: 'false positive rate', numeric: true },
              { label: 'candidate TPR', numeric: true },
              { label: 'baseline TPR', numeric: true },
            ],
            rows: grid.map((x, i) => [num(x), num(c[i]), num(b[i])]),
          }),
        )}
      </div>`,
    );
  }
  if (charts.pr) {
    const ap = (side: 'candidate' | 'baseline') => metricValue(result, 'average_precision', side);
    const chart = lineChart({
      series: [
        { name: 'candidate', points: charts.pr.candidate },
        { name: 'baseline', points: charts.pr.baseline },
      ],
      x: { label: 'recall', min: 0, max: 1 },
      y: { label: 'precision', min: 0, max: 1 },
      title: 'Precision–recall curves',
    });
    const aps = ap('candidate') && ap('baseline') ? ` AP ${ap('candidate')} vs ${ap('baseline')}.` : '';
    const c = precisionAt(charts.pr.candidate, grid);
    const b = precisionAt(charts.pr.baseline, grid);
    items.push(
      html`<div class="chart-cell">
        ${figure(chart, `Precision–recall, candidate and baseline.${aps}`)}
        ${dataTable(
          'Best precision at or above each recall',
          htmlTable({
            columns: [
              { label: 'recall', numeric: true },
              { label: 'candidate precision', numeric: true },
              { label: 'baseline precision', numeric: true },
            ],
            rows: grid.map((r, i) => [num(r), num(c[i]), num(b[i])]),
          }),
        )}
      </div>`,
    );
  }
  if (charts.calibration) {
    const cal = charts.calibration;
    const chart = lineChart({
      series: [
        {
          name: 'candidate',
          points: cal.candidate.map((p) => [p.predicted, p.observed] as const),
          markers: true,
        },
        {
          name: 'baseline',
          points: cal.baseline.map((p) => [p.predicted, p.observed] as const),
          markers: true,
        },
      ],
      x: { label: 'mean predicted probability', min: 0, max: 1 },
      y: {
        label: result.task === 'binary' ? 'observed share of positives' : 'observed share right',
        min: 0,
        max: 1,
      },
      diagonal: true,
      title: 'Reliability (calibration)',
    });
    const rows: TableCell[][] = [
      ...cal.candidate.map((p) => [
        'candidate',
        formatCount(p.bin),
        num(p.predicted),
        num(p.observed),
        formatCount(p.count),
      ]),
      ...cal.baseline.map((p) => [
        'baseline',
        formatCount(p.bin),
        num(p.predicted),
        num(p.observed),
        formatCount(p.count),
      ]),
    ];
    items.push(
      html`<div class="chart-cell">
        ${figure(
          chart,
          `Mean ${result.task === 'binary' ? 'P(positive)' : 'top-class probability'} against observed share per bin; dashed: perfect.`,
        )}
        ${dataTable(
          'Reliability bins',
          htmlTable({
            columns: [
              'model',
              { label: 'bin', numeric: true },
              { label: 'mean predicted', numeric: true },
              { label: 'observed', numeric: true },
              { label: 'rows', numeric: true },
            ],
            rows,
          }),
        )}
      </div>`,
    );
  }
  if (!items.length) return [];
  return [
    {
      id: 'curves',
      title: 'Curves',
      body: chartGrid(items),
      howToRead:
        'Both models are drawn on the same axes. ROC: a curve further up and to the left ranks positives above negatives more often. Precision–recall: further up and to the right is better, and it shows what ROC hides when positives are rare. Reliability: points on the diagonal mean predicted probabilities match observed frequencies; below it the model is over-confident.',
    },
  ];
}

function matrixOk(labels: readonly string[], m: readonly (readonly number[])[]): boolean {
  return (
    Array.isArray(m) &&
    m.length === labels.length &&
    m.every((r) => Array.isArray(r) && r.length === labels.length)
  );
}

function confusionSection(c: NonNullable<ComparisonCharts['confusion']>): HtmlSection {
  const labels = c.labels.map(label);
  const side = (name: 'candidate' | 'baseline') => {
    const counts = c[name];
    if (!matrixOk(labels, counts)) {
      return html`<p class="note">
        The ${name}'s matrix does not match its ${labels.length} class labels; nothing to draw.
      </p>`;
    }
    const chart = matrixChart({ labels, counts, title: name });
    const table = htmlTable({
      columns: ['actual \\ predicted', ...labels.map((l) => ({ label: l, numeric: true }))],
      rows: counts.map((r, i) => [
        html`<strong>${labels[i]}</strong>`,
        ...r.map((v) => (finite(v) ? formatCount(v) : null)),
      ]),
    });
    return html`<div class="chart-cell">
      ${figure(chart, `The ${name}: actual class by row, predicted by column.`)}
      ${dataTable(`The ${name}'s counts`, table)}
    </div>`;
  };
  return {
    id: 'confusion',
    title: 'Confusion matrices',
    body: chartGrid([side('candidate'), side('baseline')]),
    howToRead:
      "Each cell counts the rows of an actual class (row) the model predicted as a class (column); the diagonal is right. Shading is the count over the matrix's largest count; hover a cell for its share of the row.",
  };
}

function errorsSection(e: NonNullable<ComparisonCharts['errors']>): HtmlSection {
  const bins = e.candidate.length;
  const ok =
    bins > 0 &&
    e.baseline.length === bins &&
    (e.edges.length === bins + 1 || e.edges.length === bins - 1) &&
    e.edges.every((x, i) => !Number.isNaN(x) && (i === 0 || x >= e.edges[i - 1]));
  const share = (counts: readonly number[]) => {
    const clean = counts.map((v) => (finite(v) && v > 0 ? v : 0));
    const total = clean.reduce((a, b) => a + b, 0);
    return clean.map((v) => (total > 0 ? v / total : 0));
  };
  const chart = histogramOverlay(
    ok
      ? {
          edges: e.edges,
          series: [
            { name: 'candidate', proportions: share(e.candidate) },
            { name: 'baseline', proportions: share(e.baseline) },
          ],
          xLabel: 'absolute error |prediction − label|',
          title: 'Absolute errors',
        }
      : { edges: [], series: [], xLabel: 'absolute error |prediction − label|', title: 'Absolute errors' },
  );
  const bounds = e.edges.length === bins + 1 ? e.edges : [-Infinity, ...e.edges, Infinity];
  const rows: TableCell[][] = ok
    ? e.candidate.map((c, i) => [
        `${finite(bounds[i]) ? num(bounds[i]) : '−∞'} – ${finite(bounds[i + 1]) ? num(bounds[i + 1]) : '∞'}`,
        finite(c) ? formatCount(c) : null,
        finite(e.baseline[i]) ? formatCount(e.baseline[i]) : null,
      ])
    : [];
  const caption = ok
    ? `Share of each model's rows per bin of absolute error (${bins} ${bins === 1 ? 'bin' : 'bins'} on the same edges): more mass to the left is better.`
    : 'Nothing to draw: the histogram bins are inconsistent.';
  return {
    id: 'errors',
    title: 'Absolute errors',
    body: html`${figure(chart, caption)}
    ${dataTable(
      'Rows per bin',
      htmlTable({
        columns: [
          'absolute error',
          { label: 'candidate rows', numeric: true },
          { label: 'baseline rows', numeric: true },
        ],
        rows,
      }),
    )}`,
  };
}

function latencySection(result: ComparisonResult): HtmlSection {
  const l = result.latency!;
  const max = result.policy.max_latency_ratio;
  const body = html`<p>
      Batch-1 runs, ${formatCount(l.rounds)} rounds, candidate and baseline alternating on the same runner and
      rows${max === null ? '' : html`; the policy allows at most ${num(max, 3)}× the baseline's latency`}.
    </p>
    ${htmlTable({
      columns: [
        '',
        { label: 'candidate ms', numeric: true },
        { label: 'baseline ms', numeric: true },
        { label: 'candidate ÷ baseline', numeric: true },
      ],
      rows: [
        ['p50', num(l.candidate.p50_ms), num(l.baseline.p50_ms), `${num(l.ratio_p50, 3)}×`],
        ['p95', num(l.candidate.p95_ms), num(l.baseline.p95_ms), `${num(l.ratio_p95, 3)}×`],
      ],
    })}`;
  return { id: 'latency', title: 'Latency', body };
}

function signatureSection(result: ComparisonResult): HtmlSection {
  const s = result.signature!;
  const list = (items: readonly string[], mark: string) =>
    html`<ul>
      ${items.map((i) => html`<li>${mark}${i}</li>`)}
    </ul>`;
  const body =
    !s.breaking.length && !s.compatible.length
      ? html`<p>Same inputs, outputs and classes.</p>`
      : html`${
          s.breaking.length
            ? html`<p>
                  ${badge('fail', `✘ ${formatCount(s.breaking.length)} breaking`)} Policy for breaking
                  changes: ${result.policy.signature}.
                </p>
                ${list(s.breaking, '✘ ')}`
            : html`<p>${badge('pass', '✔ no breaking change')}</p>`
        }
        ${
          s.compatible.length
            ? html`<p>Compatible changes (${formatCount(s.compatible.length)}):</p>
                ${list(s.compatible, '')}`
            : ''
        }`;
  return {
    id: 'signature',
    title: 'Signature',
    body,
    howToRead:
      "Input and output names, dtypes and shapes and the classes of both models. A breaking change, one the baseline's callers would notice (an input or output removed or renamed, another dtype or shape, other classes), is listed first.",
  };
}

function shadowSection(result: ComparisonResult): HtmlSection {
  const s = result.shadow!;
  const value = (v: number | string): TableCell =>
    typeof v === 'number' ? num(v) : html`<code>${label(v)}</code>`;
  const body = html`<p>
      ${formatCount(s.rows)} unlabelled rows scored by both models: they agree on
      ${formatPercent(s.agreement_rate)}.
      ${
        s.score_shift
          ? `Score distributions: KS D = ${num(s.score_shift.statistic)}, p = ${num(s.score_shift.p_value, 3)}.`
          : 'Score distributions were not compared.'
      }
    </p>
    ${
      s.top_disagreements.length
        ? htmlTable({
            caption: 'Rows where they disagree most',
            columns: [
              { label: 'row', numeric: true },
              'candidate',
              'baseline',
              { label: 'difference', numeric: true },
            ],
            rows: s.top_disagreements.map((d) => [
              formatCount(d.row),
              value(d.candidate),
              value(d.baseline),
              num(d.difference),
            ]),
          })
        : html`<p>No rows where they disagree.</p>`
    }`;
  return {
    id: 'shadow',
    title: 'Shadow mode',
    body,
    howToRead:
      'Both models scored recent rows with no labels. Agreement is the share of rows with the same predicted class (classification) or within tolerance (regression); the KS test compares the two distributions of scores (P(positive), or the predicted value). Rows are 1-based data rows.',
  };
}

function conventionsSection(result: ComparisonResult): HtmlSection {
  const b = result.bootstrap;
  const body = html`<ul>
    <li>Δ = candidate − baseline; relative Δ = Δ ÷ |baseline| (none when the baseline is 0 or missing).</li>
    <li>
      ${
        b
          ? `CIs of Δ: paired ${b.method} bootstrap, ${formatCount(b.resamples)} resamples with seed ${b.seed}, level ${levelPercent(result)}; each resample draws the same rows for both models.`
          : 'No bootstrap CIs: the comparison is not paired.'
      }
    </li>
    <li>McNemar: b = baseline right and candidate wrong, c = baseline wrong and candidate right.</li>
    <li>
      Non-inferiority: fail when the whole CI of the change is beyond the margin on the metric's bad side,
      pass when all of it is within, inconclusive when it straddles the margin.
    </li>
  </ul>`;
  return { id: 'conventions', title: 'How the numbers are computed', body };
}
