/**
 * comparison.md: the PR comment and the job summary for a candidate-vs-baseline comparison. The verdict
 * and what was compared, the checks with their reasons, the metrics (primary first) with the paired CI of
 * each change, a Mermaid chart of the changes, the paired tests, latency, signature changes, shadow mode
 * and the conventions. Within GitHub's limits: detail is dropped in a fixed order and a last line says
 * where the full report is. Names from users' files (model paths, metric, class and column names) are
 * escaped everywhere.
 */
import type {
  BaselineSource,
  ComparedMetric,
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
import { markdownText } from './drift-markdown.js';
import { formatCount } from './format-number.js';
import { formatPercent } from './html/svg-scale.js';

/** A GitHub issue or pull-request comment's body, in characters. */
export const COMMENT_LIMIT = 65_536;
/** A step's job summary, in bytes. */
export const SUMMARY_LIMIT = 1024 * 1024;

export interface ComparisonMarkdownOptions {
  /**
   * The most the text may take, counted in UTF-8 bytes: that is never less than its length in
   * characters, so one count keeps within both COMMENT_LIMIT (characters) and SUMMARY_LIMIT (bytes).
   */
  limit: number;
  /** Where the full report is, e.g. "the mlgate-comparison artifact". */
  artifactHint?: string;
  /**
   * The hidden first line of a sticky comment, found again by it: an HTML comment line
   * (`<!-- mlgate:compare:churn -->`) is written as it is, other text is wrapped in one.
   */
  marker?: string;
}

const VERDICT_MARK: Record<ComparisonVerdict, string> = { pass: '✅', fail: '❌', inconclusive: '⚠️' };

/** Bars in the Mermaid charts: beyond this the metrics table has them. */
const MAX_CHART_BARS = 24;
/** Rows of the shadow mode's top disagreements shown. */
const MAX_DISAGREEMENTS = 10;
/** User strings are clipped so that no single line can outgrow a comment. */
const MAX_NAME = 200;
const MAX_REASON = 1_000;

export const DEFAULT_ARTIFACT_HINT = "in this run's artifacts (comparison.html and comparison.json)";

/** Detail that may be left out to fit, in this order. */
type Drop = 'disagreements' | 'compatible' | 'metrics';
const DROP_ORDER: readonly Drop[] = ['disagreements', 'compatible', 'metrics'];

interface Block {
  lines: string[];
  /** Detail left out (last first) when the text does not fit. */
  drop?: Drop;
  /** A heading or a table's header rows: never the last thing kept when the text is cut. */
  head?: boolean;
  /** The line that says how much of a group was left out, shown only when some was. */
  note?: { group: Drop; text: (left: number, total: number) => string };
}

export function renderComparisonMarkdown(
  result: ComparisonResult,
  options: ComparisonMarkdownOptions,
): string {
  const blocks: Block[] = [];
  const marker = options.marker === undefined ? null : markerLine(options.marker);
  blocks.push({ lines: [...(marker ? [marker] : []), ...header(result)] });
  blocks.push(...checks(result));
  blocks.push(...metrics(result));
  blocks.push(...deltaCharts(result));
  blocks.push(...tests(result));
  blocks.push(...latency(result));
  blocks.push(...signature(result));
  blocks.push(...shadow(result));
  blocks.push({ lines: [conventions(result), ''] });
  return fit(blocks, options);
}

// ---------------------------------------------------------------------------------------------------
// Escaping

/**
 * Text from users' files in prose and table cells: drift's markdownText (no markup, no HTML, pipes
 * escaped, no line breaks), and with a word joiner in `@name`, `://` and `www.` so that a model or
 * class name neither notifies anyone nor becomes a link in a PR comment.
 */
function text(s: string, max = MAX_NAME): string {
  return markdownText(clip(s, max))
    .replace(/@/g, '@\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\u2060.`);
}

/** A name, or "(empty name)" where there is none to show. */
function name(s: string): string {
  return s === '' ? '(empty name)' : text(s);
}

function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** A label in a Mermaid chart's quoted list: nothing in it can end the string, the line or the fence. */
export function mermaidLabel(s: string): string {
  const clean = s.replace(/["`\r\n\\]/g, "'").replace(/[<>&]/g, ' ');
  const chars = Array.from(clean === '' ? '(empty name)' : clean);
  return `"${chars.length > 30 ? `${chars.slice(0, 29).join('')}…` : clean || '(empty name)'}"`;
}

/** The first line as given when it is one HTML comment, else the text wrapped in one. */
function markerLine(marker: string): string {
  const whole = /^<!--(.*)-->$/.exec(marker);
  const inner = whole ? whole[1] : marker;
  if (/\r|\n/.test(inner) || inner.includes('--') || inner.includes('>') || inner.trim() === '') {
    throw new RangeError(
      `renderComparisonMarkdown: marker ${JSON.stringify(marker)} must be one line of text without "--" or ">" (or such a line as an HTML comment)`,
    );
  }
  return whole ? marker : `<!-- ${marker} -->`;
}

/** Cells already escaped (text() escapes pipes). */
function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

// ---------------------------------------------------------------------------------------------------
// Numbers

function pValue(v: number | null | undefined): string {
  return num(v, 3);
}

// ---------------------------------------------------------------------------------------------------
// Sections

function baselineWords(b: BaselineSource): string {
  switch (b.kind) {
    case 'model':
      return text(b.path);
    case 'registry':
      return `${text(b.ref)} (${text(b.tag)})`;
    case 'results':
      return `stored results ${text(b.path)}`;
    case 'none':
      return 'no baseline';
  }
}

/** What kind of comparison this is, as the heading and the page say it. */
export function modeWords(result: ComparisonResult): string {
  if (result.baseline.kind === 'none' || result.mode === 'bootstrap') {
    return 'bootstrap mode: no baseline, value thresholds only';
  }
  if (result.baseline.kind === 'results' || result.mode === 'unpaired') {
    return 'unpaired: metrics only, no paired statistics';
  }
  if (result.mode === 'shadow') return 'shadow mode: unlabelled data, agreement only';
  return `paired: both models on the same ${formatCount(result.rows)} rows`;
}

function header(result: ComparisonResult): string[] {
  const mark = VERDICT_MARK[result.verdict] ?? '⚠️';
  const candidate = text(result.candidate.path);
  const against = result.baseline.kind === 'none' ? '' : ` vs ${baselineWords(result.baseline)}`;
  const lines = [
    `## mlgate compare: ${mark} ${text(String(result.verdict))} — ${candidate}${against} (${modeWords(result)})`,
    '',
  ];
  const facts = [
    `Task ${text(result.task)}`,
    `primary metric ${name(result.primary_metric)}`,
    `${formatCount(result.rows)} rows of ${text(result.data.path)}${result.data.labelled ? '' : ' (unlabelled)'}`,
    `candidate sha256 ${text(short(result.candidate.sha256))}`,
  ];
  const b = result.baseline;
  if (b.kind === 'registry') {
    facts.push(`baseline version ${text(b.version)} (${text(b.path)}), sha256 ${text(short(b.sha256))}`);
  } else if (b.kind !== 'none') facts.push(`baseline sha256 ${text(short(b.sha256))}`);
  facts.push(`policy from ${text(result.policy.source)}`);
  lines.push(`${facts.join('; ')}.`, '');
  if (result.reasons.length) lines.push(`**Why:** ${text(result.reasons[0], MAX_REASON)}`, '');
  return lines;
}

function short(sha: string): string {
  return sha.length > 12 ? `${sha.slice(0, 12)}…` : sha;
}

function checks(result: ComparisonResult): Block[] {
  const ordered = result.checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (VERDICT_RANK[a.c.status] ?? 1) - (VERDICT_RANK[b.c.status] ?? 1) || a.i - b.i)
    .map((x) => x.c);
  if (!ordered.length)
    return [{ lines: ['### Checks', '', 'No checks ran: the verdict has nothing against it.', ''] }];
  return [
    {
      head: true,
      lines: [
        '### Checks',
        '',
        row(['', 'metric', 'rule', 'threshold', 'why']),
        row(['---', '---', '---', '---:', '---']),
      ],
    },
    ...ordered.map((c) => ({ lines: [checkRow(c)] })),
    { lines: [''] },
  ];
}

function checkRow(c: PolicyCheck): string {
  return row([
    VERDICT_MARK[c.status] ?? '⚠️',
    name(c.metric),
    text(RULE_WORDS[c.rule] ?? String(c.rule)),
    c.threshold === null ? '—' : num(c.threshold),
    text(c.reason, MAX_REASON),
  ]);
}

/** The primary metric first, then the others as the result lists them. */
export function orderedMetrics(result: ComparisonResult): [string, ComparedMetric][] {
  const entries = Object.entries(result.metrics);
  return [
    ...entries.filter(([n]) => n === result.primary_metric),
    ...entries.filter(([n]) => n !== result.primary_metric),
  ];
}

function metrics(result: ComparisonResult): Block[] {
  const entries = orderedMetrics(result);
  if (!entries.length) return [{ lines: ['### Metrics', '', 'No metrics were compared.', ''] }];
  const none = result.baseline.kind === 'none';
  const notes = entries.some(([, m]) => m.note);
  const level = levelPercent(result);
  const columns = none
    ? ['metric', 'candidate']
    : ['metric', 'candidate', 'baseline', 'Δ', `${level} CI of Δ`, 'relative Δ'];
  if (notes) columns.push('note');
  const align = columns.map((c) => (c === 'metric' || c === 'note' ? '---' : '---:'));
  const rowOf = ([n, m]: [string, ComparedMetric]) => {
    const arrow = m.higher_is_better ? '↑' : '↓';
    const label = n === result.primary_metric ? `**${name(n)}** (primary) ${arrow}` : `${name(n)} ${arrow}`;
    const cells = none
      ? [label, num(m.candidate)]
      : [
          label,
          num(m.candidate),
          num(m.baseline),
          signed(m.delta),
          interval(m.ci95),
          relative(m.relative_delta),
        ];
    if (notes) cells.push(m.note ? text(m.note, MAX_REASON) : '');
    return row(cells);
  };
  const total = entries.length - 1;
  return [
    {
      head: true,
      lines: [
        '### Metrics',
        '',
        none
          ? 'Bootstrap mode: the candidate alone, judged by value thresholds (↑ higher is better, ↓ lower is better).'
          : `Δ = candidate − baseline (↑ higher is better, ↓ lower is better).${result.baseline.kind === 'results' ? ' Unpaired: no interval of the change.' : ''}`,
        '',
        row(columns),
        row(align),
      ],
    },
    { lines: [rowOf(entries[0])] },
    ...entries.slice(1).map((e) => ({ lines: [rowOf(e)], drop: 'metrics' as const })),
    { lines: [''] },
    {
      lines: [],
      note: {
        group: 'metrics',
        text: (left) =>
          `_${formatCount(left)} of the ${formatCount(total)} other metrics left out to fit; the full report has them._`,
      },
    },
  ];
}

interface ChartItem {
  name: string;
  delta: number;
  ci: [number, number] | null;
}

/**
 * Groups of metrics whose changes are of a size (the largest at most RATIO times the smallest), so
 * that an mse change of 150 does not flatten an r2 change of 0.01 on one axis. Zero-sized changes join
 * the group that comes first; groups are ordered by their first item (the primary metric's group first)
 * and items keep their order within a group.
 */
export function scaleGroups<T>(items: readonly T[], size: (t: T) => number, ratio = 20): T[][] {
  const sized = items.map((t, i) => ({ t, i, s: Math.abs(size(t)) }));
  const bySize = sized.filter((x) => x.s > 0).sort((a, b) => b.s - a.s);
  const groups: (typeof sized)[] = [];
  for (const x of bySize) {
    const g = groups[groups.length - 1];
    if (g && x.s * ratio >= g[0].s) g.push(x);
    else groups.push([x]);
  }
  const zeros = sized.filter((x) => !(x.s > 0));
  if (zeros.length) {
    const first = groups.reduce<(typeof sized)[number][] | undefined>(
      (best, g) => (!best || Math.min(...g.map((x) => x.i)) < Math.min(...best.map((x) => x.i)) ? g : best),
      undefined,
    );
    if (first) first.push(...zeros);
    else groups.push(zeros);
  }
  return groups
    .map((g) => g.sort((a, b) => a.i - b.i))
    .sort((a, b) => a[0].i - b[0].i)
    .map((g) => g.map((x) => x.t));
}

/**
 * Mermaid's xychart (what GitHub renders today) has no error bars, and its bars rise from the bottom
 * of the y axis rather than from zero (mermaid's barPlot.ts), so a bar cannot show a signed change on
 * its own. Each chart therefore draws Δ as bars on an axis that spans zero and every CI end, a "no
 * change" line at 0 to read each bar's top against, and the CIs as text under it (they are also in the
 * metrics table). xychart's numbers take no exponent (`[+-]?\d+(\.\d+)?`), so values are fixed-point.
 */
function deltaCharts(result: ComparisonResult): Block[] {
  if (result.baseline.kind === 'none') return [];
  const items: ChartItem[] = orderedMetrics(result)
    .filter(([, m]) => finite(m.delta))
    .slice(0, MAX_CHART_BARS)
    .map(([n, m]) => ({
      name: n,
      delta: m.delta as number,
      ci: m.ci95 && finite(m.ci95[0]) && finite(m.ci95[1]) ? m.ci95 : null,
    }));
  if (!items.length) return [];
  const groups = scaleGroups(items, (t) => Math.max(Math.abs(t.delta), ...(t.ci ? t.ci.map(Math.abs) : [0])));
  const level = levelPercent(result);
  const blocks: Block[] = [
    {
      head: true,
      lines: [
        `### Change per metric (Δ = candidate − baseline${items.some((i) => i.ci) ? `, with its ${level} CI` : ''})`,
        '',
        "Bars rise from the axis floor: read each bar's top against the no-change line at 0.",
        '',
      ],
    },
  ];
  groups.forEach((g, k) => {
    const values = g.flatMap((t) => [t.delta, ...(t.ci ?? [])]);
    let lo = Math.min(0, ...values);
    let hi = Math.max(0, ...values);
    const pad = (hi - lo) * 0.1 || Math.max(Math.abs(hi), 1e-6);
    lo = lo < 0 ? lo - pad : 0;
    hi = hi > 0 ? hi + pad : lo < 0 ? pad / 10 : pad;
    const decimals = mermaidDecimals(Math.max(Math.abs(lo), Math.abs(hi)));
    const n = (v: number) => mermaidNumber(v, decimals);
    const cis = g
      .map((t) => `${name(t.name)} ${signed(t.delta)} ${t.ci ? interval(t.ci) : '(no CI)'}`)
      .join(' · ');
    blocks.push({
      lines: [
        '```mermaid',
        'xychart-beta',
        `  title "Δ per metric${groups.length > 1 ? ` (${k + 1} of ${groups.length}, by size)` : ''}"`,
        `  x-axis [${g.map((t) => mermaidLabel(t.name)).join(', ')}]`,
        `  y-axis "candidate − baseline" ${n(lo)} --> ${n(hi)}`,
        `  bar [${g.map((t) => n(t.delta)).join(', ')}]`,
        `  line [${g.map(() => '0').join(', ')}]`,
        '```',
        '',
        `${level} CI of Δ: ${cis}`,
        '',
      ],
    });
  });
  return blocks;
}

/** Decimals that show about four significant digits of values up to `max` in magnitude. */
function mermaidDecimals(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 4;
  return Math.min(12, Math.max(0, 3 - Math.floor(Math.log10(max))));
}

function mermaidNumber(v: number, decimals: number): string {
  const clamped = Math.max(-1e15, Math.min(1e15, v));
  const t = clamped.toFixed(decimals);
  const trimmed = t.includes('.') ? t.replace(/\.?0+$/, '') : t;
  return trimmed === '-0' ? '0' : trimmed;
}

function tests(result: ComparisonResult): Block[] {
  const { mcnemar, delong, wilcoxon } = result.tests;
  if (!mcnemar && !delong && !wilcoxon) {
    const why =
      result.baseline.kind === 'none'
        ? 'no baseline (bootstrap mode)'
        : result.baseline.kind === 'results'
          ? 'the baseline is stored results (unpaired)'
          : result.data.labelled
            ? 'none applied to this task'
            : 'the data are unlabelled';
    return [{ lines: ['### Paired tests', '', `No paired tests: ${why}.`, ''] }];
  }
  const lines = [row(['test', 'statistic', 'p-value', 'detail']), row(['---', '---:', '---:', '---'])];
  const notes: string[] = [];
  if (mcnemar) {
    const counts = `b = ${formatCount(mcnemar.b)} (baseline right, candidate wrong), c = ${formatCount(mcnemar.c)} (baseline wrong, candidate right)`;
    lines.push(
      row([
        'McNemar χ², continuity-corrected',
        mcnemar.statistic === null ? 'n/a' : `χ² = ${num(mcnemar.statistic)}`,
        pValue(mcnemar.p_value),
        counts,
      ]),
      row([
        'McNemar exact binomial',
        `min(b, c) = ${formatCount(Math.min(mcnemar.b, mcnemar.c))} of ${formatCount(mcnemar.b + mcnemar.c)}`,
        pValue(mcnemar.exact_p_value),
        'two-sided, at 0.5',
      ]),
    );
    if (mcnemar.note) notes.push(`McNemar: ${text(mcnemar.note, MAX_REASON)}`);
  }
  if (delong) {
    lines.push(
      row([
        'DeLong, ΔAUC',
        delong.z === null ? 'n/a' : `z = ${num(delong.z)}`,
        pValue(delong.p_value),
        `ΔAUC ${signed(delong.difference)}, ${levelPercent(result)} CI ${interval(delong.ci95)}; AUC ${num(delong.auc_candidate)} vs ${num(delong.auc_baseline)}`,
      ]),
    );
    if (delong.note) notes.push(`DeLong: ${text(delong.note, MAX_REASON)}`);
  }
  if (wilcoxon) {
    lines.push(
      row([
        'Wilcoxon signed-rank on \\|error\\|',
        wilcoxon.statistic === null ? 'n/a' : `W = ${num(wilcoxon.statistic)}`,
        pValue(wilcoxon.p_value),
        `candidate's vs baseline's absolute errors; n = ${formatCount(wilcoxon.n)}, ${formatCount(wilcoxon.zeros)} zero differences${wilcoxon.method ? `, ${wilcoxon.method}` : ''}`,
      ]),
    );
    if (wilcoxon.note) notes.push(`Wilcoxon: ${text(wilcoxon.note, MAX_REASON)}`);
  }
  return [{ lines: ['### Paired tests', '', ...lines, '', ...notes.flatMap((n) => [n, ''])] }];
}

function latency(result: ComparisonResult): Block[] {
  const l = result.latency;
  if (!l) return [];
  const max = result.policy.max_latency_ratio;
  return [
    {
      lines: [
        `### Latency (batch 1, ${formatCount(l.rounds)} rounds, candidate and baseline alternating on this runner)`,
        '',
        row(['', 'candidate ms', 'baseline ms', 'ratio']),
        row(['---', '---:', '---:', '---:']),
        row(['p50', num(l.candidate.p50_ms), num(l.baseline.p50_ms), `${num(l.ratio_p50, 3)}×`]),
        row(['p95', num(l.candidate.p95_ms), num(l.baseline.p95_ms), `${num(l.ratio_p95, 3)}×`]),
        '',
        ...(max === null ? [] : [`Policy: at most ${num(max, 3)}× the baseline's latency.`, '']),
      ],
    },
  ];
}

function signature(result: ComparisonResult): Block[] {
  const s = result.signature;
  if (!s) return [];
  if (!s.breaking.length && !s.compatible.length) {
    return [{ lines: ['### Signature', '', 'Same inputs, outputs and classes.', ''] }];
  }
  const blocks: Block[] = [{ head: true, lines: ['### Signature', ''] }];
  if (s.breaking.length) {
    blocks.push(
      {
        head: true,
        lines: [
          `**Breaking changes (${formatCount(s.breaking.length)})** — policy: ${text(result.policy.signature)}`,
          '',
        ],
      },
      ...s.breaking.map((b) => ({ lines: [`- ❌ ${text(b, MAX_REASON)}`] })),
      { lines: [''] },
    );
  }
  if (s.compatible.length) {
    const total = s.compatible.length;
    blocks.push(
      { drop: 'compatible', head: true, lines: [`Compatible changes (${formatCount(total)}):`, ''] },
      ...s.compatible.map((c) => ({ drop: 'compatible' as const, lines: [`- ${text(c, MAX_REASON)}`] })),
      { lines: [''] },
      {
        lines: [],
        note: {
          group: 'compatible',
          text: (left) =>
            left === total
              ? `_${formatCount(total)} compatible signature changes left out to fit; the full report has them._`
              : `_${formatCount(left)} more compatible signature changes left out to fit._`,
        },
      },
    );
  }
  return blocks;
}

function shadow(result: ComparisonResult): Block[] {
  const s = result.shadow;
  if (!s) return [];
  const shift = s.score_shift
    ? `score distributions: KS D = ${num(s.score_shift.statistic)}, p = ${pValue(s.score_shift.p_value)}`
    : 'score distributions: not compared';
  const blocks: Block[] = [
    {
      lines: [
        '### Shadow mode',
        '',
        `${formatCount(s.rows)} unlabelled rows scored by both: agreement ${formatPercent(s.agreement_rate)}; ${shift}.`,
        '',
      ],
    },
  ];
  const top = s.top_disagreements.slice(0, MAX_DISAGREEMENTS);
  if (top.length) {
    const value = (v: number | string) => (typeof v === 'number' ? num(v) : name(v));
    blocks.push(
      {
        drop: 'disagreements',
        head: true,
        lines: [
          `Rows where they disagree most (top ${top.length}):`,
          '',
          row(['row', 'candidate', 'baseline', 'difference']),
          row(['---:', '---', '---', '---:']),
        ],
      },
      ...top.map((d) => ({
        drop: 'disagreements' as const,
        lines: [row([formatCount(d.row), value(d.candidate), value(d.baseline), num(d.difference)])],
      })),
      { lines: [''] },
      {
        lines: [],
        note: {
          group: 'disagreements',
          text: (left, total) =>
            left === total
              ? '_The top disagreements were left out to fit; the full report has them._'
              : `_${left} more disagreeing rows left out to fit._`,
        },
      },
    );
  }
  return blocks;
}

function conventions(result: ComparisonResult): string {
  const b = result.bootstrap;
  const ci = b
    ? `CIs of Δ: paired ${b.method} bootstrap (both models on the same resampled rows), ${formatCount(b.resamples)} resamples, seed ${b.seed}, level ${levelPercent(result)}`
    : 'no bootstrap CIs (no paired rows)';
  return `<sub>Conventions: Δ = candidate − baseline; relative Δ = Δ ÷ |baseline|; ${ci}; McNemar b = baseline right & candidate wrong, c = baseline wrong & candidate right; generated ${text(result.created_at)}.</sub>`;
}

// ---------------------------------------------------------------------------------------------------
// Fitting within the limit

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function blockBytes(lines: readonly string[]): number {
  let n = 0;
  for (const l of lines) n += bytes(l) + 1;
  return n;
}

function noteLines(b: Block, left: number, total: number): string[] {
  return b.note && left > 0 ? [b.note.text(left, total), ''] : [];
}

/**
 * The whole text when it fits; otherwise drop detail group by group (each from its end) until it
 * does, and as a last resort keep only whole blocks from the start. Blocks are whole table rows, list
 * items, paragraphs and fences, so no row or fence is ever cut.
 */
function fit(blocks: Block[], options: ComparisonMarkdownOptions): string {
  const limit = options.limit;
  const render = (kept: readonly Block[], dropped: Map<Drop, number>, totals: Map<Drop, number>) =>
    kept.flatMap((b) =>
      b.note ? noteLines(b, dropped.get(b.note.group) ?? 0, totals.get(b.note.group) ?? 0) : b.lines,
    );
  const whole = blocks.flatMap((b) => b.lines).join('\n');
  if (bytes(whole) <= limit) return whole;

  const pointer = [
    '',
    `… cut to fit GitHub's limit: the full report is ${text(options.artifactHint ?? DEFAULT_ARTIFACT_HINT, MAX_REASON)}`,
  ];
  const budget = limit - blockBytes(pointer);
  const totals = new Map<Drop, number>();
  // The notes count items (rows, list entries), not the group's heading block.
  for (const b of blocks) if (b.drop && !b.head) totals.set(b.drop, (totals.get(b.drop) ?? 0) + 1);
  const dropped = new Map<Drop, number>();
  const alive = blocks.map(() => true);
  let size = blockBytes(blocks.flatMap((b) => b.lines));
  const noteBlocks = blocks.filter((b) => b.note);
  const notesSize = () =>
    noteBlocks.reduce(
      (n, b) =>
        n +
        (b.note
          ? blockBytes(noteLines(b, dropped.get(b.note.group) ?? 0, totals.get(b.note.group) ?? 0))
          : 0),
      0,
    );
  outer: for (const group of DROP_ORDER) {
    for (let i = blocks.length - 1; i >= 0; i--) {
      if (size + notesSize() <= budget) break outer;
      if (!alive[i] || blocks[i].drop !== group) continue;
      alive[i] = false;
      size -= blockBytes(blocks[i].lines);
      if (!blocks[i].head) dropped.set(group, (dropped.get(group) ?? 0) + 1);
    }
  }
  // A group with none of its items left loses its heading too (no header-only table).
  blocks.forEach((b, i) => {
    if (alive[i] && b.drop && b.head && (dropped.get(b.drop) ?? 0) === (totals.get(b.drop) ?? 0)) {
      alive[i] = false;
      size -= blockBytes(b.lines);
    }
  });
  let kept = blocks.filter((_, i) => alive[i]);
  if (size + notesSize() > budget) {
    // Whole blocks from the start while they fit; the header (block 0) always.
    const prefix: Block[] = [];
    let used = 0;
    for (const b of kept) {
      const n = b.note
        ? blockBytes(noteLines(b, dropped.get(b.note.group) ?? 0, totals.get(b.note.group) ?? 0))
        : blockBytes(b.lines);
      if (prefix.length > 0 && used + n > budget) break;
      prefix.push(b);
      used += n;
    }
    while (prefix.length > 1 && (prefix[prefix.length - 1].head || isBlank(prefix[prefix.length - 1])))
      prefix.pop();
    kept = prefix;
  }
  const out = [...render(kept, dropped, totals), ...pointer];
  // The pointer's blank line is enough separation after a kept blank line.
  const textOut = out.join('\n').replace(/\n{3,}(?=… cut to fit)/, '\n\n');
  if (bytes(textOut) > limit) {
    throw new RangeError(
      `renderComparisonMarkdown: limit ${limit} bytes cannot hold the verdict and the pointer to the full report (${bytes(textOut)} bytes)`,
    );
  }
  return textOut;
}

function isBlank(b: Block): boolean {
  return !b.note && b.lines.every((l) => l === '');
}
