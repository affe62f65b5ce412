import type { CheckResult, ValidationResult } from '../validate/result.js';
import { formatCount } from './format-number.js';
import { escapeCell, row } from './markdown-table.js';

/**
 * The job summary / PR comment for a validation run: verdict, per-file table, violation counts by rule
 * and column, the first listed violations and the checks. Cells are escaped so data cannot break a table.
 */
export function renderValidationMarkdown(result: ValidationResult, o: { maxRows?: number } = {}): string {
  const maxRows = o.maxRows ?? 20;
  const verdict = result.passed ? '✅ passed' : '❌ failed';
  const lines = [
    `## mlgate validate: ${verdict}`,
    '',
    `${count(result.rows, 'row')} in ${count(result.files.length, 'file')}, ` +
      `${count(result.error_count, 'error')}, ${count(result.warning_count, 'warning')} (fail on: ${result.fail_on})` +
      (result.schema ? `. Schema: \`${escapeCell(result.schema)}\` (draft ${result.schema_draft})` : ''),
    '',
    ...filesTable(result),
  ];
  if (result.violation_counts.length) {
    lines.push(
      '',
      '### Violations by rule and column',
      '',
      '| rule | column | severity | count | listed |',
      '|---|---|---|---:|---:|',
    );
    for (const c of result.violation_counts) {
      lines.push(row([c.rule, c.column ?? '(row)', c.severity, formatCount(c.count), String(c.listed)]));
    }
  }
  if (result.violations.length) {
    const shown = result.violations.slice(0, maxRows);
    lines.push('', `### First violations (${shown.length} of ${formatCount(result.total_violations)})`, '');
    lines.push('| file | row | column | rule | message |', '|---|---:|---|---|---|');
    for (const v of shown) {
      lines.push(
        row([baseName(v.file), v.row === null ? '' : String(v.row), v.column ?? '(row)', v.rule, v.message]),
      );
    }
  }
  if (result.checks.length) {
    lines.push('', '### Checks', '', '| | check | observed | message |', '|---|---|---|---|');
    for (const check of result.checks)
      lines.push(row([checkMark(check), check.name, formatObserved(check.observed), check.message]));
  }
  return `${lines.join('\n')}\n`;
}

function filesTable(result: ValidationResult): string[] {
  const lines = ['| file | format | rows | violations | |', '|---|---|---:|---:|---|'];
  for (const file of result.files) {
    const format = `${file.format}${file.compressed ? ' (gzip)' : ''}`;
    const mark = file.violations === 0 ? '✅' : '❌';
    lines.push(row([file.path, format, formatCount(file.rows), formatCount(file.violations), mark]));
  }
  return lines;
}

function checkMark(check: CheckResult): string {
  if (check.passed) return '✅';
  return check.severity === 'warning' ? '⚠️' : '❌';
}

function formatObserved(observed: unknown): string {
  if (typeof observed === 'number')
    return Number.isInteger(observed) ? String(observed) : String(Number(observed.toPrecision(6)));
  if (observed === null || observed === undefined) return '';
  const text = JSON.stringify(observed);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function count(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}
