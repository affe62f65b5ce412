import { DataError } from './data-error.js';
import { decodeAscii, decodeUtf8, InvalidUtf8Error } from './decode.js';
import {
  CR,
  INCOMPLETE,
  LF,
  QUOTE,
  UNCLOSED,
  lineAt,
  quotedScan,
  scanQuoted,
  scanUnquoted,
  skipLineBreak,
  unquotedScan,
  unquotedTable,
} from './csv-scan.js';

export interface CsvHeader {
  names: string[];
  /** Index just after the header's line break. */
  end: number;
  /** The physical line of the first byte after the header. */
  nextLine: number;
}

export interface HeaderContext {
  file: string;
  delimiter: number;
  /** Offset in the (decompressed) file of `buf[0]`, for byte offsets in messages. */
  baseOffset: number;
}

/**
 * Parses the header row at `pos` (after any BOM). Blank lines before it are skipped (line numbers still
 * count them). Returns null when the buffer ends before the header does and more bytes may come.
 */
export function parseCsvHeader(
  buf: Uint8Array,
  pos: number,
  limit: number,
  isLast: boolean,
  context: HeaderContext,
): CsvHeader | null {
  const { file, delimiter } = context;
  let line = 1;
  while (pos < limit && (buf[pos] === LF || buf[pos] === CR)) {
    const next = skipLineBreak(buf, pos, limit, isLast);
    if (next === INCOMPLETE) return null;
    pos = next;
    line++;
  }
  if (pos >= limit) {
    if (!isLast) return null;
    throw new DataError(file, {}, 'the file is empty; expected a header row with the column names');
  }
  const headerLine = line;
  const table = unquotedTable(delimiter);
  const names: string[] = [];
  for (;;) {
    const field = names.length + 1;
    if (buf[pos] === QUOTE) {
      const next = scanQuoted(buf, pos, limit, isLast);
      if (next === INCOMPLETE) return null;
      if (next === UNCLOSED) {
        throw new DataError(file, {}, `quoted field opened in the header (line ${line}) is never closed`);
      }
      const { close, escapes, nonAscii, newlines } = quotedScan;
      const text = decodeName(buf, pos + 1, close, nonAscii, context, line);
      names.push(escapes ? text.replaceAll('""', '"') : text);
      line += newlines;
      pos = next;
      if (pos < limit && buf[pos] !== delimiter && buf[pos] !== LF && buf[pos] !== CR) {
        throw new DataError(
          file,
          { line },
          `unexpected text after the closing quote of header field ${field}; expected the delimiter or the end of the line`,
        );
      }
    } else {
      const end = scanUnquoted(buf, pos, limit, table);
      if (unquotedScan.quoteAt >= 0) {
        throw new DataError(
          file,
          { line },
          `unexpected '"' inside unquoted header field ${field}; quote the whole field and double inner quotes ("a""b")`,
        );
      }
      if (end >= limit && !isLast) return null;
      names.push(decodeName(buf, pos, end, unquotedScan.nonAscii, context, line));
      pos = end;
    }
    if (pos >= limit) break;
    if (buf[pos] === delimiter) {
      pos++;
      continue;
    }
    const next = skipLineBreak(buf, pos, limit, isLast);
    if (next === INCOMPLETE) return null;
    pos = next;
    line++;
    break;
  }
  checkNames(names, file, headerLine);
  return { names, end: pos, nextLine: line };
}

function decodeName(
  buf: Uint8Array,
  start: number,
  end: number,
  nonAscii: boolean,
  context: HeaderContext,
  line: number,
): string {
  if (!nonAscii) return decodeAscii(buf, start, end);
  try {
    return decodeUtf8(buf, start, end);
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    throw new DataError(
      context.file,
      { line: lineAt(buf, start, error.index, line) },
      `invalid UTF-8 in the header at byte offset ${context.baseOffset + error.index} ` +
        `(byte 0x${error.byte.toString(16).padStart(2, '0')}); the file must be UTF-8`,
    );
  }
}

function checkNames(names: string[], file: string, line: number): void {
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === '') {
      throw new DataError(
        file,
        { line },
        `header column ${index + 1} has an empty name; every column needs a name`,
      );
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(
        file,
        { line },
        `duplicate column name "${name}" in the header (columns ${first + 1} and ${index + 1}); names must be unique`,
      );
    }
    seen.set(name, index);
  });
}
