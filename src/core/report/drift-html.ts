/**
 * drift.html: the drift result as one self-contained page (the HTML foundation's shell and CSP). The
 * verdict and settings, a table of every column, a chart of each tested column's score against its
 * threshold, per column a reference-vs-current histogram (or category bars) with its verdict and data
 * quality beside it, the untested columns, the model's outputs and the conventions. It says what
 * drift.md says, with the distributions drawn. Every string from the data goes through the html tag.
 */
import { P_VALUE_METHODS } from '../drift/decide.js';
import type { PredictionDrift } from '../drift/prediction-drift.js';
import { relativeScore } from '../drift/relative-score.js';
import type { DriftColumn, DriftResult } from '../drift/result.js';
import { formatCount } from './format-number.js';
import {
  badge,
  barChart,
  categoryBars,
  chartGrid,
  figure,
  formatPercent,
  formatValue,
  histogramOverlay,
  html,
  htmlTable,
  joinHtml,
  renderHtmlPage,
  type HtmlSection,
  type SafeHtml,
  type TableCell,
} from './html/index.js';

/** Columns drawn one by one (a chart is ~5 KB); the rest are in the table and drift.json. */
export const MAX_DRAWN_COLUMNS = 100;
/** Bars in the score chart (20 px each). */
const MAX_SCORE_BARS = 100;
/** Scores past ten times their threshold are drawn at 10, so the others stay readable. */
const SCORE_CAP = 10;
/** Names listed inline (drifted columns, files) before "… and k more". */
const MAX_LISTED = 30;

export function renderDriftHtml(result: DriftResult): string {
  const entries = Object.entries(result.columns);
  const ordered = orderColumns(entries);
  const sections: HtmlSection[] = [
    verdictSection(result),
    columnTableSection(result, ordered),
    scoreSection(ordered),
    perColumnSection(ordered),
    notTestedSection(result, entries),
    qualitySection(ordered),
    ...(result.prediction_drift ? [modelSection(result.prediction_drift)] : []),
    conventionsSection(result),
  ];
  const created = new Date(result.created_at);
  return renderHtmlPage({
    title: `mlgate drift${result.name ? ` — ${result.name}` : ''}`,
    subtitle: verdictWords(result),
    sections,
    generatedAt: Number.isFinite(created.getTime()) ? created : String(result.created_at ?? ''),
    footer: 'mlgate drift report. drift.json, next to this file, holds every number shown here.',
  });
}

type Entry = readonly [string, DriftColumn];

