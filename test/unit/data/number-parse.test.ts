import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNanText, parseNumberBytes, parseNumberText } from '../../../src/core/data/number-parse.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The parser must give exactly `Number(text)` (same bits, -0 included) for every text it accepts. */
function expectSameAsNumber(text: string): void {
  const parsed = parseNumberText(text);
  if (!Object.is(parsed, Number(text))) {
    throw new Error(`parseNumberText(${JSON.stringify(text)}) = ${parsed}, Number() = ${Number(text)}`);
  }
}

describe('parseNumberText grammar', () => {
  it.each([
    ['0', 0],
    ['-0', -0],
    ['+0', 0],
    ['1', 1],
    ['+1', 1],
    ['-12', -12],
    ['007', 7],
    ['.5', 0.5],
    ['-.5', -0.5],
    ['5.', 5],
    ['1.e3', 1000],
    ['1e5', 1e5],
    ['1E-5', 1e-5],
    ['1e+5', 1e5],
    ['123.4567', 123.4567],
    ['-545.7528', -545.7528],
    [' 1 ', 1],
    ['\t2.5\t', 2.5],
    ['Infinity', Infinity],
    ['+Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['inf', Infinity],
    ['-inf', -Infinity],
    ['INF', Infinity],
    ['1e308', 1e308],
    ['1e309', Infinity],
    ['-1e309', -Infinity],
    ['1e-324', 0],
    ['-1e-400', -0],
    ['5e-324', 5e-324],
    ['2.2250738585072014e-308', 2.2250738585072014e-308],
    ['2.2250738585072011e-308', 2.225073858507201e-308],
    ['9007199254740993', 9007199254740992],
    ['9007199254740995', 9007199254740996],
    ['1.7976931348623157e308', 1.7976931348623157e308],
    ['0.1', 0.1],
    ['0.30000000000000004', 0.30000000000000004],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['0e99999999999', 0],
    ['1e99999999999', Infinity],
    ['1e-99999999999', 0],
  ])('%j parses to %d', (text, expected) => {
    expect(Object.is(parseNumberText(text), expected)).toBe(true);
    expect(Object.is(parseNumberBytes(bytes(text), 0, bytes(text).length), expected)).toBe(true);
  });

  it.each([
    '',
    ' ',
    '-',
    '+',
    '.',
    '-.',
    'e5',
    '.e5',
    '1e',
    '1e+',
    '1e-',
    '0x10',
    '1_000',
    '1,5',
    '1.2.3',
    '--1',
    '+-1',
    '1 2',
    'abc',
    '12abc',
    'NaN',
    'nan',
    'infinit',
    'Infinityy',
    '١٢',
    '1\u00a0',
  ])('%j is not a number', (text) => {
    expect(parseNumberText(text)).toBeNaN();
    const b = bytes(text);
    expect(parseNumberBytes(b, 0, b.length)).toBeNaN();
  });

  it('parses a slice of a larger buffer without reading outside it', () => {
    const b = bytes('99,12.5,77');
    expect(parseNumberBytes(b, 3, 7)).toBe(12.5);
    expect(parseNumberBytes(b, 0, 1)).toBe(9);
    expect(parseNumberBytes(b, 8, 10)).toBe(77);
  });

  it.each([
    ['NaN', true],
    ['nan', true],
    ['NAN', true],
    [' NaN ', true],
    ['nAn', false],
    ['-nan', false],
    ['', false],
    ['1', false],
  ])('isNanText(%j) is %s', (text, expected) => {
    expect(isNanText(text)).toBe(expected);
  });
});

describe('parseNumberText is correctly rounded (same as Number())', () => {
  const doubles = fc.double({ noNaN: true });
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

  it('round-trips doubles printed with toString', () => {
    fc.assert(
      fc.property(doubles, (x) => expectSameAsNumber(String(x))),
      { numRuns: 20_000 },
    );
  });

  it('matches Number() on toExponential(k), toFixed(k) and toPrecision(k)', () => {
    fc.assert(
      fc.property(finite, fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 21 }), (x, k, p) => {
        expectSameAsNumber(x.toExponential(k));
        expectSameAsNumber(x.toPrecision(p));
        if (Math.abs(x) < 1e21) expectSameAsNumber(x.toFixed(k));
      }),
      { numRuns: 20_000 },
    );
  });

  it('matches Number() on short decimals of the common CSV shape (the int32 fast path)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -999_999_999, max: 999_999_999 }),
        fc.integer({ min: 0, max: 9 }),
        (m, k) => {
          const digits = String(Math.abs(m)).padStart(k + 1, '0');
          const text = `${m < 0 ? '-' : ''}${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
          expectSameAsNumber(text);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('matches Number() on random digit strings with many digits, dots and exponents', () => {
    const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        fc.constantFrom('', '-', '+'),
        digits,
        fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 40 })),
        fc.option(fc.integer({ min: -400, max: 400 })),
        (sign, int, fraction, exponent) => {
          let text = sign + int;
          if (fraction !== null) text += `.${fraction}`;
          if (exponent !== null) text += `e${exponent}`;
          expectSameAsNumber(text);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('matches Number() near the limits of float64', () => {
    const texts = [
      '1e308',
      '1.7976931348623157e308',
      '1.7976931348623158e308',
      '1.7976931348623159e308',
      '2.2250738585072014e-308',
      '2.2250738585072009e-308',
      '4.9406564584124654e-324',
      '2.4703282292062327e-324',
      '2.4703282292062328e-324',
      '1e-324',
      '9007199254740991',
      '9007199254740992',
      '9007199254740993',
      '18014398509481985',
      '1e22',
      '1e23',
      '8.98846567431158e307',
      '4503599627370496.5',
      '4503599627370497.5',
      '0.000000000000000000000000000000001',
      '1' + '0'.repeat(400),
      '0.' + '0'.repeat(400) + '1',
      '123456789e-30',
      '123456789e30',
      '12e37',
      '999999999999999e22',
    ];
    for (const text of texts) {
      expectSameAsNumber(text);
      expectSameAsNumber(`-${text}`);
    }
  });
});
