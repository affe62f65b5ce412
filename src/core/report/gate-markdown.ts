/**
 * verdict.md: the gate's verdict for the sticky PR comment, the job summary and the check run. The
 * verdict line, an override said in words, every reason, the sources with their sha256, then detail
 * (the comparison's metrics with their CIs, missed thresholds, drifted columns). Within a limit
 * (GitHub: 65 536 characters for a comment, 65 535 for a check run summary, 1 MiB for a job summary):
 * detail is dropped first, then reasons from the least severe, never half a table row, and the cut
 * says where the full verdict is. Every string from a result file is escaped.
 */
import type { GateInputs } from '../gate/inputs.js';
import { describePolicy } from '../gate/policy.js';
import { describeThreshold, type GateReason, type GateVerdict, type ReasonStatus } from '../gate/verdict.js';
import { markdownText } from './drift-markdown.js';
import { formatCount } from './format-number.js';

/** GitHub's limit on an issue or pull request comment body, in characters. */
export const GATE_COMMENT_LIMIT = 65_536;
/** GitHub's limit on a check run's output.summary and output.text, in characters. */
export const CHECK_RUN_TEXT_LIMIT = 65_535;
/** GitHub's limit on one step's job summary, in bytes. */
export const GATE_SUMMARY_LIMIT = 1024 * 1024;

export interface GateMarkdownOptions {
  /** The most the text may take (default GATE_COMMENT_LIMIT). */
  limit?: number;
  /** How the limit is counted: UTF-16 units (never fewer than GitHub's characters) or UTF-8 bytes. */
  unit?: 'characters' | 'bytes';
  /** A hidden first line (the sticky comment's marker). */
  marker?: string;
  /** The workflow run's page, linked from the footer. */
  runUrl?: string;
  /** Where the full verdict is, for the cut note: "the mlgate artifact of the workflow run". */
  artifactHint?: string;
  /** The result files, for the detail sections (metrics, thresholds, drifted columns). */
  inputs?: GateInputs;
  /** Leave out the heading (the check run shows its own title). */
  heading?: boolean;
}

const ICON: Record<ReasonStatus, string> = {
  pass: '✅',
  fail: '❌',
  inconclusive: '⚠️',
  warn: '⚠️',
  ignored: '➖',
};

const MAX_MESSAGE = 2000;
const MAX_NAME = 200;
const MAX_METRICS = 40;
const MAX_THRESHOLDS = 50;

function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

const esc = (text: string, max = MAX_MESSAGE) => markdownText(cap(text, max));

/**
 * A code span: nothing inside is markup, so only a backtick (which would end it), a pipe (which ends a
 * table cell even there) and line breaks need care.
 */
function code(text: string, max = 300): string {
  const clean = cap(text, max)
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
  return `\`${clean}\``;
}

function num(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toFixed(4)));
}

const signed = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : `${value > 0 ? '+' : ''}${num(value)}`;

/** The verdict in one heading line: "❌ mlgate gate: fail — churn". */
export function gateHeadline(verdict: GateVerdict): string {
  const overridden = verdict.override?.applied === true;
  const icon = overridden ? '🔓' : verdict.passed ? '✅' : verdict.conclusion === 'neutral' ? '⚠️' : '❌';
  const word = overridden ? `${verdict.verdict}, overridden` : verdict.verdict;
  return `${icon} mlgate gate: ${word} — ${esc(verdict.name, MAX_NAME)}`;
}

/** The check run's title (plain text, short). */
export function gateTitle(verdict: GateVerdict): string {
  const failing = verdict.reasons.filter((r) => r.status === 'fail').length;
  const base =
    verdict.verdict === 'pass'
      ? 'Passed'
      : verdict.verdict === 'fail'
        ? `Failed: ${failing} reason${failing === 1 ? '' : 's'}`
        : `Inconclusive (${verdict.conclusion})`;
  if (verdict.override?.applied) {
    return `${base}; overridden${verdict.override.by ? ` by @${cap(verdict.override.by, 100)}` : ''}`;
  }
  return base;
}

function overrideLines(verdict: GateVerdict): string[] {
  const o = verdict.override;
  if (!o) return [];
  const who = o.by ? `@${esc(o.by, 100)}` : 'someone whose login could not be read';
  const how = o.via === 'label' ? `the label ${code(o.label ?? '', 100)}` : 'the `override` input';
  if (!o.applied) {
    return [`> An override was asked for by ${who} through ${how}; it was not needed: the gate passed.`, ''];
  }
  return [
    `> 🔓 **Overridden** by ${who} through ${how}: ${esc(o.reason)}.`,
    `> The evidence says **${verdict.verdict}**; the gate was let through and the check run reports success.`,
    '',
  ];
}

