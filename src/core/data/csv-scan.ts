/**
 * Byte-level field scanners shared by the CSV header and record parsers. They work on one contiguous
 * buffer and report "incomplete" when a field runs into the end of a buffer that is not the end of the file,
 * so the caller can wait for more bytes and rescan the record.
 */

export const QUOTE = 0x22;
export const LF = 0x0a;
export const CR = 0x0d;

/** Byte classes of an unquoted field: 0 ordinary ASCII, 1 end of field, 2 quote, 3 non-ASCII. */
const PLAIN = 0;
const STOP = 1;
const QUOTE_CLASS = 2;
const NON_ASCII = 3;

/** The class of every byte in an unquoted field, for a delimiter. */
export function unquotedTable(delimiter: number): Uint8Array {
  const table = new Uint8Array(256);
  table.fill(NON_ASCII, 0x80);
  table[delimiter] = STOP;
  table[LF] = STOP;
  table[CR] = STOP;
  table[QUOTE] = QUOTE_CLASS;
  return table;
}

/** Bytes a quoted field must look at: the quote, line breaks (to count lines) and non-ASCII bytes. */
const quotedTable = (() => {
  const table = new Uint8Array(256);
  table.fill(1, 0x80);
  table[QUOTE] = 1;
  table[LF] = 1;
  table[CR] = 1;
  return table;
})();

export const unquotedScan = {
  /** Index of the first quote met, or -1. */
  quoteAt: -1,
  nonAscii: false,
};

/**
 * Scans an unquoted field from `pos`; returns the index of the byte that ends it (delimiter, CR, LF) or
 * `limit`. Stops at a quote too, recording it in `unquotedScan.quoteAt`.
 */
export function scanUnquoted(buf: Uint8Array, pos: number, limit: number, table: Uint8Array): number {
  let p = pos;
  let nonAscii = false;
  unquotedScan.quoteAt = -1;
  for (;;) {
    while (p < limit && table[buf[p]] === PLAIN) p++;
    if (p >= limit) break;
    const cls = table[buf[p]];
    if (cls === NON_ASCII) {
      nonAscii = true;
      p++;
      continue;
    }
    if (cls === QUOTE_CLASS) unquotedScan.quoteAt = p;
    break;
  }
  unquotedScan.nonAscii = nonAscii;
  return p;
}

export const quotedScan = {
  /** Index of the closing quote (content is `[open + 1, close)`). */
  close: 0,
  /** The content holds doubled quotes `""` to unescape. */
  escapes: false,
  nonAscii: false,
  /** Line breaks inside the field (LF, CRLF or a lone CR each count once). */
  newlines: 0,
};

/** `scanQuoted` result: the field runs past the end of a buffer that is not the end of the file. */
export const INCOMPLETE = -1;
/** `scanQuoted` result: the file ends inside the quoted field. */
export const UNCLOSED = -2;

/**
 * Scans a quoted field whose opening quote is at `open`. Returns the index just after the closing quote,
 * INCOMPLETE or UNCLOSED.
 */
export function scanQuoted(buf: Uint8Array, open: number, limit: number, isLast: boolean): number {
  let p = open + 1;
  let escapes = false;
  let nonAscii = false;
  let newlines = 0;
  for (;;) {
    while (p < limit && quotedTable[buf[p]] === 0) p++;
    if (p >= limit) return isLast ? UNCLOSED : INCOMPLETE;
    const b = buf[p];
    if (b === QUOTE) {
      if (p + 1 >= limit && !isLast) return INCOMPLETE;
      if (p + 1 < limit && buf[p + 1] === QUOTE) {
        escapes = true;
        p += 2;
        continue;
      }
      break;
    }
    if (b === LF) newlines++;
    else if (b === CR) {
      if (p + 1 >= limit || buf[p + 1] !== LF) newlines++;
    } else nonAscii = true;
    p++;
  }
  quotedScan.close = p;
  quotedScan.escapes = escapes;
  quotedScan.nonAscii = nonAscii;
  quotedScan.newlines = newlines;
  return p + 1;
}

/**
 * Index after the line break at `pos` (LF, CRLF, or a lone CR, which never crashes and counts as one line),
 * or INCOMPLETE when a CR is the last byte of a buffer that is not the end of the file.
 */
export function skipLineBreak(buf: Uint8Array, pos: number, limit: number, isLast: boolean): number {
  if (buf[pos] === LF) return pos + 1;
  if (pos + 1 < limit) return buf[pos + 1] === LF ? pos + 2 : pos + 1;
  return isLast ? pos + 1 : INCOMPLETE;
}

/** The 1-based physical line of `index`, given the line of `start`: counts the line breaks in between. */
export function lineAt(buf: Uint8Array, start: number, index: number, startLine: number): number {
  let line = startLine;
  for (let i = start; i < index; i++) {
    if (buf[i] === LF || (buf[i] === CR && buf[i + 1] !== LF)) line++;
  }
  return line;
}