/** Drifted first, then by score ÷ threshold (highest first), then the columns with no score. */
function orderColumns(entries: readonly Entry[]): Entry[] {
  const keyed = entries.map((e, i) => ({ e, i, r: relativeScore(e[1]) }));
  keyed.sort(
    (a, b) =>
      Number(b.e[1].drifted) - Number(a.e[1].drifted) || (b.r ?? -Infinity) - (a.r ?? -Infinity) || a.i - b.i,
  );
  return keyed.map((k) => k.e);
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * A number for the page: "n/a" for null and anything not finite, so neither NaN nor Infinity is written.
 * Four significant digits, three in exponent form (3.97e-54), as the decisions' texts write them.
 */
function num(v: number | null | undefined): string {
  if (!finite(v)) return 'n/a';
  const a = Math.abs(v);
  return formatValue(v, a !== 0 && (a < 1e-4 || a >= 1e15) ? 3 : 4);
}

function count(v: number | null | undefined): string {
  return finite(v) ? formatCount(v) : 'n/a';
}

function pct(v: number | null | undefined): string {
  return finite(v) ? formatPercent(v) : 'n/a';
}

/** An empty column name would leave an empty heading and cell. */
function label(name: string): string {
  return name === '' ? '(empty name)' : name;
}

function codeList(names: readonly string[], max = MAX_LISTED): SafeHtml {
  const shown = names.slice(0, max).map((n) => html`<code>${label(n)}</code>`);
  const more = names.length > max ? [html`… and ${names.length - max} more`] : [];
  return joinHtml([...shown, ...more], ', ');
}

function verdictWords(result: DriftResult): string {
  const verdict = result.dataset_drift
    ? 'Drift detected'
    : result.summary.tested === 0
      ? 'Nothing tested'
      : 'No dataset drift';
  return result.summary.because ? `${verdict}: ${result.summary.because}` : verdict;
}

function verdictBadge(result: DriftResult): SafeHtml {
  if (result.dataset_drift) return badge('fail', '✘ drift detected');
  if (result.summary.tested === 0) return badge('inconclusive', '? nothing tested');
  return badge('pass', '✔ no dataset drift');
}

function columnBadge(c: DriftColumn): SafeHtml {
  if (c.drifted) return badge('fail', '✘ drifted');
  if (c.score === null) return badge('inconclusive', '? not tested');
  return badge('pass', '✔ no drift');
}

function verdictSection(result: DriftResult): HtmlSection {
  const s = result.settings;
  const p = result.prediction_drift;
  const files = (f: readonly string[]) => codeList(f, 20);
  const sides = htmlTable({
    columns: ['data', 'files', { label: 'rows', numeric: true }],
    rows: [
      ['reference', files(result.reference.files), count(result.reference.rows)],
      ['current', files(result.current.files), count(result.current.rows)],
    ],
  });
  const overrides = Object.entries(s.methods ?? {});
  const settings = htmlTable({
    caption: 'Settings',
    columns: ['setting', 'value'],
    rows: [
      ['alpha (p-value tests drift below it, after correction)', num(s.alpha)],
      ['correction across p-value tests', s.correction],
      ['min_effect (KS statistic or total variation a p-value test also needs)', num(s.min_effect)],
      ['threshold: normed Wasserstein', num(s.thresholds?.wasserstein)],
      ['threshold: PSI', num(s.thresholds?.psi)],
      ['threshold: Jensen–Shannon', num(s.thresholds?.jensen_shannon)],
      ['p-value tests up to this many reference values (distances above)', count(s.small_sample)],
      ['min_values (fewer on a side: not tested)', count(s.min_values)],
      ['drift_share (dataset drift at this share of drifted columns)', num(s.drift_share)],
      [
        'per-column methods',
        overrides.length
          ? joinHtml(
              overrides.map(
                ([name, o]) =>
                  html`<code>${label(name)}</code>:
                    ${o.method}${finite(o.threshold) ? ` at ${num(o.threshold)}` : ''}`,
              ),
              '; ',
            )
          : 'none',
      ],
    ],
  });
  const drifted = result.drifted_columns.length
    ? html`<p>Drifted columns: ${codeList(result.drifted_columns)}</p>`
    : '';
  const model = p
    ? html`<p>
        Model outputs (<code>${p.model.path}</code>):
        ${p.drifted ? badge('fail', '✘ drifted') : badge('pass', '✔ no drift')}
      </p>`
    : '';
  const body = html`<p class="verdict">${verdictBadge(result)} ${result.summary.because}</p>
    <p>
      ${count(result.summary.tested)} columns tested, ${count(result.summary.drifted)} drifted (share
      ${num(result.summary.drifted_share)}; dataset drift from ${num(s.drift_share)}).
    </p>
    ${drifted} ${model} ${sides} ${settings}`;
  return { id: 'verdict', title: 'Verdict', body };
}

/** Headers of the statistics table after its first column (the "why" goes on a row of its own). */
const STAT_HEADERS: readonly { label: SafeHtml | string; numeric: boolean }[] = [
  { label: 'method', numeric: false },
  { label: 'score', numeric: true },
  { label: 'threshold', numeric: true },
  // Two-line headers: numeric headers do not wrap, and one line each made the table overflow.
  { label: html`score ÷<br />threshold ▾`, numeric: true },
  { label: 'drifted', numeric: false },
  { label: html`<abbr title="Kolmogorov–Smirnov statistic">KS stat.</abbr>`, numeric: true },
  { label: html`<abbr title="Kolmogorov–Smirnov p-value">KS p</abbr>`, numeric: true },
  {
    label: html`<abbr title="Wasserstein distance ÷ reference standard deviation">W<br />normed</abbr>`,
    numeric: true,
  },
  { label: html`<abbr title="population stability index">PSI</abbr>`, numeric: true },
  { label: html`<abbr title="Jensen–Shannon distance, base 2">JS</abbr>`, numeric: true },
  { label: html`<abbr title="chi-square test p-value">χ² p</abbr>`, numeric: true },
];

/** The score the decision used: for p-value tests the adjusted p when there is one. */
function decisionScore(c: DriftColumn): number | null {
  const isP = c.method !== null && P_VALUE_METHODS.includes(c.method);
  return isP && finite(c.p_value_adjusted) ? c.p_value_adjusted : c.score;
}

interface StatRow {
  name: string;
  /** Under the name (a column of its own made the table overflow the page). */
  type: string;
  /** One per STAT_HEADERS entry. */
  cells: (SafeHtml | string)[];
  why: string;
}

function statRow(name: string, type: string, c: DriftColumn): StatRow {
  return {
    name,
    type,
    cells: [
      c.method ?? '—',
      num(decisionScore(c)),
      num(c.threshold),
      num(relativeScore(c)),
      c.drifted ? html`<strong>yes</strong>` : c.score === null ? 'not tested' : 'no',
      num(c.ks?.statistic),
      num(c.ks?.p_value),
      num(c.wasserstein_normed),
      num(shownDistances(c).psi),
      num(shownDistances(c).js),
      num(c.chi2?.p_value),
    ],
    why: c.because,
  };
}

/**
 * The statistics table: one row of figures per column and under it the decision in words across the
 * figures' width (in a cell of its own, a long "why" squeezed a table this wide into a narrow strip).
 */
function statTable(first: string, rows: readonly StatRow[], caption?: string): SafeHtml {
  const cls = (numeric: boolean) => (numeric ? html` class="num"` : '');
  const head = STAT_HEADERS.map((h) => html`<th scope="col" ${cls(h.numeric)}>${h.label}</th>`);
  const body = rows.map(
    (r) =>
      html`<tr>
          <th scope="row" rowspan="2">${r.name}<br /><span class="muted">${r.type}</span></th>
          ${r.cells.map((cell, j) => html`<td${cls(STAT_HEADERS[j].numeric)}>${cell}</td>`)}
        </tr>
        <tr class="why">
          <td colspan="${STAT_HEADERS.length}">${r.why || '—'}</td>
        </tr>`,
  );
  return html`<div class="table-wrap">
    <table class="drift-stats">
      ${
        caption
          ? html`<caption>
              ${caption}
            </caption>`
          : ''
      }
      <thead>
        <tr>
          <th scope="col">${first}</th>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}

function typeText(c: DriftColumn): string {
  return c.tested_as === 'categories' ? `${c.type} (as categories)` : c.type;
}

function columnTableSection(result: DriftResult, ordered: readonly Entry[]): HtmlSection {
  const rows = ordered.map(([name, c]) => statRow(label(name), typeText(c), c));
  for (const [name, why] of Object.entries(result.not_tested)) {
    const cells = STAT_HEADERS.map(() => 'n/a');
    cells[0] = '—';
    cells[4] = 'not tested';
    rows.push({ name: label(name), type: 'not read', cells, why });
  }
  const body = rows.length
    ? statTable(
        'column (type)',
        rows,
        'Drifted columns first, then by score ÷ threshold, highest first; untested columns last. Under each row: why.',
      )
    : html`<p>The data has no columns.</p>`;
  return {
    id: 'columns',
    title: 'Every column',
    body,
    howToRead: html`<p>
      <b>score</b> is what the column's method gives: for the p-value tests (ks, chi2, z) the p-value after
      the correction across columns, for the distances (wasserstein, psi, jensen_shannon) the distance. A
      p-value test drifts when p is below its threshold (alpha) and the effect reaches min_effect; a distance
      drifts at or above its threshold. <b>score ÷ threshold</b> puts both on one scale: 1 is the threshold
      (p-value tests: log p ÷ log alpha). The statistics on the right are computed for every column whichever
      method judges it (KS statistic and p-value, Wasserstein distance ÷ the reference's standard deviation,
      PSI, Jensen–Shannon distance, chi-square p-value; for a numeric column tested as categories, PSI and
      Jensen–Shannon over its values); "n/a" where one does not apply or could not be computed.
    </p>`,
  };
}

function scoreSection(ordered: readonly Entry[]): HtmlSection {
  const scored = ordered
    .map(([name, c]) => ({ name, c, r: relativeScore(c) }))
    .filter((s): s is { name: string; c: DriftColumn; r: number } => s.r !== null)
    .sort((a, b) => b.r - a.r);
  const shown = scored.slice(0, MAX_SCORE_BARS);
  const capped = shown.some((s) => s.r > SCORE_CAP);
  const body = shown.length
    ? html`${barChart({
        bars: shown.map((s) => ({
          label: label(s.name),
          value: Math.min(s.r, SCORE_CAP),
          highlight: s.c.drifted,
        })),
        threshold: 1,
        thresholdLabel: 'threshold',
        xLabel: `score ÷ threshold${capped ? ` (capped at ${SCORE_CAP})` : ''}`,
        highlightLabel: 'drifted',
        title: 'Drift score relative to its threshold',
      })}
      ${
        scored.length > shown.length
          ? html`<p class="muted">
              The ${scored.length} tested columns' ${shown.length} highest scores are drawn; the table and
              drift.json have the other ${scored.length - shown.length}.
            </p>`
          : ''
      }`
    : html`<p>No column has a score to draw.</p>`;
  return {
    id: 'scores',
    title: 'Drift scores',
    body,
    howToRead: `Each bar is a tested column's score divided by its threshold: 1 (the dashed line) is the threshold, and a bar past it crossed it. For p-value tests the ratio is log p ÷ log alpha with the adjusted p, so smaller p-values make longer bars. A p-value test also needs an effect of at least min_effect, so a bar past the line is not always a drifted (highlighted) column. Bars are capped at ${SCORE_CAP}; the table has the exact figures.`,
  };
}