function reasonRow(r: GateReason): string {
  return `| ${ICON[r.status]} ${r.status} | ${esc(r.source)} | ${esc(r.message)} |`;
}

function sourcesSection(verdict: GateVerdict): string[] {
  const entries = Object.entries(verdict.sources);
  if (entries.length === 0) return [];
  return [
    '### Sources',
    '',
    '| source | outcome | file | sha256 |',
    '|---|---|---|---|',
    ...entries.map(
      ([name, s]) =>
        `| ${name} | ${ICON[s.verdict]} ${s.verdict} | ${code(s.path)} | \`${s.sha256.slice(0, 12)}\` |`,
    ),
    '',
  ];
}

function comparisonSection(inputs: GateInputs | undefined): { head: string[]; rows: string[] } | undefined {
  const c = inputs?.comparison?.value;
  if (!c) return undefined;
  const baseline =
    c.baseline.kind === 'none'
      ? 'no baseline (bootstrap mode: value thresholds only)'
      : c.baseline.kind === 'results'
        ? `stored results ${esc(String((c.baseline as { path?: unknown }).path ?? ''), 300)} (unpaired: metrics only)`
        : c.baseline.kind === 'registry'
          ? `${esc(String((c.baseline as { tag?: unknown }).tag ?? (c.baseline as { ref?: unknown }).ref ?? ''), 300)} from the registry`
          : esc(String((c.baseline as { path?: unknown }).path ?? ''), 300);
  const names = Object.keys(c.metrics);
  const primary = typeof c.primary_metric === 'string' ? c.primary_metric : undefined;
  names.sort((a, b) => Number(b === primary) - Number(a === primary));
  const rows = names.slice(0, MAX_METRICS).map((name) => {
    const m = c.metrics[name];
    const ci = m.ci95 ? `[${signed(m.ci95[0])}, ${signed(m.ci95[1])}]` : '—';
    return `| ${esc(name, 100)}${name === primary ? ' (primary)' : ''} | ${num(m.candidate)} | ${num(m.baseline)} | ${signed(m.delta)} | ${ci} |`;
  });
  if (names.length > MAX_METRICS)
    rows.push(`| … ${names.length - MAX_METRICS} more in comparison.json | | | | |`);
  const rowCount = typeof c.rows === 'number' ? ` on ${formatCount(c.rows)} rows` : '';
  return {
    head: [
      '### Comparison',
      '',
      `Candidate ${code(c.candidate.path)} against ${baseline}${rowCount}${c.mode ? ` (${esc(c.mode, 20)})` : ''}: **${c.verdict}**.`,
      '',
      '| metric | candidate | baseline | Δ | 95% CI of Δ |',
      '|---|---:|---:|---:|---|',
    ],
    rows,
  };
}

function thresholdsSection(inputs: GateInputs | undefined): { head: string[]; rows: string[] } | undefined {
  const e = inputs?.evaluation?.value;
  if (!e || e.thresholds.length === 0) return undefined;
  const ordered = [...e.thresholds].sort((a, b) => Number(a.passed) - Number(b.passed));
  const rows = ordered
    .slice(0, MAX_THRESHOLDS)
    .map((t) => `| ${t.passed ? '✅' : '❌'} | ${esc(describeThreshold(t))} |`);
  if (ordered.length > MAX_THRESHOLDS)
    rows.push(`| | … ${ordered.length - MAX_THRESHOLDS} more in evaluation.json |`);
  return {
    head: [
      '### Evaluation thresholds',
      '',
      `${code(e.model.path)} on ${formatCount(e.rows)} rows:`,
      '',
      '| | threshold |',
      '|---|---|',
    ],
    rows,
  };
}

function driftSection(inputs: GateInputs | undefined): string[] {
  const d = inputs?.drift?.value;
  if (!d || d.drifted_columns.length === 0) return [];
  const shown = d.drifted_columns.slice(0, 50).map((c) => code(c, 100));
  const more = d.drifted_columns.length > 50 ? `, … ${d.drifted_columns.length - 50} more` : '';
  return ['### Drift', '', `Drifted columns: ${shown.join(', ')}${more}.`, ''];
}

