import { describe, expect, it } from 'vitest';

import { RADIX_MIN_LENGTH, radixSortFloat64, sortFloat64 } from '../../../src/core/drift/sort.js';
import { Xoshiro128 } from '../../../src/core/metrics/prng.js';

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function randomValues(n: number, seed: number): Float64Array {
  const r = new Xoshiro128(seed);
  const specials = [
    0,
    -0,
    1,
    -1,
    Infinity,
    -Infinity,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    2.2e-308,
    1.7e308,
  ];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = r.nextBelow(10);
    if (k === 0) out[i] = specials[r.nextBelow(specials.length)];
    else if (k < 4)
      out[i] = r.nextBelow(50) - 25; // ties
    else out[i] = (r.nextUint32() / 4294967296 - 0.5) * 10 ** (r.nextBelow(40) - 20);
  }
  return out;
}

describe('radix sort of Float64Array', () => {
  it.each([8, 11, 16] as const)('%i-bit digits order like the built-in sort, -0 before +0', (bits) => {
    for (const [n, seed] of [
      [2, 1],
      [3, 2],
      [1000, 3],
      [70_000, 4],
    ]) {
      const values = randomValues(n, seed);
      const expected = values.slice().sort();
      expect(sameBits(radixSortFloat64(values.slice(), bits), expected)).toBe(true);
    }
  });

  it('sorts through sortFloat64 at every size, reusing a scratch array', () => {
    const scratch = new Float64Array(300_000);
    for (const n of [0, 1, RADIX_MIN_LENGTH - 1, RADIX_MIN_LENGTH, 5000, 300_000]) {
      const values = randomValues(n, n + 7);
      const sorted = sortFloat64(values, scratch);
      expect(sorted).toBe(values);
      expect(sameBits(sorted, randomValues(n, n + 7).sort())).toBe(true);
    }
  });

  it('sorts a subarray view in place without touching its neighbours', () => {
    const buffer = Float64Array.from({ length: 3000 }, (_, i) => (i * 7919) % 3001);
    const view = buffer.subarray(500, 2500);
    const expected = view.slice().sort();
    radixSortFloat64(view, 11);
    expect(sameBits(view, expected)).toBe(true);
    expect(buffer[499]).toBe((499 * 7919) % 3001);
    expect(buffer[2500]).toBe((2500 * 7919) % 3001);
  });

  it('skips passes whose digit all keys share and still sorts (narrow ranges, one value)', () => {
    const narrow = Float64Array.from({ length: 5000 }, (_, i) => 1 + ((i * 37) % 101) / 1024);
    expect(sameBits(radixSortFloat64(narrow.slice(), 16), narrow.slice().sort())).toBe(true);
    const constant = new Float64Array(4000).fill(-3.5);
    expect(sameBits(radixSortFloat64(constant.slice(), 11), constant)).toBe(true);
  });

  it('refuses a scratch array shorter than the input', () => {
    expect(() => radixSortFloat64(new Float64Array(10), 11, new Float64Array(5))).toThrow(/scratch holds 5/);
  });
});
