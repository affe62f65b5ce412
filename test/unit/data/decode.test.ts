import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAscii, decodeUtf8, findInvalidUtf8, InvalidUtf8Error } from '../../../src/core/data/decode.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isValid(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('UTF-8 decoding', () => {
  it('decodes ASCII slices, short and long', () => {
    const bytes = new TextEncoder().encode('abc,' + 'x'.repeat(100));
    expect(decodeAscii(bytes, 0, 3)).toBe('abc');
    expect(decodeAscii(bytes, 4, 104)).toBe('x'.repeat(100));
    expect(decodeAscii(bytes, 2, 2)).toBe('');
  });

  it('decodes valid UTF-8 and keeps a BOM inside the text', () => {
    const bytes = new TextEncoder().encode('\ufeffété 😀');
    expect(decodeUtf8(bytes, 0, bytes.length)).toBe('\ufeffété 😀');
  });

  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong slash', [0xc0, 0xaf], 0],
    ['a truncated 3-byte sequence', [0x61, 0xe2, 0x82], 1],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a Latin-1 é', [0x63, 0x61, 0x66, 0xe9], 3],
  ])('reports %s at the first bad byte', (_name, bytes, index) => {
    const data = Uint8Array.from(bytes);
    expect(findInvalidUtf8(data, 0, data.length)).toBe(index);
    expect(() => decodeUtf8(data, 0, data.length)).toThrow(InvalidUtf8Error);
    try {
      decodeUtf8(data, 0, data.length);
    } catch (error) {
      expect((error as InvalidUtf8Error).index).toBe(index);
    }
  });

  it('agrees with the WHATWG fatal decoder on random bytes', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x80, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4),
    );
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (bytes) => {
        const data = Uint8Array.from(bytes);
        expect(findInvalidUtf8(data, 0, data.length) === -1).toBe(isValid(data));
      }),
      { numRuns: 20_000 },
    );
  });

  it('finds nothing wrong in valid text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const data = new TextEncoder().encode(text);
        expect(findInvalidUtf8(data, 0, data.length)).toBe(-1);
        expect(decodeUtf8(data, 0, data.length)).toBe(text);
      }),
    );
  });
});