function footer(verdict: GateVerdict, options: GateMarkdownOptions): string[] {
  // Parentheses and spaces would end the link early.
  const url = options.runUrl?.replace(
    /[()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  const link = url ? ` · [workflow run](${url})` : '';
  return [
    '---',
    `<sub>mlgate gate · policy (${verdict.policy.source}): ${esc(describePolicy(verdict.policy))}${link}</sub>`,
    '',
  ];
}

/** The verdict as Markdown within `options.limit` (see the file comment). */
export function renderGateMarkdown(verdict: GateVerdict, options: GateMarkdownOptions = {}): string {
  const limit = options.limit ?? GATE_COMMENT_LIMIT;
  const measure =
    options.unit === 'bytes' ? (s: string) => Buffer.byteLength(s, 'utf8') : (s: string) => s.length;
  const head: string[] = [];
  if (options.marker) head.push(options.marker);
  if (options.heading !== false) head.push(`## ${gateHeadline(verdict)}`, '');
  const state = verdict.passed ? 'yes' : 'no';
  head.push(`**Verdict: ${verdict.verdict}** · passed: ${state} · check run: ${verdict.conclusion}`, '');
  head.push(...overrideLines(verdict));
  const reasonHead = ['| status | source | reason |', '|---|---|---|'];
  const reasonRows = verdict.reasons.map(reasonRow);
  const comparison = comparisonSection(options.inputs);
  const thresholds = thresholdsSection(options.inputs);
  const tail = footer(verdict, options);
  const where = options.artifactHint ?? "verdict.json (the workflow run's artifacts)";
  const cutNote = (what: string) => [
    `> … ${what} cut to fit GitHub's limit: the full verdict is in ${where}.`,
    '',
  ];

  // Optional parts in the order they are dropped when the text is too long.
  const detail: { name: string; lines: string[] }[] = [
    { name: 'drift', lines: driftSection(options.inputs) },
    { name: 'thresholds', lines: thresholds ? [...thresholds.head, ...thresholds.rows, ''] : [] },
    { name: 'comparison', lines: comparison ? [...comparison.head, ...comparison.rows, ''] : [] },
    { name: 'sources', lines: sourcesSection(verdict) },
  ];
  const assemble = (keptDetail: number, keptReasons: number, note: string[]) => {
    const reasons =
      keptReasons >= reasonRows.length
        ? reasonRows
        : [
            ...reasonRows.slice(0, keptReasons),
            `| | | … ${reasonRows.length - keptReasons} more reasons in verdict.json |`,
          ];
    const lines = [...head, ...reasonHead, ...reasons, ''];
    // Kept detail keeps its reading order: sources, comparison, thresholds, drift.
    for (const part of detail.slice(detail.length - keptDetail).reverse()) lines.push(...part.lines);
    lines.push(...note, ...tail);
    return lines.join('\n');
  };
  const full = assemble(detail.length, reasonRows.length, []);
  if (measure(full) <= limit) return full;
  for (let kept = detail.length - 1; kept >= 0; kept--) {
    const text = assemble(kept, reasonRows.length, cutNote('Detail'));
    if (measure(text) <= limit) return text;
  }
  // Reasons are worst first: keep as many as fit (binary search on the count).
  let lo = 0;
  let hi = reasonRows.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(assemble(0, mid, cutNote('Reasons'))) <= limit) lo = mid;
    else hi = mid - 1;
  }
  const text = assemble(0, lo, cutNote('Reasons'));
  if (measure(text) <= limit) return text;
  // Only a tiny limit gets here: the verdict line alone.
  const minimal = [
    ...(options.marker ? [options.marker] : []),
    `**Verdict: ${verdict.verdict}** (${verdict.conclusion})`,
  ].join('\n');
  let out = minimal;
  while (out.length > 0 && measure(out) > limit) out = out.slice(0, -1);
  return out;
}

/**
 * The detail alone (the comparison's metrics, the thresholds, the drifted columns): the check run's
 * `text`, beside a summary that holds the verdict and its reasons. Empty when there is none.
 */
export function renderGateDetails(
  inputs: GateInputs,
  options: { limit?: number; artifactHint?: string } = {},
): string {
  const limit = options.limit ?? CHECK_RUN_TEXT_LIMIT;
  const comparison = comparisonSection(inputs);
  const thresholds = thresholdsSection(inputs);
  const parts = [
    comparison ? [...comparison.head, ...comparison.rows, ''] : [],
    thresholds ? [...thresholds.head, ...thresholds.rows, ''] : [],
    driftSection(inputs),
  ].filter((p) => p.length > 0);
  const where = options.artifactHint ?? "verdict.json (the workflow run's artifacts)";
  for (let kept = parts.length; kept >= 0; kept--) {
    const note = kept < parts.length ? [`> … detail cut to fit GitHub's limit: see ${where}.`] : [];
    const text = [...parts.slice(0, kept).flat(), ...note].join('\n');
    if (text.length <= limit) return text;
  }
  return '';
}
