/**
 * The job summary for an evaluation: verdict, thresholds, the metrics (with CIs), per-class figures and
 * the confusion matrix, slices, latency, a Mermaid chart (ROC for binary, per-class recall for
 * multiclass, residuals for regression) and the model's signature. Cells are escaped.
 */
import type { EvaluationResult, ThresholdOutcome } from '../evaluate/result.js';
import type { MetricValue } from '../metrics/types.js';
import { formatCount } from './format-number.js';
import { escapeCell, row } from './markdown-table.js';

export interface ChartData {
  /** Binary: ROC points (fpr, tpr) sorted by fpr. */
  roc?: { fpr: number[]; tpr: number[] };
  /** Regression: residual histogram. */
  residuals?: { edges: number[]; counts: number[] };
}

export function renderEvaluationMarkdown(result: EvaluationResult, chart: ChartData = {}): string {
  const verdict = result.thresholds_deferred
    ? '⏸ shard (thresholds judged at merge)'
    : result.passed
      ? '✅ passed'
      : '❌ failed';
  const shard = result.data.shard ? `, shard ${result.data.shard.index}/${result.data.shard.count}` : '';
  const lines = [
    `## mlgate evaluate: ${verdict}`,
    '',
    `\`${escapeCell(result.model.path)}\` on \`${escapeCell(result.data.path)}\`: ${formatCount(result.rows)} rows${shard}, task ${result.task}` +
      (result.runtime
        ? `, ${result.runtime.execution_provider} (ONNX Runtime ${result.runtime.ort_version})`
        : '') +
      (result.merged_from ? `, merged from ${result.merged_from.length} shards` : ''),
    '',
  ];
  if (result.thresholds.length) {
    lines.push(
      '### Thresholds',
      '',
      '| | metric | judged on | value | threshold |',
      '|---|---|---|---:|---:|',
    );
    for (const t of result.thresholds) lines.push(thresholdRow(t));
    lines.push('');
  }
  lines.push('### Metrics', '', '| metric | value | 95% CI |', '|---|---:|---|');
  for (const [name, value] of Object.entries(result.metrics)) {
    if (name === 'confusion_matrix') continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) lines.push(row([`${name}@${k}`, formatMetric(v), '']));
      continue;
    }
    const ci = result.ci[name];
    const reason = value === null ? ` (${result.unavailable[name] ?? 'not available'})` : '';
    lines.push(
      row([
        name,
        `${formatMetric(value)}${reason}`,
        ci ? `[${formatMetric(ci.lo)}, ${formatMetric(ci.hi)}]` : '',
      ]),
    );
  }
  if (result.per_class && Object.keys(result.per_class).length) {
    lines.push(
      '',
      '### Per class',
      '',
      '| class | precision | recall | f1 | support |',
      '|---|---:|---:|---:|---:|',
    );
    for (const [name, c] of Object.entries(result.per_class)) {
      lines.push(
        row([
          name,
          formatMetric(c.precision),
          formatMetric(c.recall),
          formatMetric(c.f1),
          formatCount(c.support),
        ]),
      );
    }
  }
  if (result.confusion_matrix && result.mapping.classes && result.confusion_matrix.length <= 20) {
    const classes = result.mapping.classes;
    lines.push('', '### Confusion matrix (rows: true class, columns: predicted)', '');
    lines.push(row(['', ...classes]), `|---|${classes.map(() => '---:').join('|')}|`);
    result.confusion_matrix.forEach((r, i) =>
      lines.push(row([`**${classes[i]}**`, ...r.map((v) => formatCount(v))])),
    );
  }
  const chartLines = renderChart(result, chart);
  if (chartLines.length) lines.push('', ...chartLines);
  if (result.slices.length) {
    lines.push(
      '',
      '### Slices',
      '',
      '| column | value | rows | metrics | thresholds |',
      '|---|---|---:|---|---|',
    );
    for (const s of result.slices) {
      const metrics = s.skipped
        ? s.skipped
        : sliceHeadline(result.task, s.metrics)
            .map(([k, v]) => `${k} ${formatMetric(v)}`)
            .join(', ');
      const verdicts = s.thresholds.map((t) => `${t.passed ? '✅' : '❌'} ${t.metric}`).join(', ');
      lines.push(row([s.column, s.value, formatCount(s.rows), metrics, verdicts]));
    }
    const worst = Object.entries(result.worst_slices);
    if (worst.length) {
      lines.push(
        '',
        `Worst slice: ${worst.map(([m, w]) => `${m} ${formatMetric(w.metric_value)} at ${w.column} = ${w.value}`).join('; ')}.`,
      );
    }
  }
  if (result.latency) {
    const l = result.latency;
    lines.push(
      '',
      `### Latency (${l.execution_provider}, after ${l.warmup} warm-up runs)`,
      '',
      '| batch | runs | p50 ms | p95 ms | p99 ms | ms per row (p50) | rows/s |',
      '|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const s of [l.single, l.batch]) {
      lines.push(
        row([
          formatCount(s.batch_size),
          String(s.runs),
          String(s.p50_ms),
          String(s.p95_ms),
          String(s.p99_ms),
          String(s.per_row_p50_ms),
          formatCount(s.rows_per_s),
        ]),
      );
    }
  }
  if (result.non_finite.count) {
    lines.push(
      '',
      `⚠️ ${formatCount(result.non_finite.count)} rows had NaN or infinite outputs and were left out (non-finite: ${result.non_finite.policy}); first rows: ${result.non_finite.rows.join(', ')}.`,
    );
  }
  const missing = Object.entries(result.missing_cells);
  if (missing.length) {
    lines.push(
      '',
      `Missing feature cells fed as NaN or "": ${missing.map(([c, n]) => `${escapeCell(c)} ${formatCount(n)}`).join(', ')}.`,
    );
  }
  lines.push('', '<details><summary>Model and runtime</summary>', '');
  lines.push(`- sha256 \`${result.model.sha256}\`, ${formatCount(result.model.size_bytes)} bytes`);
  if (result.model.producer)
    lines.push(
      `- producer ${escapeCell(result.model.producer)} ${escapeCell(result.model.producer_version ?? '')}, opsets ${(result.model.opsets ?? []).map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}`,
    );
  lines.push(`- inputs: ${result.model.inputs.map(describeValue).join(', ')}`);
  lines.push(`- outputs: ${result.model.outputs.map(describeValue).join(', ')}`);
  if (result.mapping.outputs.ignored.length)
    lines.push(
      `- outputs not read: ${result.mapping.outputs.ignored.map((i) => `${i.name} (${i.reason})`).join(', ')}`,
    );
  if (result.runtime) {
    const r = result.runtime;
    lines.push(
      `- runtime: ONNX Runtime ${r.ort_version}, provider ${r.execution_provider}${r.fell_back ? ` (fell back from ${r.requested_provider}: ${r.fallback_reason})` : ''}, ${r.threads ?? 'default'} threads, ${escapeCell(r.cpu)}${r.gpu ? `, GPU ${escapeCell(r.gpu)}` : ''}, Node ${r.node}`,
    );
  }
  lines.push('', '</details>');
  return `${lines.join('\n')}\n`;
}

