import { describe, expect, it } from 'vitest';

import {
  formatPercent,
  formatTick,
  formatValue,
  niceDomain,
  niceStep,
  px,
  ticksWithin,
  widen,
} from '../../../../src/core/report/html/svg-scale.js';

describe('nice ticks', () => {
  it.each([
    [0, 0.37, 4, 0.1, [0, 0.4], ['0', '0.1', '0.2', '0.3', '0.4']],
    [0, 1, 5, 0.2, [0, 1], ['0', '0.2', '0.4', '0.6', '0.8', '1.0']],
    [-0.043, 0.029, 5, 0.02, [-0.06, 0.04], ['-0.06', '-0.04', '-0.02', '0', '0.02', '0.04']],
    [0, 12345, 5, 2000, [0, 14000], ['0', '2000', '4000', '6000', '8000', '10000', '12000', '14000']],
  ])('[%d, %d] in ~%d steps: step %d, domain %j, labels %j', (min, max, count, step, domain, labels) => {
    expect(niceStep(max - min, count)).toBeCloseTo(step, 12);
    const t = niceDomain({ min, max }, count);
    expect(t.domain.min).toBeCloseTo(domain[0], 12);
    expect(t.domain.max).toBeCloseTo(domain[1], 12);
    expect(t.labels).toEqual(labels);
  });

  it('labels proportions as percentages without float residue', () => {
    expect(niceDomain({ min: 0, max: 0.3 }, 4, 'percent').labels).toEqual(['0%', '10%', '20%', '30%']);
    expect(niceDomain({ min: 0, max: 0.012 }, 4, 'percent').labels).toEqual([
      '0%',
      '0.2%',
      '0.4%',
      '0.6%',
      '0.8%',
      '1.0%',
      '1.2%',
    ]);
    expect(formatTick(0.30000000000000004, 0.1)).toBe('0.3');
  });

  it('keeps a fixed domain and puts ticks on whole steps inside it', () => {
    const t = ticksWithin({ min: 0.05, max: 0.95 }, 4);
    expect(t.domain).toEqual({ min: 0.05, max: 0.95 });
    expect(t.labels).toEqual(['0.2', '0.4', '0.6', '0.8']);
  });

  it('widens a domain with equal ends, or ends too close to tell apart', () => {
    expect(widen({ min: 0, max: 0 })).toEqual({ min: -1, max: 1 });
    expect(widen({ min: 5, max: 5 })).toEqual({ min: 4.5, max: 5.5 });
    const close = widen({ min: 1, max: 1 + 1e-15 });
    expect(close.max - close.min).toBeCloseTo(0.2, 12);
    expect(widen(null)).toEqual({ min: 0, max: 1 });
  });

  it('uses exponents for very small and very large steps and stays finite at the value limit', () => {
    expect(niceDomain({ min: 0, max: 3e-9 }, 3).labels).toEqual(['0', '1e-9', '2e-9', '3e-9']);
    const huge = niceDomain({ min: -1.7e308, max: 1.7e308 }, 4);
    expect(huge.values.every(Number.isFinite)).toBe(true);
    expect(huge.labels.join(' ')).not.toMatch(/NaN|Infinity/);
  });
});

describe('value formatting', () => {
  it.each([
    [0, '0'],
    [1234567, '1,234,567'],
    [0.912345, '0.9123'],
    [0.5, '0.5'],
    [12.3, '12.3'],
    [-0.0421, '-0.0421'],
    [123456.7, '123,457'],
    [0.0000123, '1.230e-5'],
    [NaN, 'n/a'],
    [Infinity, '∞'],
    [-Infinity, '−∞'],
  ])('formatValue(%d) = %s', (v, text) => {
    expect(formatValue(v)).toBe(text);
  });

  it.each([
    [0.1234, '12.3%'],
    [0, '0.0%'],
    [0.0001, '<0.1%'],
    [-0.00001, '>−0.1%'],
    [1, '100.0%'],
  ])('formatPercent(%d) = %s', (p, text) => {
    expect(formatPercent(p)).toBe(text);
  });

  it('writes coordinates to 0.1 px, never -0, and refuses non-finite ones', () => {
    expect(px(12.345)).toBe('12.3');
    expect(px(-0.01)).toBe('0');
    expect(() => px(NaN)).toThrow(/non-finite coordinate/);
  });
});