function perColumnSection(ordered: readonly Entry[]): HtmlSection {
  const drawn = ordered.slice(0, MAX_DRAWN_COLUMNS);
  const left = ordered.length - drawn.length;
  const body = ordered.length
    ? html`<p>
          Drifted columns first. Bars are each side's share of its values per bin (numeric columns, on the
          reference deciles) or per category.
        </p>
        ${
          left > 0
            ? html`<p class="note">
                ${drawn.length} of ${ordered.length} columns are drawn; ${left} more are left out here: see
                the table above and drift.json.
              </p>`
            : ''
        }`
    : html`<p>No column was compared.</p>`;
  return {
    id: 'per-column',
    title: 'Per column',
    body,
    howToRead:
      'Numeric columns: the bins are the reference deciles (right-closed; the outer bins are open), so the reference bars are near 10% each and a shift shows as current bars piling up at one side. Categorical columns, and numeric columns with at most five distinct values (tested as categories): the ten largest categories, the rest summed as "other". Beside each chart: the verdict and the data quality findings.',
    children: drawn.map(([name, c]) => ({ title: label(name), body: columnBody(name, c) })),
  };
}

function columnBody(name: string, c: DriftColumn): SafeHtml {
  const { chart, caption } = distributionChart(label(name), c);
  return html`<div class="drift-column" data-column="${name}">
    ${chartGrid([figure(chart, caption), columnFacts(c)])}
  </div>`;
}

