import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/core/report/format-number.js';

describe('formatCount', () => {
  it.each([0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890, -1234567, Number.MAX_SAFE_INTEGER])(
    'formats %d as en-US toLocaleString does',
    (n) => {
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    },
  );
  it('leaves non-integers alone', () => {
    expect(formatCount(1.5)).toBe('1.5');
  });
});
