import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { ConfigurationError, getErrorMessage } from '../errors.js';

/** Reads a UTF-8 text file; a missing, unreadable or non-UTF-8 file is a ConfigurationError naming it. */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ConfigurationError(`${path}: ${describeReadError(error)}`, { cause: error });
  }
  if (!isUtf8(bytes)) {
    const at = invalidUtf8Position(bytes);
    const where = at ? `:${at.line}:${at.col}` : '';
    throw new ConfigurationError(`${path}${where}: the file is not valid UTF-8 text; save it as UTF-8`);
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read the file: ${getErrorMessage(error)}`;
}

/** 1-based line and column (in characters) of the first byte that breaks UTF-8. */
export function invalidUtf8Position(bytes: Uint8Array): { line: number; col: number } | undefined {
  const offset = firstInvalidUtf8Byte(bytes);
  if (offset < 0) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const col = new TextDecoder().decode(bytes.subarray(lineStart, offset)).length + 1;
  return { line, col };
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8Byte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    const extra = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (extra < 0) return i;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= extra; k++) {
      const next = b[i + k];
      if (next === undefined || next < (k === 1 ? lo : 0x80) || next > (k === 1 ? hi : 0xbf)) return i;
    }
    i += extra + 1;
  }
  return -1;
}
