/**
 * The model card of a version (model-card.md) and its summary (the release body), generated from the
 * manifest in the spirit of Mitchell et al., "Model Cards for Model Reporting" (2019), and Hugging Face's
 * model cards: what the model is, how it was evaluated and compared, on which data, and where it came from,
 * with the user's own sections (intended use, limitations, ...) kept as they wrote them.
 *
 * Every string from the user or the model file is escaped where it lands (a cell, a heading, a sentence):
 * a model named `<script>` or a metadata value holding `|` must neither break a table nor inject HTML.
 */
import { escapeCell } from '../report/markdown-table.js';
import { formatMetric } from '../report/evaluation-markdown.js';
import { formatCount } from '../report/format-number.js';
import type { Manifest, SignatureValue, Verdict } from './types.js';

export interface ModelCard {
  /** model-card.md, at most MARKDOWN_LIMIT_BYTES of UTF-8. */
  markdown: string;
  /** The release body, at most SUMMARY_LIMIT_CHARS characters. */
  summary: string;
}

/** GitHub refuses a release body above 125 000 characters; stay well under it. */
export const SUMMARY_LIMIT_CHARS = 100_000;
/** A card beyond this is no longer read by anyone; the manifest keeps everything. */
export const MARKDOWN_LIMIT_BYTES = 1024 * 1024;
/** Rows of the summary's metrics table. */
export const SUMMARY_METRIC_ROWS = 12;

export function renderModelCard(manifest: Manifest): ModelCard {
  return { markdown: renderMarkdown(manifest), summary: renderSummary(manifest) };
}

// ---------------------------------------------------------------------------------------------------
// Escaping

/**
 * Characters that start Markdown or HTML syntax, as character references: CommonMark treats a reference
 * as literal text, never as markup, and unlike a backslash escape it survives escapeCell (which doubles
 * backslashes). `~` (strikethrough) and `$` (GitHub's math) are GFM's additions. An underscore between
 * two letters or digits can neither open nor close emphasis, so `roc_auc` stays readable in the file.
 */
const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '#': '&#35;',
  '~': '&#126;',
  $: '&#36;',
};
const SIGNIFICANT = /[&<>`*[\]#~$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;

/** Text inside a sentence or a heading: one line, nothing interpreted. */
export function escapeInline(text: string): string {
  return text
    .replace(SIGNIFICANT, (c) => REFERENCES[c])
    .replace(/\\/g, '&#92;')
    .replace(/\|/g, '&#124;')
    .replace(/\r?\n|\r/g, ' ');
}

/** Text in a table cell: escapeCell keeps the row whole (pipes, newlines), the references the rest. */
function cell(text: string): string {
  return escapeCell(text.replace(SIGNIFICANT, (c) => REFERENCES[c]));
}

/** A digest in a code span when it is the hex it should be; otherwise escaped like any other text. */
function digestCell(sha256: string): string {
  return /^[0-9a-f]+$/i.test(sha256) ? `\`${sha256}\`` : cell(sha256);
}

function tableRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

// ---------------------------------------------------------------------------------------------------
// Values shown in several places

const TASKS: Record<NonNullable<Manifest['task']>, string> = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression',
};

/** The metric a reader looks at first, by task (DESIGN §4 names). */
const PRIMARY: Record<NonNullable<Manifest['task']>, string> = {
  binary: 'roc_auc',
  multiclass: 'accuracy',
  regression: 'rmse',
};

const NOT_RECORDED = 'not recorded';

function primaryMetric(manifest: Manifest): string | undefined {
  const preferred = manifest.task === null ? undefined : PRIMARY[manifest.task];
  if (preferred !== undefined && Object.hasOwn(manifest.metrics, preferred)) return preferred;
  return Object.keys(manifest.metrics)[0];
}

function metricValue(value: number | null): string {
  return value === null ? 'not computable' : formatMetric(value);
}

function verdictText(verdict: Verdict | null): string {
  if (verdict === null) return NOT_RECORDED;
  return { pass: '✅ pass', fail: '❌ fail', inconclusive: '❔ inconclusive' }[verdict];
}

/** 1536 → "1.5 KiB (1,536 bytes)". */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  if (!Number.isFinite(bytes) || Math.abs(bytes) < 1024) return `${formatCount(bytes)} bytes`;
  let value = bytes;
  let unit = -1;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]} (${formatCount(bytes)} bytes)`;
}

function title(manifest: Manifest): string {
  return `# ${escapeInline(manifest.name)} v${escapeInline(manifest.version)}`;
}

