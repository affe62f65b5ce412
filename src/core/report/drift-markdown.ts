/**
 * drift.md: the job summary and the drift issue's body. A verdict line, the drifted columns, a table of
 * every column, a Mermaid bar chart of each tested column's score against its threshold, data quality
 * findings and the conventions. Column names and values come from the data: escaped everywhere.
 */
import { fmt } from '../drift/decide.js';
import { relativeScore } from '../drift/relative-score.js';
import type { DriftColumn, DriftResult } from '../drift/result.js';

/** Text from the data, shown as text in GitHub Markdown (no markup, no HTML, no links). */
export function markdownText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#|~])/g, '\\$1')
    .replace(/\r?\n|\r/g, ' ');
}

/** A label inside a Mermaid chart's quoted list: no quotes, backticks or line breaks can end it. */
function mermaidLabel(text: string): string {
  const clean = text.replace(/["`\r\n\\]/g, "'").replace(/[<>&]/g, ' ');
  return `"${clean.length > 30 ? `${clean.slice(0, 29)}…` : clean}"`;
}

/** A table row of cells already escaped (markdownText escapes pipes too). */
function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

const MAX_CHART_COLUMNS = 40;
const MAX_TABLE_COLUMNS = 200;

export function renderDriftMarkdown(result: DriftResult): string {
  const lines: string[] = [];
  const name = result.name ? ` — ${markdownText(result.name)}` : '';
  lines.push(
    `## mlgate drift${name}: ${result.dataset_drift ? '**drift detected**' : 'no dataset drift'}`,
    '',
  );
  lines.push(
    `${result.summary.because}. Reference: ${result.reference.rows.toLocaleString('en-US')} rows (${result.reference.files.map(markdownText).join(', ')}); current: ${result.current.rows.toLocaleString('en-US')} rows (${result.current.files.map(markdownText).join(', ')}).`,
    '',
  );
  if (result.drifted_columns.length) {
    lines.push(
      `Drifted columns: ${result.drifted_columns.map((c) => `\`${c.replace(/`/g, "'")}\``).join(', ')}`,
      '',
    );
  }
  const entries = Object.entries(result.columns);
  lines.push(
    row(['column', 'type', 'method', 'score', 'threshold', 'drifted', 'why']),
    row(['---', '---', '---', '---:', '---:', '---', '---']),
  );
  const ordered = [...entries].sort((a, b) => Number(b[1].drifted) - Number(a[1].drifted));
  for (const [column, c] of ordered.slice(0, MAX_TABLE_COLUMNS)) {
    lines.push(
      row([
        markdownText(column),
        c.tested_as ? `${c.type} (as categories)` : c.type,
        c.method ?? '—',
        c.score === null ? 'n/a' : fmt(c.p_value_adjusted ?? c.score),
        c.threshold === null ? '—' : fmt(c.threshold),
        c.drifted ? '**yes**' : c.score === null ? 'not tested' : 'no',
        markdownText(c.because),
      ]),
    );
  }
  if (ordered.length > MAX_TABLE_COLUMNS) {
    lines.push('', `… and ${ordered.length - MAX_TABLE_COLUMNS} more columns: see drift.json.`);
  }
  for (const [column, why] of Object.entries(result.not_tested)) {
    lines.push(row([markdownText(column), '—', '—', '—', '—', 'not tested', markdownText(why)]));
  }
  lines.push('', ...predictions(result), ...chart(entries), ...quality(entries));
  lines.push(
    '<details><summary>How the numbers are computed</summary>',
    '',
    ...result.conventions.map((c) => `- ${c}`),
    '',
    `Settings: alpha ${fmt(result.settings.alpha)}, correction ${result.settings.correction}, min_effect ${fmt(result.settings.min_effect)}, distance thresholds wasserstein ${fmt(result.settings.thresholds.wasserstein)} / psi ${fmt(result.settings.thresholds.psi)} / jensen_shannon ${fmt(result.settings.thresholds.jensen_shannon)}, p-value tests up to ${result.settings.small_sample} reference values, min_values ${result.settings.min_values}, drift_share ${fmt(result.settings.drift_share)}.`,
    '',
    '</details>',
    '',
  );
  return lines.join('\n');
}

function chart(entries: [string, DriftColumn][]): string[] {
  const scored = entries
    .map(([name, c]) => [name, relativeScore(c)] as const)
    .filter((e): e is readonly [string, number] => e[1] !== null)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_CHART_COLUMNS);
  if (scored.length === 0) return [];
  const top = Math.max(2, ...scored.map(([, v]) => Math.min(v, 10)));
  return [
    '### Drift score ÷ threshold (1 = the threshold; p-value tests: log p ÷ log α)',
    '',
    '```mermaid',
    'xychart-beta',
    '  title "Drift score relative to its threshold"',
    `  x-axis [${scored.map(([name]) => mermaidLabel(name)).join(', ')}]`,
    `  y-axis "score ÷ threshold (capped at 10)" 0 --> ${Math.ceil(top)}`,
    `  bar [${scored.map(([, v]) => Number(Math.min(v, 10).toFixed(3))).join(', ')}]`,
    `  line [${scored.map(() => 1).join(', ')}]`,
    '```',
    '',
  ];
}