/** The few metrics a slice row shows: the thresholded ones first, then the task's headline metrics. */
export function sliceHeadline(
  task: EvaluationResult['task'],
  metrics: Record<string, MetricValue>,
): [string, MetricValue][] {
  const headline =
    task === 'binary'
      ? ['accuracy', 'roc_auc', 'f1']
      : task === 'multiclass'
        ? ['accuracy', 'f1_macro', 'log_loss']
        : ['rmse', 'mae', 'r2'];
  const names = Object.keys(metrics).filter((k) => headline.includes(k));
  const shown = names.length
    ? names
    : Object.keys(metrics)
        .filter((k) => typeof metrics[k] === 'number')
        .slice(0, 3);
  return shown.map((k) => [k, metrics[k]]);
}

function describeValue(v: {
  name: string;
  is_tensor: boolean;
  dtype?: string;
  shape: (number | string)[];
}): string {
  return v.is_tensor
    ? `\`${escapeCell(v.name)}\` ${v.dtype}[${v.shape.join(', ')}]`
    : `\`${escapeCell(v.name)}\` (not a tensor)`;
}

function thresholdRow(t: ThresholdOutcome): string {
  const op = t.greater_is_better ? '≥' : '≤';
  const where = t.slice ? ` (${t.slice.column} = ${t.slice.value})` : '';
  const value = t.value === null ? `n/a${t.reason ? ` (${t.reason})` : ''}` : formatMetric(t.value);
  return row([
    t.passed ? '✅' : '❌',
    `${t.metric}${where}`,
    t.on.replace('_', ' '),
    value,
    `${op} ${formatMetric(t.threshold)}`,
  ]);
}

function renderChart(result: EvaluationResult, chart: ChartData): string[] {
  if (chart.roc && chart.roc.fpr.length > 1) {
    // xychart's x axis is categorical: sample the ROC curve at fixed false-positive rates.
    const grid = Array.from({ length: 21 }, (_, i) => i / 20);
    const tpr = grid.map((x) => {
      let best = 0;
      for (let i = 0; i < chart.roc!.fpr.length; i++)
        if (chart.roc!.fpr[i] <= x + 1e-12) best = Math.max(best, chart.roc!.tpr[i]);
      return Number(best.toFixed(4));
    });
    const auc =
      typeof result.metrics.roc_auc === 'number' ? ` (AUC ${formatMetric(result.metrics.roc_auc)})` : '';
    return [
      `### ROC curve${auc}`,
      '',
      '```mermaid',
      'xychart-beta',
      `  title "ROC curve${auc}"`,
      `  x-axis "false positive rate" [${grid.map((x) => x.toFixed(2)).join(', ')}]`,
      '  y-axis "true positive rate" 0 --> 1',
      `  line [${tpr.join(', ')}]`,
      `  line [${grid.join(', ')}]`,
      '```',
    ];
  }
  if (result.task === 'multiclass' && result.per_class) {
    const names = Object.keys(result.per_class).slice(0, 30);
    return [
      '### Recall per class',
      '',
      '```mermaid',
      'xychart-beta',
      '  title "Recall per class"',
      `  x-axis [${names.map((n) => JSON.stringify(n)).join(', ')}]`,
      '  y-axis "recall" 0 --> 1',
      `  bar [${names.map((n) => Number(result.per_class![n].recall.toFixed(4))).join(', ')}]`,
      '```',
    ];
  }
  if (chart.residuals && chart.residuals.counts.length) {
    const e = chart.residuals.edges;
    const labels = chart.residuals.counts.map((_, i) => JSON.stringify(`${formatMetric(e[i])}`));
    return [
      '### Residuals (prediction − label)',
      '',
      '```mermaid',
      'xychart-beta',
      '  title "Residuals"',
      `  x-axis "residual (bin start)" [${labels.join(', ')}]`,
      '  y-axis "rows"',
      `  bar [${chart.residuals.counts.join(', ')}]`,
      '```',
    ];
  }
  return [];
}

export function formatMetric(value: MetricValue | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value !== 'number') return JSON.stringify(value);
  if (Number.isInteger(value)) return formatCount(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}