/** Counts as shares of their side's total (all zeros for an empty side, never 0/0). */
function proportions(counts: readonly number[]): number[] {
  const clean = counts.map((v) => (finite(v) && v > 0 ? v : 0));
  const total = clean.reduce((a, b) => a + b, 0);
  return clean.map((v) => (total > 0 ? v / total : 0));
}

/**
 * A numeric column tested as categories (at most 5 distinct values): its values' counts and the PSI and
 * Jensen–Shannon over them, which judge it. Typed here as well as in result.ts so that this file does
 * not depend on which drift job version wrote the result.
 */
interface AsCategories {
  categories: string[];
  reference: number[];
  current: number[];
  psi?: number | null;
  jensen_shannon?: number | null;
}

function asCategories(c: DriftColumn): AsCategories | undefined {
  const a = (c as DriftColumn & { as_categories?: AsCategories }).as_categories;
  return a && Array.isArray(a.categories) && a.categories.length > 0 ? a : undefined;
}

/** PSI and Jensen–Shannon as the column is judged: over its values for a column tested as categories. */
function shownDistances(c: DriftColumn): { psi: number | null; js: number | null } {
  const a = asCategories(c);
  return a ? { psi: a.psi ?? null, js: a.jensen_shannon ?? null } : { psi: c.psi, js: c.jensen_shannon };
}