function quality(entries: [string, DriftColumn][]): string[] {
  const findings: string[] = [];
  for (const [name, c] of entries) {
    const q = c.quality;
    const what: string[] = [];
    if (Math.abs(q.null_fraction.change) >= 0.01) {
      what.push(`missing ${pct(q.null_fraction.reference)} → ${pct(q.null_fraction.current)}`);
    }
    if (q.nan.current + q.infinite.current > 0)
      what.push(`${q.nan.current} NaN, ${q.infinite.current} infinite in current`);
    if (q.out_of_range && q.out_of_range.below + q.out_of_range.above > 0) {
      what.push(
        `${q.out_of_range.below + q.out_of_range.above} current values (${pct(q.out_of_range.share)}) outside the reference range [${fmt(q.out_of_range.reference_min)}, ${fmt(q.out_of_range.reference_max)}]`,
      );
    }
    if (q.new_categories) {
      what.push(
        `${q.new_categories.count} new categories (${pct(q.new_categories.share)} of current rows): ${q.new_categories.values
          .slice(0, 5)
          .map((v) => `"${v}"`)
          .join(', ')}${q.new_categories.count > 5 ? ', …' : ''}`,
      );
    }
    if (q.constant.reference || q.constant.current) {
      what.push(
        `constant in ${q.constant.reference && q.constant.current ? 'both' : q.constant.reference ? 'reference' : 'current'}`,
      );
    }
    if (what.length) findings.push(row([markdownText(name), markdownText(what.join('; '))]));
  }
  if (!findings.length) return [];
  return ['### Data quality', '', row(['column', 'finding']), row(['---', '---']), ...findings, ''];
}

function predictions(result: DriftResult): string[] {
  const p = result.prediction_drift;
  if (!p) return [];
  const lines = [
    `### Model outputs (${markdownText(p.model.path)}): ${p.drifted ? '**drifted**' : 'no drift'}`,
    '',
    ...(p.model.execution_provider !== 'cpu' || p.model.fell_back
      ? [
          `Run on ${p.model.execution_provider}${p.model.fell_back ? ` (asked for ${p.model.requested_provider}; fell back: ${markdownText(p.model.fallback_reason ?? 'fallback: cpu')})` : ''}.`,
          '',
        ]
      : []),
    row(['output', 'method', 'score', 'threshold', 'drifted', 'why']),
    row(['---', '---', '---:', '---:', '---', '---']),
  ];
  for (const [what, c] of [
    [p.task === 'regression' ? 'predicted value' : 'P(positive class)', p.score],
    ['predicted class', p.classes],
  ] as const) {
    if (!c) continue;
    lines.push(
      row([
        what,
        c.method ?? '—',
        c.score === null ? 'n/a' : fmt(c.score),
        c.threshold === null ? '—' : fmt(c.threshold),
        c.drifted ? '**yes**' : c.score === null ? 'not tested' : 'no',
        markdownText(c.because),
      ]),
    );
  }
  if (p.metric) {
    const m = p.metric;
    lines.push(
      '',
      m.reference !== null && m.current !== null
        ? `${m.name}: ${fmt(m.reference)} on the reference, ${fmt(m.current)} on the current data (change ${m.change! >= 0 ? '+' : ''}${fmt(m.change)}).`
        : `${m.name}: not computed on ${m.reference === null && m.current === null ? 'either side' : m.reference === null ? 'the reference' : 'the current data'}: no label column there.`,
    );
  }
  lines.push('');
  return lines;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.001 && x > 0 ? 3 : 1)}%`;
}
