import type { ValidationResult } from '../core/validate/result.js';
import { annotateFindings } from './annotations.js';

/** The first listed violations of a validation run, as file annotations. */
export function annotateViolations(result: ValidationResult, max: number): number {
  return annotateFindings(
    result.violations.map((v) => ({
      file: v.file,
      line: v.line,
      title: `mlgate: ${v.rule}${v.column ? ` (${v.column})` : ''}`,
      message: v.row !== null ? `row ${v.row}: ${v.message}` : v.message,
      severity: v.severity,
    })),
    max,
  );
}
