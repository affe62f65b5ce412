import type { ValidationResult } from '../core/validate/result.js';
import { formatCount } from '../core/report/format-number.js';

const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** A terminal rendering of validation.json: verdict first, then what to fix, then where the file is. */
export function renderValidationText(result: ValidationResult, resultPath: string, maxListed = 10): string {
  const lines: string[] = [];
  const verdict = result.passed ? 'PASSED' : 'FAILED';
  lines.push(
    `Validation ${verdict}: ${plural(result.rows, 'row')} in ${plural(result.files.length, 'file')}, ` +
      `${plural(result.error_count, 'error')}, ${plural(result.warning_count, 'warning')} (fail-on: ${result.fail_on})`,
  );
  for (const file of result.files)
    lines.push(
      `  ${file.path}: ${plural(file.rows, 'row')}, ${file.format}${file.compressed ? ' (gzip)' : ''}`,
    );
  if (result.violation_counts.length) {
    lines.push('', 'Violations by rule and column:');
    for (const c of result.violation_counts) {
      lines.push(
        `  ${c.severity.padEnd(7)} ${c.rule.padEnd(18)} ${(c.column ?? '(row)').padEnd(20)} ${formatCount(c.count)}`,
      );
    }
  }
  if (result.violations.length) {
    lines.push(
      '',
      `First violations (${Math.min(maxListed, result.violations.length)} of ${formatCount(result.total_violations)}):`,
    );
    for (const v of result.violations.slice(0, maxListed)) {
      const where =
        v.row !== null
          ? `row ${v.row}${v.line !== null && v.line !== v.row ? ` (line ${v.line})` : ''}`
          : 'dataset';
      lines.push(`  ${v.file}: ${where}${v.column ? `, ${v.column}` : ''}: [${v.rule}] ${v.message}`);
    }
  }
  if (result.checks.length) {
    lines.push('', 'Checks:');
    for (const check of result.checks) {
      const mark = check.passed ? 'ok  ' : check.severity === 'warning' ? 'warn' : 'FAIL';
      lines.push(`  ${mark} ${check.name}: ${check.message}`);
    }
  }
  lines.push('', `Result: ${resultPath}`);
  return `${lines.join('\n')}\n`;
}
