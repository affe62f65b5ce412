import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalidUtf8Position, readTextFile } from '../../../src/core/io/text-file.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('invalidUtf8Position', () => {
  it.each([
    ['valid text with multibyte characters', bytes('a: é€😀\nb: c\n'), undefined],
    ['a Latin-1 byte after multibyte characters', bytes('a: 1\nb: é€', [0xe9], '\n'), { line: 2, col: 6 }],
    ['a stray continuation byte', bytes('x', [0x80]), { line: 1, col: 2 }],
    ['an overlong encoding of "/"', bytes('ab', [0xc0, 0xaf]), { line: 1, col: 3 }],
    ['an overlong 3-byte sequence', bytes([0xe0, 0x80, 0xaf]), { line: 1, col: 1 }],
    ['a UTF-16 surrogate', bytes('\n\n', [0xed, 0xa0, 0x80]), { line: 3, col: 1 }],
    ['a code point above U+10FFFF', bytes('z', [0xf4, 0x90, 0x80, 0x80]), { line: 1, col: 2 }],
    ['a sequence cut short by the end of the file', bytes('ok', [0xe2, 0x82]), { line: 1, col: 3 }],
  ])('%s', (_, input, expected) => {
    expect(invalidUtf8Position(input)).toEqual(expected);
  });
});

describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-config-'));

  it('strips a byte order mark', async () => {
    const path = join(dir, 'bom.yml');
    writeFileSync(path, bytes([0xef, 0xbb, 0xbf], 'version: 1\n'));
    expect(await readTextFile(path)).toBe('version: 1\n');
  });

  it('names the file, line and column of the first invalid byte', async () => {
    const path = join(dir, 'latin1.yml');
    writeFileSync(path, bytes('version: 1\nname: Jos', [0xe9], '\n'));
    await expect(readTextFile(path)).rejects.toThrow(
      `${path}:2:10: the file is not valid UTF-8 text; save it as UTF-8`,
    );
  });
});
