import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const calls: Array<{ level: string; message: string; properties: unknown }> = [];
vi.mock('@actions/core', () => ({
  error: (message: string, properties: unknown) => calls.push({ level: 'error', message, properties }),
  warning: (message: string, properties: unknown) => calls.push({ level: 'warning', message, properties }),
}));

const { annotateFindings } = await import('../../../src/github/annotations.js');

beforeEach(() => {
  calls.length = 0;
});
afterEach(() => vi.restoreAllMocks());

describe('annotateFindings', () => {
  const finding = (file: string, line: number | null, severity: 'error' | 'warning' = 'error') => ({
    file,
    line,
    severity,
    title: 't',
    message: 'm',
  });

  it('annotates files inside the workspace with repo-relative paths and lines', () => {
    const n = annotateFindings(
      [finding('/ws/data/a.csv', 6), finding('/ws/b.csv', null, 'warning')],
      10,
      '/ws',
    );
    expect(n).toBe(2);
    expect(calls).toEqual([
      { level: 'error', message: 'm', properties: { file: 'data/a.csv', title: 't', startLine: 6 } },
      { level: 'warning', message: 'm', properties: { file: 'b.csv', title: 't' } },
    ]);
  });

  it('skips files outside the workspace and stops at the maximum', () => {
    const n = annotateFindings(
      [
        finding('/elsewhere/a.csv', 2),
        finding('/ws/../x.csv', 2),
        finding('/ws/1.csv', 2),
        finding('/ws/2.csv', 3),
      ],
      1,
      '/ws',
    );
    expect(n).toBe(1);
    expect(calls.map((c) => (c.properties as { file: string }).file)).toEqual(['1.csv']);
  });

  it('does nothing outside Actions (no workspace)', () => {
    expect(annotateFindings([finding('/ws/a.csv', 1)], 10, undefined)).toBe(0);
    expect(calls).toEqual([]);
  });
});
