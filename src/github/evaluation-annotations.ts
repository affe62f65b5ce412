import type { EvaluationResult } from '../core/evaluate/result.js';
import { annotateFindings } from './annotations.js';

/** Failed thresholds as error annotations on the config file (or the model when there is none). */
export function annotateFailedThresholds(result: EvaluationResult, file: string, max: number): number {
  return annotateFindings(
    result.thresholds
      .filter((t) => !t.passed)
      .map((t) => ({
        file,
        line: null,
        title: `mlgate: ${t.metric}${t.slice ? ` (${t.slice.column} = ${t.slice.value})` : ''} misses its threshold`,
        message: `${t.metric}${t.on === 'value' ? '' : ` (${t.on.replace('_', ' ')})`} = ${t.value ?? 'n/a'}, needs ${t.greater_is_better ? '≥' : '≤'} ${t.threshold}${t.value === null && t.reason ? `: ${t.reason}` : ''}`,
        severity: 'error' as const,
      })),
    max,
  );
}