/** One paragraph: task, verdict, the primary metric, evaluation rows, baseline. */
function summaryParagraph(manifest: Manifest): string {
  const task =
    manifest.task === null ? 'Model (task not recorded)' : `${capitalise(TASKS[manifest.task])} model`;
  const parts = [`${task}, verdict ${verdictText(manifest.verdict)}.`];
  const primary = primaryMetric(manifest);
  const rows = manifest.evaluation ? ` on ${formatCount(manifest.evaluation.rows)} evaluation rows` : '';
  if (primary === undefined) {
    parts.push(
      manifest.evaluation ? `The evaluation${rows} recorded no metrics.` : 'Evaluation not recorded.',
    );
  } else {
    parts.push(`${escapeInline(primary)} ${metricValue(manifest.metrics[primary])}${rows}.`);
  }
  const baseline = manifest.comparison?.baseline;
  if (manifest.comparison === null) parts.push('Comparison not recorded.');
  else if (baseline === null || baseline === undefined) parts.push('Compared with a baseline (not named).');
  else parts.push(`Compared with ${escapeInline(baseline)}.`);
  return parts.join(' ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function metricsTable(entries: [string, number | null][]): string[] {
  return [
    '| metric | value |',
    '|---|---:|',
    ...entries.map(([name, value]) => tableRow([cell(name), metricValue(value)])),
  ];
}

// ---------------------------------------------------------------------------------------------------
// The card

function renderMarkdown(manifest: Manifest): string {
  const head = [title(manifest), '', summaryParagraph(manifest), '', ...modelDetails(manifest)];
  const user = manifest.card_sections.flatMap((section) => [
    `## ${escapeInline(section.title)}`,
    '',
    // The user's Markdown, as they wrote it (it is theirs), only closed where it was left open.
    closeOpenBlocks(section.body.replace(/\s+$/, '')),
    '',
  ]);
  const tail = [...evaluation(manifest), ...comparison(manifest), ...data(manifest), ...provenance(manifest)];
  return capDocument(head.join('\n'), user.join('\n'), tail.join('\n'));
}

function modelDetails(manifest: Manifest): string[] {
  const m = manifest.model;
  const opsets = m.opsets.map((o) => `${o.domain} ${o.version}`).join(', ');
  const lines = [
    '## Model details',
    '',
    '| | |',
    '|---|---|',
    tableRow(['Producer', cell(`${m.producer.name} ${m.producer.version}`.trim() || NOT_RECORDED)]),
    tableRow(['ONNX IR version', String(m.ir_version)]),
    tableRow(['Opsets', cell(opsets || 'none declared')]),
    tableRow(['Graph name', cell(m.graph_name || '(unnamed)')]),
    tableRow(['File', cell(m.file)]),
    tableRow(['Size', formatBytes(m.size_bytes)]),
    tableRow(['SHA-256', digestCell(m.sha256)]),
    '',
    '### Metadata',
    '',
  ];
  const metadata = Object.entries(m.metadata);
  if (metadata.length === 0) lines.push('The model file declares no metadata_props.', '');
  else {
    lines.push('| key | value |', '|---|---|');
    for (const [key, value] of metadata) lines.push(tableRow([cell(key), cell(shortened(value))]));
    lines.push('');
  }
  lines.push(
    ...signatureTable('Inputs', m.signature.inputs),
    ...signatureTable('Outputs', m.signature.outputs),
  );
  const classes = m.signature.classes;
  if (classes !== undefined) {
    lines.push('### Classes', '', 'In the order of the probability columns.', '');
    lines.push('| column | class |', '|---:|---|');
    classes.forEach((c, i) => lines.push(tableRow([String(i), cell(c)])));
    lines.push('');
  }
  return lines;
}

/**
 * Metadata values can be whole vocabularies or configs; the card shows their start (the model file and
 * the manifest keep all of it) so one value cannot push the evaluation and provenance past the cap.
 */
export const METADATA_VALUE_CHARS = 1000;

function shortened(value: string): string {
  if (value.length <= METADATA_VALUE_CHARS) return value;
  let end = METADATA_VALUE_CHARS;
  if (/[\uD800-\uDBFF]/.test(value[end - 1])) end--;
  return `${value.slice(0, end)} … (${formatCount(value.length - end)} more characters)`;
}

function signatureTable(heading: string, values: SignatureValue[]): string[] {
  if (values.length === 0) return [`### ${heading}`, '', 'None declared.', ''];
  return [
    `### ${heading}`,
    '',
    '| name | type |',
    '|---|---|',
    ...values.map((v) => tableRow([cell(v.name), cell(v.description)])),
    '',
  ];
}

function evaluation(manifest: Manifest): string[] {
  const lines = ['## Evaluation', ''];
  const e = manifest.evaluation;
  if (e === null) lines.push(`Evaluation ${NOT_RECORDED}.`, '');
  else {
    lines.push(
      `Thresholds ${e.passed ? 'passed ✅' : 'failed ❌'} on ${formatCount(e.rows)} rows ` +
        `(${cell(e.file)}, SHA-256 ${digestCell(e.sha256)}).`,
      '',
    );
  }
  const metrics = Object.entries(manifest.metrics);
  if (metrics.length) lines.push(...metricsTable(metrics), '');
  else if (e !== null) lines.push('No metrics recorded.', '');
  return lines;
}

function comparison(manifest: Manifest): string[] {
  const c = manifest.comparison;
  if (c === null) return ['## Comparison', '', `Comparison ${NOT_RECORDED}.`, ''];
  return [
    '## Comparison',
    '',
    '| | |',
    '|---|---|',
    tableRow(['Verdict', verdictText(c.verdict)]),
    tableRow(['Baseline', c.baseline === null ? NOT_RECORDED : cell(c.baseline)]),
    tableRow(['File', `${cell(c.file)}, SHA-256 ${digestCell(c.sha256)}`]),
    '',
  ];
}

function data(manifest: Manifest): string[] {
  const lines = ['## Data', ''];
  if (manifest.data.length === 0) lines.push(`Data files ${NOT_RECORDED}.`, '');
  else {
    lines.push('| file | SHA-256 | size |', '|---|---|---:|');
    for (const f of manifest.data) {
      lines.push(tableRow([cell(f.path), digestCell(f.sha256), formatBytes(f.size_bytes)]));
    }
    lines.push('');
  }
  lines.push('### Reference data', '');
  if (manifest.reference_data.length === 0) {
    lines.push(`Reference (training) data ${NOT_RECORDED}.`, '');
  } else {
    lines.push(
      'What drift-check compares current data with.',
      '',
      '| file | SHA-256 | size |',
      '|---|---|---:|',
    );
    for (const f of manifest.reference_data) {
      lines.push(tableRow([cell(f.path), digestCell(f.sha256), formatBytes(f.size_bytes)]));
    }
    lines.push('');
  }
  lines.push('### Config file', '');
  const c = manifest.config;
  if (c === null) lines.push(`Config file ${NOT_RECORDED} (no mlgate.yml was used).`, '');
  else {
    lines.push(
      '| file | SHA-256 | size |',
      '|---|---|---:|',
      tableRow([cell(c.path), digestCell(c.sha256), formatBytes(c.size_bytes)]),
      '',
    );
  }
  return lines;
}

function provenance(manifest: Manifest): string[] {
  const orNot = (value: string | null) => (value === null ? NOT_RECORDED : cell(value));
  const lines = [
    '## Provenance',
    '',
    '| | |',
    '|---|---|',
    tableRow(['Repository', orNot(manifest.git.repository)]),
    tableRow(['Commit', manifest.git.commit === null ? NOT_RECORDED : digestCell(manifest.git.commit)]),
    tableRow(['Ref', orNot(manifest.git.ref)]),
    tableRow(['Workflow run', orNot(manifest.workflow_run_url)]),
    tableRow(['ONNX Runtime', orNot(manifest.onnxruntime_version)]),
    tableRow(['Created at', cell(manifest.created_at)]),
    tableRow(['Tag', cell(manifest.tag)]),
    '',
    '### How this version was chosen',
    '',
  ];
  const { kind, from, breaking_changes: breaking } = manifest.bump;
  const previous = from === null ? 'no earlier version' : `from ${escapeInline(from)}`;
  lines.push(
    kind === 'explicit' ? `Version given explicitly (${previous}).` : `A ${kind} bump (${previous}).`,
    '',
  );
  if (breaking.length === 0) lines.push('No breaking signature changes.', '');
  else {
    lines.push('Breaking signature changes:', '', ...breaking.map((b) => `- ${escapeInline(b)}`), '');
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// The summary

function renderSummary(manifest: Manifest): string {
  const metrics = Object.entries(manifest.metrics);
  const primary = primaryMetric(manifest);
  // The primary metric first, then the others in the evaluation's order.
  const ordered =
    primary === undefined
      ? metrics
      : [...metrics.filter(([n]) => n === primary), ...metrics.filter(([n]) => n !== primary)];
  const shown = ordered.slice(0, SUMMARY_METRIC_ROWS);
  // Every line but the last can grow with the user's strings (name, baseline, metric names): all of it
  // may be cut, and the line saying where the rest is stays.
  const body = [title(manifest), '', summaryParagraph(manifest), ''];
  if (shown.length) {
    body.push(...metricsTable(shown));
    if (ordered.length > shown.length)
      body.push('', `… and ${ordered.length - shown.length} more metrics in the model card.`);
    body.push('');
  }
  body.push(`**Verdict:** ${verdictText(manifest.verdict)}`, '');
  const results = manifest.comparison === null ? 'the evaluation' : 'the evaluation and comparison';
  const tail = `The full model card (model-card.md), the manifest (manifest.json) and ${results} are assets of this release.`;
  return capText('', body.join('\n'), tail, SUMMARY_LIMIT_CHARS, (s) => s.length, 'summary', 'characters');
}

// ---------------------------------------------------------------------------------------------------
// Caps

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

function capDocument(head: string, user: string, tail: string): string {
  return capText(head, user, tail, MARKDOWN_LIMIT_BYTES, utf8Length, 'model card', 'bytes');
}

/**
 * head + middle + tail when it fits `limit`; otherwise the middle (the part that grows with what the user
 * wrote) is cut at a line end with a note, and when head and tail alone are too large the whole text is.
 */
function capText(
  head: string,
  middle: string,
  tail: string,
  limit: number,
  measure: (text: string) => number,
  what: string,
  unit: string,
): string {
  const join = (...parts: string[]) => `${parts.filter((p) => p !== '').join('\n')}\n`.replace(/\n+$/, '\n');
  const whole = join(head, middle, tail);
  if (measure(whole) <= limit) return whole;
  const note = `*… cut here: the ${what} would be longer than ${formatCount(limit)} ${unit}.*`;
  // Blank lines around the note keep it out of a cut paragraph or table: 2 more than the kept text.
  const ended = (kept: string) => (kept === '' ? '' : `${kept}\n`);
  const withMiddle = (kept: string) => join(head, ended(kept), ended(note), tail);
  if (measure(withMiddle('')) <= limit) {
    return withMiddle(cutToFit(middle, limit - measure(withMiddle('')) - 2, measure));
  }
  const withWhole = (kept: string) => join(ended(kept), note);
  return withWhole(cutToFit(whole, limit - measure(withWhole('')) - 2, measure));
}

/**
 * `text` with a code fence or an HTML comment it leaves open closed: either would swallow everything
 * after it (the rest of the card, the note of a cut). CommonMark's rules for both, ignoring container
 * blocks (a fence inside a list item or a quote is taken as if at the margin).
 */
export function closeOpenBlocks(text: string): string {
  let fence: string | undefined;
  let comment = false;
  for (const line of text.split('\n')) {
    if (comment) {
      if (line.includes('-->')) comment = false;
      continue;
    }
    const marker = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence !== undefined) {
      const closes = marker && marker[1][0] === fence[0] && marker[1].length >= fence.length;
      if (closes && marker[2].trim() === '') fence = undefined;
      continue;
    }
    // A backtick fence's info string holds no backtick (else the line is inline code).
    if (marker && !(marker[1][0] === '`' && marker[2].includes('`'))) fence = marker[1];
    // An HTML block of type 2 starts with <!-- and ends at the line holding -->.
    else if (/^ {0,3}<!--/.test(line) && !line.slice(line.indexOf('<!--') + 4).includes('-->'))
      comment = true;
  }
  if (fence !== undefined) return `${text}\n${fence}`;
  if (comment) return `${text}\n-->`;
  return text;
}

/** How far back a cut looks for a line end before it cuts a line. */
const LINE_SLACK = 4096;

/**
 * The longest prefix of `text` within `budget`, ending at a line end when there is one, never inside a
 * surrogate pair or a character reference, and with an open code fence closed (it would swallow the note).
 */
function cutToFit(text: string, budget: number, measure: (text: string) => number): string {
  let room = budget;
  while (room > 0) {
    // Binary search on the prefix length: measure grows with it.
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (measure(text.slice(0, mid)) <= room) lo = mid;
      else hi = mid - 1;
    }
    let cut = lo;
    // At a line end when one is near; a long line (a paragraph, a minified blob) is cut inside instead.
    const lineEnd = text.lastIndexOf('\n', cut);
    if (lineEnd > 0 && cut - lineEnd <= LINE_SLACK) cut = lineEnd;
    else {
      if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1])) cut--;
      const reference = text.slice(Math.max(0, cut - 10), cut).search(/&[#\w]*$/);
      if (reference >= 0) cut = Math.max(0, cut - 10) + reference;
    }
    const kept = closeOpenBlocks(text.slice(0, cut));
    const over = measure(kept) - budget;
    if (over <= 0) return kept;
    room -= over;
  }
  return '';
}
