import type { DataIssue } from './schema-errors.js';
import { displayPath } from './schema-errors.js';

/**
 * Rules JSON Schema cannot say: wherever an object has numeric `min` and `max`, min must not exceed max,
 * and with `strict-min`/`strict-max` they must differ (else no value can pass). Applies to every section.
 */
export function boundsIssues(value: unknown, pointer: string[] = []): DataIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => boundsIssues(item, [...pointer, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const issues: DataIssue[] = [];
  const { min, max } = object;
  if (typeof min === 'number' && typeof max === 'number') {
    const strict = object['strict-min'] === true || object['strict-max'] === true;
    if (min > max) {
      issues.push({
        pointer: [...pointer, 'min'],
        anchor: 'value',
        message: `${displayPath(pointer)}: min (${min}) is greater than max (${max}); no value can pass`,
      });
    } else if (min === max && strict) {
      issues.push({
        pointer: [...pointer, 'min'],
        anchor: 'value',
        message: `${displayPath(pointer)}: min and max are both ${min} with a strict bound; no value can pass`,
      });
    }
  }
  for (const [key, child] of Object.entries(object)) issues.push(...boundsIssues(child, [...pointer, key]));
  return issues;
}