/**
 * The column's reference and current distributions: categoryBars for categories (and for numeric
 * columns tested as categories, over their few values), histogramOverlay on the decile bins otherwise,
 * an empty ("no data") histogram when there is nothing, so that every column has a chart.
 */
function distributionChart(name: string, c: DriftColumn): { chart: SafeHtml; caption: string } {
  const h = c.histogram;
  const series = (ref: readonly number[], cur: readonly number[]) => [
    { name: 'reference', values: proportions(ref) },
    { name: 'current', values: proportions(cur) },
  ];
  const a = asCategories(c);
  const cats = h?.categories ? { categories: h.categories, reference: h.reference, current: h.current } : a;
  if (
    cats &&
    cats.reference.length === cats.categories.length &&
    cats.current.length === cats.categories.length
  ) {
    const k = cats.categories.length;
    const what = a && !h?.categories ? 'value' : 'category';
    return {
      chart: categoryBars({
        categories: cats.categories,
        series: series(cats.reference, cats.current),
        xLabel: name,
      }),
      caption: `Share of each side's values per ${what} (${k} ${k === 1 ? what : what === 'value' ? 'values' : 'categories'}${k > 11 ? '; the ten largest, the rest as other' : ''}).`,
    };
  }
  if (h?.edges && binsFit(h.edges, h.reference, h.current)) {
    const s = series(h.reference, h.current).map((x) => ({ name: x.name, proportions: x.values }));
    const bins = h.reference.length;
    return {
      chart: histogramOverlay({ edges: h.edges, series: s, xLabel: name }),
      caption: `Share of each side's values per reference decile bin (${bins} ${bins === 1 ? 'bin' : 'bins'}).`,
    };
  }
  const why =
    c.reasons?.bins ?? c.reasons?.psi ?? (h ? 'the bins are inconsistent' : 'no bins were computed');
  return {
    chart: histogramOverlay({ edges: [], series: [], xLabel: name }),
    caption: `Nothing to draw: ${why}.`,
  };
}

/** What histogramOverlay accepts: bins − 1 ascending finite cut points, two sides of the same length. */
function binsFit(edges: readonly number[], ref: readonly number[], cur: readonly number[]): boolean {
  return (
    ref.length > 0 &&
    ref.length === cur.length &&
    edges.length === ref.length - 1 &&
    edges.every((e, i) => finite(e) && (i === 0 || e >= edges[i - 1]))
  );
}

/** The facts panel's width: beside a 640 px chart in the page's 1064 px column, under it when narrower. */
const FACTS_WIDTH = 380;

