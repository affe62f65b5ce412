import type { EvaluationResult } from '../core/evaluate/result.js';
import { formatCount } from '../core/report/format-number.js';
import { formatMetric, sliceHeadline } from '../core/report/evaluation-markdown.js';

/** A terminal rendering of evaluation.json: verdict, thresholds, headline metrics, latency, where the files are. */
export function renderEvaluationText(
  result: EvaluationResult,
  resultPath: string,
  predictionsPath?: string,
): string {
  const verdict = result.thresholds_deferred
    ? 'DONE (shard: thresholds are judged by mlgate merge)'
    : result.passed
      ? 'PASSED'
      : 'FAILED';
  const failed = result.thresholds.filter((t) => !t.passed).length;
  const lines = [
    `Evaluation ${verdict}: ${formatCount(result.rows)} rows, ${result.task}` +
      (result.thresholds_deferred
        ? ', thresholds recorded for the merge'
        : result.thresholds.length
          ? `, ${result.thresholds.length - failed} of ${result.thresholds.length} thresholds met`
          : ', no thresholds') +
      (result.runtime ? `, ${result.runtime.execution_provider}` : ''),
  ];
  if (result.thresholds.length) {
    lines.push('', 'Thresholds:');
    for (const t of result.thresholds) {
      const where = t.slice ? ` [${t.slice.column} = ${t.slice.value}]` : '';
      const on = t.on === 'value' ? '' : ` (${t.on.replace('_', ' ')})`;
      lines.push(
        `  ${t.passed ? 'ok  ' : 'FAIL'} ${t.metric}${where}${on} ${formatMetric(t.value)} ${t.greater_is_better ? '>=' : '<='} ${formatMetric(t.threshold)}${t.value === null && t.reason ? `: ${t.reason}` : ''}`,
      );
    }
  }
  lines.push('', 'Metrics:');
  for (const [name, value] of Object.entries(result.metrics)) {
    if (name === 'confusion_matrix') continue;
    const ci = result.ci[name];
    const shown =
      value !== null && typeof value === 'object'
        ? Object.entries(value)
            .map(([k, v]) => `@${k} ${formatMetric(v as number)}`)
            .join(', ')
        : formatMetric(value);
    const why = value === null && result.unavailable[name] ? ` (${result.unavailable[name]})` : '';
    lines.push(
      `  ${name.padEnd(26)} ${shown}${ci ? `  [${formatMetric(ci.lo)}, ${formatMetric(ci.hi)}]` : ''}${why}`,
    );
  }
  if (result.slices.length) {
    lines.push('', 'Slices:');
    for (const slice of result.slices) {
      const figures = slice.skipped
        ? `not judged (${slice.skipped})`
        : sliceHeadline(result.task, slice.metrics)
            .map(([k, v]) => `${k} ${formatMetric(v)}`)
            .join(', ');
      lines.push(`  ${slice.column} = ${slice.value}: ${formatCount(slice.rows)} rows, ${figures}`);
    }
  }
  const worst = Object.entries(result.worst_slices);
  if (worst.length) {
    lines.push(
      '',
      `Worst slices: ${worst.map(([m, w]) => `${m} ${formatMetric(w.metric_value)} at ${w.column} = ${w.value}`).join('; ')}`,
    );
  }
  if (result.latency) {
    const l = result.latency;
    lines.push(
      '',
      `Latency: p50 ${l.p50_ms} ms, p95 ${l.p95_ms} ms, p99 ${l.p99_ms} ms per row at batch 1; ${formatCount(l.rows_per_s)} rows/s at batch ${formatCount(l.batch_size)}`,
    );
  }
  if (result.timing)
    lines.push(
      `Run: ${result.timing.total_s} s (${formatCount(result.timing.rows_per_s)} rows/s, inference ${result.timing.inference_s} s)`,
    );
  lines.push('', `Result: ${resultPath}`);
  if (predictionsPath) lines.push(`Predictions: ${predictionsPath}`);
  return `${lines.join('\n')}\n`;
}
