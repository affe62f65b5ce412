import { describe, expect, it } from 'vitest';
import { escapeCell } from '../../../src/core/report/markdown-table.js';
import { renderValidationMarkdown } from '../../../src/core/report/validation-markdown.js';
import type { ValidationResult } from '../../../src/core/validate/result.js';

function result(overrides: Partial<ValidationResult> = {}): ValidationResult {
  return {
    schemaVersion: 1,
    kind: 'validation',
    passed: false,
    fail_on: 'error',
    rows: 1200,
    duration_ms: 12.5,
    files: [
      {
        path: 'data/a.csv',
        format: 'csv',
        compressed: true,
        rows: 1000,
        columns: ['id', 'plan'],
        violations: 3,
      },
      {
        path: 'data/b.csv',
        format: 'csv',
        compressed: false,
        rows: 200,
        columns: ['id', 'plan'],
        violations: 0,
      },
    ],
    schema: 'schema.json',
    schema_draft: '2020-12',
    violations: [
      {
        file: 'data/a.csv',
        row: 4,
        line: 5,
        column: 'plan',
        rule: 'enum',
        severity: 'error',
        message: 'must be one of | a\nb',
        value: 'x',
      },
      {
        file: 'data/a.csv',
        row: 9,
        line: 10,
        column: null,
        rule: 'minProperties',
        severity: 'error',
        message: 'too few',
      },
      {
        file: 'data/a.csv',
        row: 12,
        line: 13,
        column: 'id',
        rule: 'type',
        severity: 'error',
        message: 'must be integer',
      },
    ],
    violation_counts: [
      { rule: 'enum', column: 'plan', severity: 'error', count: 1500, listed: 1 },
      { rule: 'minProperties', column: null, severity: 'error', count: 1, listed: 1 },
      { rule: 'type', column: 'id', severity: 'error', count: 1, listed: 1 },
    ],
    total_violations: 1502,
    error_count: 1503,
    warning_count: 1,
    checks: [
      {
        name: 'row count >= 10',
        type: 'row-count',
        severity: 'error',
        passed: true,
        observed: 1200,
        expected: { min: 10 },
        message: '1200 rows',
      },
      {
        name: 'mean of x',
        type: 'mean',
        column: 'x',
        severity: 'warning',
        passed: false,
        observed: 0.123456789,
        expected: {},
        message: 'mean is 0.12',
      },
      {
        name: 'unique (id)',
        type: 'unique',
        columns: ['id'],
        severity: 'error',
        passed: false,
        observed: { duplicates: 1 },
        expected: {},
        message: 'dup',
      },
    ],
    ...overrides,
  };
}

describe('renderValidationMarkdown', () => {
  it('renders the verdict, files, counts, violations and checks', () => {
    expect(renderValidationMarkdown(result())).toBe(
      [
        '## mlgate validate: ❌ failed',
        '',
        '1,200 rows in 2 files, 1,503 errors, 1 warning (fail on: error). Schema: `schema.json` (draft 2020-12)',
        '',
        '| file | format | rows | violations | |',
        '|---|---|---:|---:|---|',
        '| data/a.csv | csv (gzip) | 1,000 | 3 | ❌ |',
        '| data/b.csv | csv | 200 | 0 | ✅ |',
        '',
        '### Violations by rule and column',
        '',
        '| rule | column | severity | count | listed |',
        '|---|---|---|---:|---:|',
        '| enum | plan | error | 1,500 | 1 |',
        '| minProperties | (row) | error | 1 | 1 |',
        '| type | id | error | 1 | 1 |',
        '',
        '### First violations (3 of 1,502)',
        '',
        '| file | row | column | rule | message |',
        '|---|---:|---|---|---|',
        '| a.csv | 4 | plan | enum | must be one of \\| a<br>b |',
        '| a.csv | 9 | (row) | minProperties | too few |',
        '| a.csv | 12 | id | type | must be integer |',
        '',
        '### Checks',
        '',
        '| | check | observed | message |',
        '|---|---|---|---|',
        '| ✅ | row count >= 10 | 1200 | 1200 rows |',
        '| ⚠️ | mean of x | 0.123457 | mean is 0.12 |',
        '| ❌ | unique (id) | {"duplicates":1} | dup |',
        '',
      ].join('\n'),
    );
  });

  it('limits the listed violations to maxRows', () => {
    const markdown = renderValidationMarkdown(result(), { maxRows: 1 });
    expect(markdown).toContain('### First violations (1 of 1,502)');
    expect(markdown).not.toContain('| a.csv | 9 |');
  });

  it('omits empty sections for a clean run', () => {
    const markdown = renderValidationMarkdown(
      result({
        passed: true,
        violations: [],
        violation_counts: [],
        total_violations: 0,
        error_count: 0,
        warning_count: 0,
        checks: [],
        schema: null,
        schema_draft: null,
      }),
    );
    expect(markdown).toContain('## mlgate validate: ✅ passed');
    expect(markdown).not.toContain('###');
    expect(markdown).not.toContain('Schema:');
  });

  it.each([
    ['a|b', 'a\\|b'],
    ['a\nb', 'a<br>b'],
    ['a\r\nb', 'a<br>b'],
    ['back\\slash|', 'back\\\\slash\\|'],
  ])('escapes %j in a cell', (text, escaped) => {
    expect(escapeCell(text)).toBe(escaped);
  });
});