/**
 * The column's verdict and data quality beside its chart. A table with a width attribute: the grid
 * sizes its items to their content, so an unconstrained panel with a long "why" never fits beside the
 * chart, and the page's stylesheet is fixed by the CSP (a width attribute is not a style).
 */
function columnFacts(c: DriftColumn): SafeHtml {
  const q = c.quality;
  const findings = qualityFindings(c, false);
  // Statistics that failed for one reason (an empty side fails them all) share one line.
  const byReason = new Map<string, string[]>();
  for (const [stat, why] of Object.entries(c.reasons ?? {}))
    byReason.set(why, [...(byReason.get(why) ?? []), stat]);
  const reasons = [...byReason].map(([why, stats]) => `${stats.join(', ')}: ${why}`);
  const list = (items: readonly string[]) =>
    html`<ul>
      ${items.map((f) => html`<li>${f}</li>`)}
    </ul>`;
  const row = (key: string, value: SafeHtml | string) =>
    html`<tr>
      <th scope="row">${key}</th>
      <td>${value}</td>
    </tr>`;
  return html`<table class="drift-facts" width="${String(FACTS_WIDTH)}">
    <tbody>
      ${row('verdict', columnBadge(c))} ${row('type', typeText(c))} ${row('method', methodText(c))}
      ${row('why', c.because || '—')}
      ${row('values', `${count(c.n_reference)} reference, ${count(c.n_current)} current`)}
      ${row(
        'missing',
        `${pct(q?.null_fraction?.reference)} of reference rows, ${pct(q?.null_fraction?.current)} of current rows`,
      )}
      ${row('data quality', findings.length ? list(findings) : 'no other findings')}
      ${reasons.length ? row('not computed', list(reasons)) : ''}
    </tbody>
  </table>`;
}

function methodText(c: DriftColumn): string {
  if (c.method === null) return '—';
  if (c.score === null) return `${c.method} (no score)`;
  const what = P_VALUE_METHODS.includes(c.method) ? 'p' : 'distance';
  return `${c.method}: ${what} ${num(decisionScore(c))} against ${num(c.threshold)}`;
}

/**
 * Data quality findings in words (as drift.md states them). The missing share is a finding when it
 * moved by a percentage point or more; the per-column facts show it always, so they leave it out.
 */
function qualityFindings(c: DriftColumn, withMissing: boolean): string[] {
  const q = c.quality;
  if (!q) return [];
  const what: string[] = [];
  const nf = q.null_fraction;
  if (withMissing && nf && finite(nf.change) && Math.abs(nf.change) >= 0.01) {
    what.push(`missing ${pct(nf.reference)} → ${pct(nf.current)}`);
  }
  const sides = (v: { reference: number; current: number } | undefined, cells: string) =>
    v && (v.reference > 0 || v.current > 0)
      ? `${cells}: ${count(v.reference)} reference, ${count(v.current)} current`
      : null;
  for (const s of [sides(q.nan, 'NaN cells'), sides(q.infinite, 'infinite cells')]) if (s) what.push(s);
  const r = q.out_of_range;
  if (r && r.below + r.above > 0) {
    what.push(
      `${count(r.below + r.above)} current ${r.below + r.above === 1 ? 'value' : 'values'} (${pct(r.share)}) outside the reference range [${num(r.reference_min)}, ${num(r.reference_max)}]: ${count(r.below)} below, ${count(r.above)} above`,
    );
  }
  const n = q.new_categories;
  if (n && n.count > 0) {
    const shown = n.values.slice(0, 5).map((v) => `"${v}"`);
    what.push(
      `${count(n.count)} new ${n.count === 1 ? 'category' : 'categories'} (${pct(n.share)} of current rows): ${shown.join(', ')}${n.count > shown.length ? ', …' : ''}`,
    );
  }
  if (q.constant?.reference || q.constant?.current) {
    const where =
      q.constant.reference && q.constant.current
        ? 'both'
        : q.constant.reference
          ? 'the reference'
          : 'the current data';
    what.push(`constant in ${where}`);
  }
  return what;
}

