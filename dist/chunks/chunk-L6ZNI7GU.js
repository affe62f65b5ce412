import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  CellState,
  ConfigurationError,
  DataError,
  resolveBatchSize
} from "./chunk-PNY2FIIF.js";

// src/core/data/csv-reader.ts
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";

// src/core/data/decode.ts
var strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
var latin1Slice = Buffer.prototype.latin1Slice;
var fromCharCode = String.fromCharCode;
function decodeAscii(buf, start, end) {
  const s = start;
  switch (end - start) {
    case 0:
      return "";
    case 1:
      return fromCharCode(buf[s]);
    case 2:
      return fromCharCode(buf[s], buf[s + 1]);
    case 3:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2]);
    case 4:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3]);
    case 5:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4]);
    case 6:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5]);
    case 7:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5], buf[s + 6]);
    case 8:
      return fromCharCode(
        buf[s],
        buf[s + 1],
        buf[s + 2],
        buf[s + 3],
        buf[s + 4],
        buf[s + 5],
        buf[s + 6],
        buf[s + 7]
      );
    default:
      return latin1Slice.call(buf, start, end);
  }
}
function decodeUtf8(buf, start, end) {
  try {
    return strictUtf8.decode(buf.subarray(start, end));
  } catch {
    const at = findInvalidUtf8(buf, start, end);
    throw new InvalidUtf8Error(at < 0 ? start : at, buf[at < 0 ? start : at]);
  }
}
var InvalidUtf8Error = class extends Error {
  constructor(index, byte) {
    super(`invalid UTF-8 byte 0x${byte.toString(16).padStart(2, "0")} at index ${index}`);
    this.index = index;
    this.byte = byte;
  }
  index;
  byte;
  name = "InvalidUtf8Error";
};
function findInvalidUtf8(buf, start, end) {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 128) {
      i++;
      continue;
    }
    let need;
    let lower = 128;
    let upper = 191;
    if (b >= 194 && b <= 223) need = 1;
    else if (b >= 224 && b <= 239) {
      need = 2;
      if (b === 224) lower = 160;
      if (b === 237) upper = 159;
    } else if (b >= 240 && b <= 244) {
      need = 3;
      if (b === 240) lower = 144;
      if (b === 244) upper = 143;
    } else return i;
    if (i + need >= end) return i;
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      const lo = k === 1 ? lower : 128;
      const hi = k === 1 ? upper : 191;
      if (c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

// src/core/data/csv-scan.ts
var QUOTE = 34;
var LF = 10;
var CR = 13;
var PLAIN = 0;
var STOP = 1;
var QUOTE_CLASS = 2;
var NON_ASCII = 3;
function unquotedTable(delimiter) {
  const table = new Uint8Array(256);
  table.fill(NON_ASCII, 128);
  table[delimiter] = STOP;
  table[LF] = STOP;
  table[CR] = STOP;
  table[QUOTE] = QUOTE_CLASS;
  return table;
}
var quotedTable = (() => {
  const table = new Uint8Array(256);
  table.fill(1, 128);
  table[QUOTE] = 1;
  table[LF] = 1;
  table[CR] = 1;
  return table;
})();
var unquotedScan = {
  /** Index of the first quote met, or -1. */
  quoteAt: -1,
  nonAscii: false
};
function scanUnquoted(buf, pos, limit, table) {
  let p = pos;
  let nonAscii = false;
  unquotedScan.quoteAt = -1;
  for (; ; ) {
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
var quotedScan = {
  /** Index of the closing quote (content is `[open + 1, close)`). */
  close: 0,
  /** The content holds doubled quotes `""` to unescape. */
  escapes: false,
  nonAscii: false,
  /** Line breaks inside the field (LF, CRLF or a lone CR each count once). */
  newlines: 0
};
var INCOMPLETE = -1;
var UNCLOSED = -2;
function scanQuoted(buf, open2, limit, isLast) {
  let p = open2 + 1;
  let escapes = false;
  let nonAscii = false;
  let newlines = 0;
  for (; ; ) {
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
function skipLineBreak(buf, pos, limit, isLast) {
  if (buf[pos] === LF) return pos + 1;
  if (pos + 1 < limit) return buf[pos + 1] === LF ? pos + 2 : pos + 1;
  return isLast ? pos + 1 : INCOMPLETE;
}
function lineAt(buf, start, index, startLine) {
  let line = startLine;
  for (let i = start; i < index; i++) {
    if (buf[i] === LF || buf[i] === CR && buf[i + 1] !== LF) line++;
  }
  return line;
}

// src/core/data/number-parse.ts
var TWO_53 = 9007199254740992;
var POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
var PLUS = 43;
var MINUS = 45;
var DOT = 46;
var ZERO = 48;
var SPACE = 32;
var TAB = 9;
var numberScan = { end: 0 };
function scanNumber(buf, start, limit) {
  const negative = +(start < limit && buf[start] === MINUS);
  let p = start + negative;
  const digitsStart = p;
  let stop = digitsStart + 9 < limit ? digitsStart + 9 : limit;
  let mantissa = 0;
  let d;
  while (p < stop && (d = buf[p] - ZERO >>> 0) <= 9) {
    mantissa = mantissa * 10 + d | 0;
    p++;
  }
  let digits = p - digitsStart;
  let scale = 0;
  if (p < limit && buf[p] === DOT) {
    const fractionStart = ++p;
    stop = fractionStart + 9 - digits;
    if (stop > limit) stop = limit;
    while (p < stop && (d = buf[p] - ZERO >>> 0) <= 9) {
      mantissa = mantissa * 10 + d | 0;
      p++;
    }
    scale = p - fractionStart;
    digits += scale;
  }
  if (p < limit) {
    const b = buf[p];
    if (b - ZERO >>> 0 <= 9 || (b | 32) === 101) return scanNumberFull(buf, start, limit);
  }
  if (digits === 0) return scanNumberFull(buf, start, limit);
  numberScan.end = p;
  return mantissa / POW10[scale] * (1 - 2 * negative);
}
function scanNumberFull(buf, start, limit) {
  let p = start;
  let negative = false;
  let b = p < limit ? buf[p] : 0;
  if (b === MINUS || b === PLUS) {
    negative = b === MINUS;
    b = ++p < limit ? buf[p] : 0;
  }
  const digitsStart = p;
  let mantissa = 0;
  let d = b - ZERO;
  while (d >= 0 && d <= 9) {
    mantissa = mantissa * 10 + d;
    d = ++p < limit ? buf[p] - ZERO : -1;
  }
  let digits = p - digitsStart;
  let scale = 0;
  if (p < limit && buf[p] === DOT) {
    const fractionStart = ++p;
    d = p < limit ? buf[p] - ZERO : -1;
    while (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      d = ++p < limit ? buf[p] - ZERO : -1;
    }
    scale = p - fractionStart;
    digits += scale;
  }
  if (digits === 0) {
    numberScan.end = p;
    return NaN;
  }
  let exponent = 0;
  if (p < limit && (buf[p] | 32) === 101) {
    let q = p + 1;
    let negativeExponent = false;
    if (q < limit && (buf[q] === MINUS || buf[q] === PLUS)) negativeExponent = buf[q++] === MINUS;
    d = q < limit ? buf[q] - ZERO : -1;
    if (d < 0 || d > 9) {
      numberScan.end = q;
      return NaN;
    }
    while (d >= 0 && d <= 9) {
      if (exponent < 1e8) exponent = exponent * 10 + d;
      d = ++q < limit ? buf[q] - ZERO : -1;
    }
    if (negativeExponent) exponent = -exponent;
    p = q;
  }
  numberScan.end = p;
  const e10 = exponent - scale;
  let value;
  if (mantissa === 0) {
    value = 0;
  } else if (mantissa < TWO_53 && e10 >= -22 && e10 <= 22) {
    value = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
  } else if (mantissa < TWO_53 && e10 > 22 && e10 <= 22 + 15 && mantissa * POW10[e10 - 22] < TWO_53) {
    value = mantissa * POW10[e10 - 22] * 1e22;
  } else {
    value = Number(asciiText(buf, negative ? start + 1 : start, p));
  }
  return negative ? -value : value;
}
function asciiText(buf, start, end) {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]);
  return text;
}
function isSpace(b) {
  return b === SPACE || b === TAB;
}
function parseNumberBytes(buf, start, end) {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (start === end) return NaN;
  const value = scanNumber(buf, start, end);
  if (numberScan.end === end) return value;
  return parseInfinity(buf, start, end);
}
var INFINITY_WORD = [105, 110, 102, 105, 110, 105, 116, 121];
function parseInfinity(buf, start, end) {
  let sign = 1;
  if (buf[start] === MINUS || buf[start] === PLUS) sign = buf[start++] === MINUS ? -1 : 1;
  const length = end - start;
  if (length !== 3 && length !== 8) return NaN;
  for (let i = 0; i < length; i++) if ((buf[start + i] | 32) !== INFINITY_WORD[i]) return NaN;
  return sign * Infinity;
}
function isNanBytes(buf, start, end) {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (end - start !== 3) return false;
  const a = buf[start];
  const b = buf[start + 1];
  const c = buf[start + 2];
  return a === 78 && b === 97 && c === 78 || a === 110 && b === 97 && c === 110 || a === 78 && b === 65 && c === 78;
}
var scratch = new Uint8Array(64);
function toScratch(text) {
  if (text.length > scratch.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return -1;
    scratch[i] = code;
  }
  return text.length;
}
function parseNumberText(text) {
  const length = toScratch(text);
  return length < 0 ? NaN : parseNumberBytes(scratch, 0, length);
}
function isNanText(text) {
  const length = toScratch(text);
  return length >= 0 && isNanBytes(scratch, 0, length);
}

// src/core/data/csv-string-cache.ts
var SLOTS = 4096;
var MAX_LENGTH = 16;
var TRIAL = 8192;
var StringCache = class {
  bytes = new Uint8Array(SLOTS * MAX_LENGTH);
  lengths = new Uint8Array(SLOTS);
  strings = new Array(SLOTS).fill("");
  lookups = 0;
  hits = 0;
  enabled = true;
  /** The string of the ASCII bytes `buf[start, end)`, whose FNV-style hash the caller computed while scanning. */
  get(buf, start, end, hash) {
    const length = end - start;
    if (!this.enabled || length > MAX_LENGTH) return decodeAscii(buf, start, end);
    if (++this.lookups === TRIAL) this.enabled = this.hits >= TRIAL / 2;
    const slot = (hash ^ hash >>> 15) & SLOTS - 1;
    const base = slot * MAX_LENGTH;
    const bytes = this.bytes;
    if (this.lengths[slot] === length) {
      let i = 0;
      while (i < length && bytes[base + i] === buf[start + i]) i++;
      if (i === length) {
        this.hits++;
        return this.strings[slot];
      }
    }
    const text = decodeAscii(buf, start, end);
    for (let i = 0; i < length; i++) bytes[base + i] = buf[start + i];
    this.lengths[slot] = length;
    this.strings[slot] = text;
    return text;
  }
};

// src/core/data/csv-parser.ts
var NUMBER = 0;
var BOOLEAN = 1;
var STRING = 2;
var PRESENT = CellState.Present;
var ABSENT = CellState.Absent;
var NAN = CellState.NaN;
var INVALID = CellState.Invalid;
var SPACE2 = 32;
var TAB2 = 9;
var EMPTY_F64 = new Float64Array(0);
var EMPTY_U8 = new Uint8Array(0);
var CsvBatchParser = class {
  file;
  names;
  kinds;
  width;
  delimiter;
  table;
  batchSize;
  /** Offset in the (decompressed) file of `buf[0]` of the current buffer. */
  baseOffset = 0;
  /** Rows filled in the current batch. */
  row = 0;
  /** Physical line of the next byte to parse. */
  line;
  /** Data rows emitted so far (the 1-based number of the last one). */
  rowNumber = 0;
  pendingBlankRows = 0;
  pendingBlankLine = 0;
  /** Values and states of all columns in one array each, column c at `[c * batchSize, (c + 1) * batchSize)`. */
  reuseBuffers;
  /** The arrays still hold the last batch taken (reuseBuffers): reset before writing to them. */
  stale = false;
  numbers = EMPTY_F64;
  booleans = EMPTY_U8;
  strings = [];
  states = EMPTY_U8;
  invalid = [];
  rowNumbers = new Uint32Array(0);
  lines = new Uint32Array(0);
  caches;
  constructor(options) {
    this.file = options.file;
    this.names = options.names;
    this.width = options.names.length;
    this.delimiter = options.delimiter;
    this.table = unquotedTable(options.delimiter);
    this.batchSize = options.batchSize;
    this.line = options.firstLine;
    this.reuseBuffers = options.reuseBuffers === true;
    this.kinds = Uint8Array.from(options.names, (name) => kindOf(options.columnTypes?.[name]));
    this.caches = Array.from(this.kinds, (kind) => kind === STRING ? new StringCache() : void 0);
    this.startBatch();
  }
  get isFull() {
    return this.row === this.batchSize;
  }
  /**
   * Parses records from `pos` until the batch is full, no complete record is left, or a record ends at or
   * after `stopAt`; returns where it stopped. With `isLast` the buffer ends the file: the last record needs
   * no line break.
   */
  parse(buf, pos, limit, isLast, stopAt = limit) {
    if (this.stale) this.refresh();
    const width = this.width;
    const last = width - 1;
    const kinds = this.kinds;
    const delimiter = this.delimiter;
    const batchSize = this.batchSize;
    const numbers = this.numbers;
    const strings = this.strings;
    const caches = this.caches;
    const table = this.table;
    let t0;
    let row = this.row;
    let line = this.line;
    records: while (row < batchSize && pos < stopAt) {
      const recordStart = pos;
      const recordLine = line;
      let b = buf[pos];
      if (b === LF || b === CR) {
        const next = skipLineBreak(buf, pos, limit, isLast);
        if (next === INCOMPLETE) break;
        if (width === 1) {
          if (this.pendingBlankRows++ === 0) this.pendingBlankLine = line;
        }
        pos = next;
        line++;
        continue;
      }
      if (this.pendingBlankRows > 0) {
        this.emitBlankRow(row++);
        continue;
      }
      for (let c = 0; c < width; c++) {
        if (pos < limit && buf[pos] === QUOTE) {
          const next2 = this.quotedCell(buf, pos, limit, isLast, row, c, line);
          if (next2 === INCOMPLETE) {
            pos = this.rollback(row, recordStart);
            line = recordLine;
            break records;
          }
          line += quotedScan.newlines;
          pos = next2;
        } else if (kinds[c] === NUMBER) {
          const value = scanNumber(buf, pos, limit);
          const end = numberScan.end;
          let t;
          if (value === value && end < limit && ((t = buf[end]) === delimiter || t === LF || t === CR)) {
            numbers[c * batchSize + row] = value;
            pos = end;
            if (t === delimiter && c !== last) {
              pos++;
              continue;
            }
          } else {
            const next2 = this.unquotedCell(buf, pos, limit, isLast, row, c, line);
            if (next2 === INCOMPLETE) {
              pos = this.rollback(row, recordStart);
              line = recordLine;
              break records;
            }
            pos = next2;
          }
        } else {
          let p = pos;
          let hash = 0;
          let cls = 1;
          while (p < limit && (cls = table[t0 = buf[p]]) === 0) {
            hash = Math.imul(hash ^ t0, 16777619);
            p++;
          }
          if (cls === 1 && p < limit && p > pos && kinds[c] === STRING) {
            strings[c][row] = caches[c].get(buf, pos, p, hash);
            pos = p;
          } else {
            const next2 = this.unquotedCell(buf, pos, limit, isLast, row, c, line);
            if (next2 === INCOMPLETE) {
              pos = this.rollback(row, recordStart);
              line = recordLine;
              break records;
            }
            pos = next2;
          }
        }
        if (pos >= limit) {
          if (!isLast) {
            pos = this.rollback(row, recordStart);
            line = recordLine;
            break records;
          }
          if (c !== last) throw this.raggedError(c + 1, recordLine);
          break;
        }
        b = buf[pos];
        if (b === delimiter) {
          if (c === last) {
            const count = this.countFields(buf, pos, limit, isLast);
            if (count === INCOMPLETE) {
              pos = this.rollback(row, recordStart);
              line = recordLine;
              break records;
            }
            throw this.raggedError(count, recordLine);
          }
          pos++;
          continue;
        }
        if (c !== last) throw this.raggedError(c + 1, recordLine);
        const next = skipLineBreak(buf, pos, limit, isLast);
        if (next === INCOMPLETE) {
          pos = this.rollback(row, recordStart);
          line = recordLine;
          break records;
        }
        pos = next;
        line++;
      }
      this.rowNumbers[row] = ++this.rowNumber;
      this.lines[row] = recordLine;
      row++;
    }
    this.row = row;
    this.line = line;
    return pos;
  }
  /** Ends the file: blank lines still pending are trailing ones and are dropped. */
  finish() {
    if (this.stale) this.refresh();
    this.pendingBlankRows = 0;
  }
  /** Hands out the rows parsed so far as a Batch and starts a new one. */
  takeBatch() {
    const length = this.row;
    const full = length === this.batchSize;
    const size = this.batchSize;
    const cut = (array) => full ? array : array.subarray(0, length);
    const columns = this.names.map((name, c) => {
      const state = this.states.subarray(c * size, c * size + length);
      const invalid = this.invalid[c];
      switch (this.kinds[c]) {
        case NUMBER:
          return {
            kind: "number",
            name,
            state,
            invalid,
            values: this.numbers.subarray(c * size, c * size + length)
          };
        case BOOLEAN:
          return {
            kind: "boolean",
            name,
            state,
            invalid,
            values: this.booleans.subarray(c * size, c * size + length)
          };
        default: {
          const values = this.strings[c];
          values.length = length;
          return { kind: "string", name, state, invalid, values };
        }
      }
    });
    const batch = { length, columns, rowNumbers: cut(this.rowNumbers), lines: cut(this.lines) };
    this.startBatch();
    return batch;
  }
  startBatch() {
    const size = this.batchSize;
    this.row = 0;
    const width = this.width;
    if (this.reuseBuffers && this.states.length > 0) {
      this.stale = true;
      this.strings = Array.from(
        this.kinds,
        (kind) => kind === STRING ? new Array(size).fill(void 0) : []
      );
      this.invalid = Array.from(this.kinds, () => /* @__PURE__ */ new Map());
      return;
    }
    this.numbers = this.kinds.includes(NUMBER) ? new Float64Array(width * size) : EMPTY_F64;
    this.booleans = this.kinds.includes(BOOLEAN) ? new Uint8Array(width * size) : EMPTY_U8;
    this.strings = Array.from(
      this.kinds,
      (kind) => kind === STRING ? new Array(size).fill(void 0) : []
    );
    this.states = new Uint8Array(width * size);
    this.invalid = Array.from(this.kinds, () => /* @__PURE__ */ new Map());
    this.rowNumbers = new Uint32Array(size);
    this.lines = new Uint32Array(size);
  }
  /** Placeholders of non-present cells are written explicitly; only states must start Present again. */
  refresh() {
    this.states.fill(PRESENT);
    this.stale = false;
  }
  /** Forgets what a cut record wrote into row `row`; returns the record's start to resume from. */
  rollback(row, recordStart) {
    for (let c = 0; c < this.width; c++) {
      this.invalid[c].delete(row);
      this.states[c * this.batchSize + row] = PRESENT;
    }
    return recordStart;
  }
  emitBlankRow(row) {
    this.setAbsent(row, 0);
    this.rowNumbers[row] = ++this.rowNumber;
    this.lines[row] = this.pendingBlankLine++;
    this.pendingBlankRows--;
  }
  quotedCell(buf, open2, limit, isLast, row, c, line) {
    const next = scanQuoted(buf, open2, limit, isLast);
    if (next === INCOMPLETE) return INCOMPLETE;
    if (next === UNCLOSED) {
      throw new DataError(
        this.file,
        { column: this.names[c] },
        `quoted field opened at row ${this.rowNumber + 1} (line ${line}) is never closed`
      );
    }
    const { close, escapes, nonAscii } = quotedScan;
    if (next < limit) {
      const t = buf[next];
      if (t !== this.delimiter && t !== LF && t !== CR) {
        throw new DataError(
          this.file,
          { row: this.rowNumber + 1, line: lineAt(buf, open2, next, line), column: this.names[c] },
          `unexpected text after the closing quote of field ${c + 1}; expected the delimiter or the end of the line (inner quotes must be doubled: "a""b")`
        );
      }
    }
    if (this.kinds[c] === STRING) {
      const text = this.decode(buf, open2 + 1, close, nonAscii, c, line);
      this.strings[c][row] = escapes ? text.replaceAll('""', '"') : text;
      this.states[c * this.batchSize + row] = PRESENT;
    } else if (escapes) {
      this.setInvalid(row, c, this.decode(buf, open2 + 1, close, nonAscii, c, line).replaceAll('""', '"'));
    } else {
      this.typedCell(buf, open2 + 1, close, nonAscii, row, c, line);
    }
    return next;
  }
  unquotedCell(buf, start, limit, isLast, row, c, line) {
    const end = scanUnquoted(buf, start, limit, this.table);
    if (unquotedScan.quoteAt >= 0) {
      throw new DataError(
        this.file,
        { row: this.rowNumber + 1, line, column: this.names[c] },
        `unexpected '"' inside unquoted field ${c + 1}; a field holding quotes must be quoted as a whole, with inner quotes doubled ("a""b")`
      );
    }
    if (end >= limit && !isLast) return INCOMPLETE;
    const nonAscii = unquotedScan.nonAscii;
    if (start === end) this.setAbsent(row, c);
    else if (this.kinds[c] === STRING) {
      this.strings[c][row] = this.decode(buf, start, end, nonAscii, c, line);
    } else this.typedCell(buf, start, end, nonAscii, row, c, line);
    return end;
  }
  /** A number or boolean cell's text `buf[start, end)` (unquoted or the content of quotes). */
  typedCell(buf, start, end, nonAscii, row, c, line) {
    let s = start;
    let e = end;
    while (s < e && (buf[s] === SPACE2 || buf[s] === TAB2)) s++;
    while (e > s && (buf[e - 1] === SPACE2 || buf[e - 1] === TAB2)) e--;
    if (s === e) {
      this.setAbsent(row, c);
      return;
    }
    if (this.kinds[c] === NUMBER) {
      const value2 = parseNumberBytes(buf, s, e);
      if (value2 === value2) {
        this.numbers[c * this.batchSize + row] = value2;
        this.states[c * this.batchSize + row] = PRESENT;
      } else if (isNanBytes(buf, s, e)) {
        this.numbers[c * this.batchSize + row] = NaN;
        this.states[c * this.batchSize + row] = NAN;
      } else this.setInvalid(row, c, this.decode(buf, start, end, nonAscii, c, line));
      return;
    }
    const value = parseBoolean(buf, s, e);
    if (value < 0) this.setInvalid(row, c, this.decode(buf, start, end, nonAscii, c, line));
    else {
      this.booleans[c * this.batchSize + row] = value;
      this.states[c * this.batchSize + row] = PRESENT;
    }
  }
  setAbsent(row, c) {
    this.states[c * this.batchSize + row] = ABSENT;
    const kind = this.kinds[c];
    if (kind === NUMBER) this.numbers[c * this.batchSize + row] = NaN;
    else if (kind === BOOLEAN) this.booleans[c * this.batchSize + row] = 0;
    else this.strings[c][row] = void 0;
  }
  setInvalid(row, c, raw) {
    this.setAbsent(row, c);
    this.states[c * this.batchSize + row] = INVALID;
    this.invalid[c].set(row, raw);
  }
  decode(buf, start, end, nonAscii, c, line) {
    if (!nonAscii) return decodeAscii(buf, start, end);
    try {
      return decodeUtf8(buf, start, end);
    } catch (error) {
      if (!(error instanceof InvalidUtf8Error)) throw error;
      throw new DataError(
        this.file,
        { row: this.rowNumber + 1, line: lineAt(buf, start, error.index, line), column: this.names[c] },
        `invalid UTF-8 at byte offset ${this.baseOffset + error.index} (byte 0x${error.byte.toString(16).padStart(2, "0")}); the file must be UTF-8`
      );
    }
  }
  /** Counts the fields of a too-long record from its extra delimiter at `pos`, for the message. */
  countFields(buf, pos, limit, isLast) {
    let count = this.width;
    while (pos < limit && buf[pos] === this.delimiter) {
      count++;
      pos++;
      if (pos < limit && buf[pos] === QUOTE) {
        const next = scanQuoted(buf, pos, limit, isLast);
        if (next === INCOMPLETE) return INCOMPLETE;
        if (next === UNCLOSED) return count;
        pos = next;
      }
      pos = scanUnquoted(buf, pos, limit, this.table);
      if (unquotedScan.quoteAt >= 0) return count;
      if (pos >= limit && !isLast) return INCOMPLETE;
    }
    return count;
  }
  raggedError(fields, line) {
    const header = this.width;
    return new DataError(
      this.file,
      { row: this.rowNumber + 1, line },
      `has ${fields} field${fields === 1 ? "" : "s"}; the header has ${header}`
    );
  }
};
function kindOf(type) {
  if (type === "number" || type === "integer") return NUMBER;
  if (type === "boolean") return BOOLEAN;
  return STRING;
}
var TRUE_FALSE = ["true", "True", "TRUE", "false", "False", "FALSE"];
function parseBoolean(buf, start, end) {
  const length = end - start;
  if (length !== 4 && length !== 5) return -1;
  for (let k = 0; k < TRUE_FALSE.length; k++) {
    const word = TRUE_FALSE[k];
    if (word.length !== length) continue;
    let i = 0;
    while (i < length && buf[start + i] === word.charCodeAt(i)) i++;
    if (i === length) return k < 3 ? 1 : 0;
  }
  return -1;
}

// src/core/data/csv-header.ts
function parseCsvHeader(buf, pos, limit, isLast, context) {
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
    throw new DataError(file, {}, "the file is empty; expected a header row with the column names");
  }
  const headerLine = line;
  const table = unquotedTable(delimiter);
  const names = [];
  for (; ; ) {
    const field = names.length + 1;
    if (buf[pos] === QUOTE) {
      const next2 = scanQuoted(buf, pos, limit, isLast);
      if (next2 === INCOMPLETE) return null;
      if (next2 === UNCLOSED) {
        throw new DataError(file, {}, `quoted field opened in the header (line ${line}) is never closed`);
      }
      const { close, escapes, nonAscii, newlines } = quotedScan;
      const text = decodeName(buf, pos + 1, close, nonAscii, context, line);
      names.push(escapes ? text.replaceAll('""', '"') : text);
      line += newlines;
      pos = next2;
      if (pos < limit && buf[pos] !== delimiter && buf[pos] !== LF && buf[pos] !== CR) {
        throw new DataError(
          file,
          { line },
          `unexpected text after the closing quote of header field ${field}; expected the delimiter or the end of the line`
        );
      }
    } else {
      const end = scanUnquoted(buf, pos, limit, table);
      if (unquotedScan.quoteAt >= 0) {
        throw new DataError(
          file,
          { line },
          `unexpected '"' inside unquoted header field ${field}; quote the whole field and double inner quotes ("a""b")`
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
function decodeName(buf, start, end, nonAscii, context, line) {
  if (!nonAscii) return decodeAscii(buf, start, end);
  try {
    return decodeUtf8(buf, start, end);
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    throw new DataError(
      context.file,
      { line: lineAt(buf, start, error.index, line) },
      `invalid UTF-8 in the header at byte offset ${context.baseOffset + error.index} (byte 0x${error.byte.toString(16).padStart(2, "0")}); the file must be UTF-8`
    );
  }
}
function checkNames(names, file, line) {
  const seen = /* @__PURE__ */ new Map();
  names.forEach((name, index) => {
    if (name === "") {
      throw new DataError(
        file,
        { line },
        `header column ${index + 1} has an empty name; every column needs a name`
      );
    }
    const first = seen.get(name);
    if (first !== void 0) {
      throw new DataError(
        file,
        { line },
        `duplicate column name "${name}" in the header (columns ${first + 1} and ${index + 1}); names must be unique`
      );
    }
    seen.set(name, index);
  });
}

// src/core/data/csv-reader.ts
var CHUNK_SIZE = 4 << 20;
var MAX_RECORD_BYTES = 256 << 20;
async function openCsv(path, options = {}) {
  const settings = { ...options, delimiter: options.delimiter ?? defaultDelimiter(path) };
  const probe = await openCsvChunks(readFileChunks(path), path, { ...settings, batchSize: 1 });
  const columns = probe.columns;
  await probe.close();
  if (!path.toLowerCase().endsWith(".gz")) {
    const size = await fileSize(path);
    const bound = Math.ceil(size / Math.max(1, columns.length)) + 1;
    settings.batchSize = Math.max(1, Math.min(resolveBatchSize(options), bound));
  }
  return {
    path,
    format: "csv",
    compressed: path.toLowerCase().endsWith(".gz"),
    columns,
    async *batches() {
      const stream = await openCsvChunks(readFileChunks(path), path, settings);
      try {
        if (stream.columns.join("\0") !== columns.join("\0")) {
          throw new DataError(path, { line: 1 }, "the header changed while the file was being read");
        }
        yield* stream.batches();
      } finally {
        await stream.close();
      }
    }
  };
}
async function fileSize(path) {
  try {
    return (await stat(path)).size;
  } catch (error) {
    throw fileError(path, error);
  }
}
function defaultDelimiter(path) {
  return /\.tsv(\.gz)?$/i.test(path) ? "	" : ",";
}
async function openCsvChunks(chunks, file, options = {}) {
  const delimiter = delimiterByte(options.delimiter ?? ",");
  const batchSize = resolveBatchSize(options);
  const input = new ChunkBuffer(chunks[Symbol.asyncIterator]());
  try {
    while (!input.done && input.buf.length < 3) await input.more();
    const buf = input.buf;
    if (buf.length >= 3 && buf[0] === 239 && buf[1] === 187 && buf[2] === 191) input.pos = 3;
    for (; ; ) {
      const context = { file, delimiter, baseOffset: input.baseOffset };
      const header = parseCsvHeader(input.buf, input.pos, input.buf.length, input.done, context);
      if (header) {
        input.pos = header.end;
        const parser = new CsvBatchParser({
          file,
          names: header.names,
          columnTypes: options.columnTypes,
          delimiter,
          batchSize,
          firstLine: header.nextLine,
          reuseBuffers: options.reuseBuffers
        });
        return {
          columns: header.names,
          dataStart: input.baseOffset + header.end,
          firstLine: header.nextLine,
          batches: () => streamBatches(input, parser),
          close: () => input.close()
        };
      }
      if (input.pending > MAX_RECORD_BYTES) {
        throw new DataError(file, { line: 1 }, "the header is larger than 256 MiB; is a quote left open?");
      }
      await input.more();
    }
  } catch (error) {
    await input.close();
    throw error;
  }
}
function openCsvRange(path, range, options = {}) {
  const input = new ChunkBuffer(readFileChunks(path, range.start, range.end)[Symbol.asyncIterator]());
  input.baseOffset = range.start;
  const parser = new CsvBatchParser({
    file: path,
    names: range.names,
    columnTypes: options.columnTypes,
    delimiter: delimiterByte(options.delimiter ?? defaultDelimiter(path)),
    batchSize: resolveBatchSize(options),
    firstLine: range.firstLine,
    reuseBuffers: options.reuseBuffers
  });
  return {
    batches: () => streamBatches(input, parser),
    get endLine() {
      return parser.line;
    }
  };
}
async function* streamBatches(input, parser) {
  try {
    for (; ; ) {
      parser.baseOffset = input.baseOffset;
      input.pos = parser.parse(input.buf, input.pos, input.buf.length, input.done);
      if (parser.isFull) {
        yield parser.takeBatch();
        continue;
      }
      if (input.done) break;
      if (input.pending > MAX_RECORD_BYTES) {
        throw new DataError(
          parser.file,
          { row: parser.rowNumber + 1, line: parser.line },
          "this record is larger than 256 MiB; is a quote left open?"
        );
      }
      if (input.pending === 0 || input.pending > BRIDGE_BYTES) {
        await input.more();
        continue;
      }
      yield* bridge(input, parser, await input.nextChunk());
    }
    if (input.pos < input.buf.length)
      throw new Error(`internal error: CSV parser stopped at byte ${input.pos}`);
    parser.finish();
    if (parser.row > 0) yield parser.takeBatch();
  } finally {
    await input.close();
  }
}
var BRIDGE_BYTES = 64 << 10;
async function* bridge(input, parser, chunk) {
  const rest = input.buf.subarray(input.pos);
  const baseOffset = input.baseOffset + input.pos;
  if (chunk === null || chunk.length <= BRIDGE_BYTES) {
    input.reset(chunk === null ? rest : concat(rest, [chunk], chunk.length), baseOffset, chunk === null);
    return;
  }
  const joined = concat(rest, [chunk.subarray(0, BRIDGE_BYTES)], BRIDGE_BYTES);
  parser.baseOffset = baseOffset;
  let pos = 0;
  for (; ; ) {
    pos = parser.parse(joined, pos, joined.length, false, rest.length);
    if (!parser.isFull) break;
    yield parser.takeBatch();
  }
  if (pos >= rest.length) input.reset(chunk, baseOffset + rest.length, false, pos - rest.length);
  else input.reset(concat(rest, [chunk], chunk.length), baseOffset, false);
}
var ChunkBuffer = class {
  constructor(iterator) {
    this.iterator = iterator;
  }
  iterator;
  buf = new Uint8Array(0);
  pos = 0;
  done = false;
  /** Offset in the stream of `buf[0]`. */
  baseOffset = 0;
  closed = false;
  get pending() {
    return this.buf.length - this.pos;
  }
  /** The next non-empty chunk as a plain Uint8Array (one element type keeps the parser monomorphic), or null. */
  async nextChunk() {
    for (; ; ) {
      const next = await this.iterator.next();
      if (next.done) return null;
      const chunk = next.value;
      if (chunk.length > 0) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    }
  }
  reset(buf, baseOffset, done, pos = 0) {
    this.buf = buf;
    this.baseOffset = baseOffset;
    this.done = done;
    this.pos = pos;
  }
  /**
   * Keeps the unparsed tail and appends at least as many new bytes as it holds (at least one chunk), so a
   * record spanning many chunks is rescanned a logarithmic number of times, not once per chunk.
   */
  async more() {
    const pending = this.buf.subarray(this.pos);
    const baseOffset = this.baseOffset + this.pos;
    if (pending.length === 0) {
      const chunk = await this.nextChunk();
      this.reset(chunk ?? pending, baseOffset, chunk === null);
      return;
    }
    const rest = pending.slice();
    const parts = [];
    let added = 0;
    let done = false;
    while (added < rest.length) {
      const chunk = await this.nextChunk();
      if (chunk === null) {
        done = true;
        break;
      }
      parts.push(chunk.slice());
      added += chunk.length;
    }
    this.reset(concat(rest, parts, added), baseOffset, done);
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.iterator.return?.();
  }
};
function concat(rest, parts, added) {
  const out = new Uint8Array(rest.length + added);
  out.set(rest, 0);
  let offset = rest.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
var POOL = 4;
async function* readFileChunks(path, start = 0, end = Number.POSITIVE_INFINITY) {
  if (path.toLowerCase().endsWith(".gz")) {
    if (start !== 0 || end !== Number.POSITIVE_INFINITY)
      throw new Error("internal error: ranged read of gzip");
    yield* readGzipChunks(path);
    return;
  }
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw fileError(path, error);
  }
  let pending = Promise.resolve(0);
  try {
    const fileSize2 = (await handle.stat()).size;
    const size = Math.min(CHUNK_SIZE, Math.max(64 << 10, Math.min(fileSize2, end) - start + 1));
    const pool = Array.from({ length: POOL }, () => new Uint8Array(size));
    const readAt = (k, position) => {
      const read = position < end ? handle.read(pool[k], 0, Math.min(size, end - position), position).then((r) => r.bytesRead) : Promise.resolve(0);
      read.catch(() => {
      });
      return read;
    };
    pending = readAt(0, start);
    for (let k = 0, position = start; ; ) {
      let bytesRead;
      try {
        bytesRead = await pending;
      } catch (error) {
        throw fileError(path, error);
      }
      if (bytesRead === 0) return;
      const chunk = pool[k].subarray(0, bytesRead);
      position += bytesRead;
      k = (k + 1) % POOL;
      pending = readAt(k, position);
      yield chunk;
    }
  } finally {
    await pending.catch(() => {
    });
    await handle.close();
  }
}
async function* readGzipChunks(path) {
  const file = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  const gunzip = createGunzip({ chunkSize: CHUNK_SIZE });
  pipeline(file, gunzip, () => {
  });
  try {
    for await (const chunk of gunzip) yield chunk;
  } catch (error) {
    throw fileError(path, error);
  } finally {
    gunzip.destroy();
    file.destroy();
  }
}
function fileError(path, error) {
  const code = error?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ENOENT") return new DataError(path, {}, "no such file");
  if (code === "EISDIR") return new DataError(path, {}, "is a directory, not a data file");
  if (code === "EACCES" || code === "EPERM") return new DataError(path, {}, "permission denied");
  if (typeof code === "string" && code.startsWith("Z_")) {
    const what = code === "Z_BUF_ERROR" ? "the gzip data is truncated" : "the file is not valid gzip data";
    return new DataError(path, {}, `${what} (${message}); expected a complete .gz file`);
  }
  return error;
}
function delimiterByte(delimiter) {
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  if (code < 0 || code > 127 || /[0-9A-Za-z.+\-"\r\n]/.test(delimiter)) {
    throw new ConfigurationError(
      `CSV delimiter ${JSON.stringify(delimiter)} is not allowed; expected one ASCII character other than a letter, digit, ".", "+", "-", a quote or a line break (e.g. ",", ";", "\\t", "|")`
    );
  }
  return code;
}

export {
  parseNumberText,
  isNanText,
  decodeUtf8,
  InvalidUtf8Error,
  openCsv,
  defaultDelimiter,
  openCsvChunks,
  openCsvRange,
  readFileChunks
};