function notTestedSection(result: DriftResult, entries: readonly Entry[]): HtmlSection {
  const rows: TableCell[][] = [
    ...entries.filter(([, c]) => c.score === null).map(([name, c]) => [label(name), c.because]),
    ...Object.entries(result.not_tested).map(([name, why]) => [label(name), why]),
  ];
  const side = (names: readonly string[], where: string) =>
    names.length ? html`<p>Only in ${where}: ${codeList(names, 200)}</p>` : '';
  const body = html`${
    rows.length
      ? htmlTable({ columns: ['column', 'why it was not tested'], rows })
      : html`<p>Every column was tested.</p>`
  }
  ${side(result.columns_only_in_reference, 'the reference data')}
  ${side(result.columns_only_in_current, 'the current data')}`;
  return { id: 'not-tested', title: 'Not tested', body };
}

function qualitySection(ordered: readonly Entry[]): HtmlSection {
  const rows = ordered
    .map(([name, c]) => [label(name), qualityFindings(c, true).join('; ')] as TableCell[])
    .filter((r) => r[1] !== '');
  return {
    id: 'quality',
    title: 'Data quality',
    body: rows.length
      ? htmlTable({ columns: ['column', 'findings'], rows })
      : html`<p>No data quality findings.</p>`,
    howToRead:
      'Missing shares that moved by a percentage point or more, NaN and infinite cells (not counted as values), current values outside the range the reference spans, categories the reference never had, and columns with a single value on a side.',
  };
}

function modelSection(p: PredictionDrift): HtmlSection {
  const outputs: [string, DriftColumn | undefined][] = [
    [p.task === 'regression' ? 'predicted value' : 'P(positive class)', p.score],
    ['predicted class', p.classes],
  ];
  const present = outputs.flatMap(([what, c]) => (c ? [[what, c] as const] : []));
  const table = present.length
    ? statTable(
        'output (type)',
        present.map(([what, c]) => statRow(what, typeText(c), c)),
      )
    : html`<p>No output was compared.</p>`;
  const m = p.metric;
  const metric = m
    ? html`<p>
        ${
          finite(m.reference) && finite(m.current)
            ? html`Primary metric ${m.name}: ${num(m.reference)} on the reference, ${num(m.current)} on the
              current data (change ${finite(m.change) && m.change >= 0 ? '+' : ''}${num(m.change)}).`
            : html`Primary metric ${m.name}: not computed on
              ${!finite(m.reference) && !finite(m.current) ? 'either side' : !finite(m.reference) ? 'the reference' : 'the current data'}
              (no label column there).`
        }
      </p>`
    : '';
  const charts = present.map(([what, c]) => {
    const { chart, caption } = distributionChart(what, c);
    return figure(chart, caption);
  });
  const body = html`<p>
      ${p.drifted ? badge('fail', '✘ drifted') : badge('pass', '✔ no drift')} Model
      <code>${p.model.path}</code> (${p.task}; sha256 <code>${p.model.sha256}</code>). Its outputs are judged
      on their own, with no correction across the data's columns.
    </p>
    ${table} ${metric} ${charts.length ? chartGrid(charts) : ''}`;
  return { id: 'model', title: 'Model outputs', body };
}

function conventionsSection(result: DriftResult): HtmlSection {
  const body = html`<ul>
      ${result.conventions.map((c) => html`<li>${c}</li>`)}
      <li>
        Score ÷ threshold (the score chart): distance ÷ threshold for the distances, log p ÷ log alpha for the
        p-value tests (the adjusted p, floored at 1e-300); 1 is the threshold.
      </li>
      <li>
        Histograms: each side's counts per bin divided by that side's values; bins are the reference's decile
        cut points, as PSI and Jensen–Shannon use them.
      </li>
    </ul>
    <p>The settings these numbers were judged by are in the verdict section above.</p>`;
  return { id: 'conventions', title: 'How the numbers are computed', body };
}
