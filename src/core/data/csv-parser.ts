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
import { isNanBytes, numberScan, parseNumberBytes, scanNumber } from './number-parse.js';
import { StringCache } from './csv-string-cache.js';
import { CellState, type Batch, type Column, type ColumnType } from './types.js';

const NUMBER = 0;
const BOOLEAN = 1;
const STRING = 2;

const PRESENT = CellState.Present;
const ABSENT = CellState.Absent;
const NAN = CellState.NaN;
const INVALID = CellState.Invalid;

const SPACE = 0x20;
const TAB = 0x09;
const EMPTY_F64 = new Float64Array(0);
const EMPTY_U8 = new Uint8Array(0);

export interface CsvParserOptions {
  file: string;
  names: readonly string[];
  columnTypes?: Readonly<Record<string, ColumnType>>;
  delimiter: number;
  batchSize: number;
  /** Physical line of the first data byte (2 unless the header spans lines or blank lines precede it). */
  firstLine: number;
  /** Refill the previous batch's typed arrays (see ReadOptions.reuseBuffers). */
  reuseBuffers?: boolean;
}

/**
 * The record state machine: parses complete records from one contiguous buffer straight into the typed
 * arrays of the current batch. A record cut by the end of the buffer is rolled back and reparsed once the
 * reader has appended more bytes, so no state survives between records except the line and row counters.
 *
 * Blank lines: in a file with one column a blank line is a row whose only cell is empty (it is the only way
 * to write that row), except blank lines at the end of the file, which editors add. With several columns a
 * blank line cannot be a valid row, so it is skipped (and still counted in line numbers), as pandas does.
 */
export class CsvBatchParser {
  readonly file: string;
  readonly names: readonly string[];
  private readonly kinds: Uint8Array;
  private readonly width: number;
  private readonly delimiter: number;
  private readonly table: Uint8Array;
  readonly batchSize: number;
  /** Offset in the (decompressed) file of `buf[0]` of the current buffer. */
  baseOffset = 0;

  /** Rows filled in the current batch. */
  row = 0;
  /** Physical line of the next byte to parse. */
  line: number;
  /** Data rows emitted so far (the 1-based number of the last one). */
  rowNumber = 0;
  private pendingBlankRows = 0;
  private pendingBlankLine = 0;

  /** Values and states of all columns in one array each, column c at `[c * batchSize, (c + 1) * batchSize)`. */
  private readonly reuseBuffers: boolean;
  /** The arrays still hold the last batch taken (reuseBuffers): reset before writing to them. */
  private stale = false;
  private numbers = EMPTY_F64;
  private booleans = EMPTY_U8;
  private strings: (string | undefined)[][] = [];
  private states = EMPTY_U8;
  private invalid: Map<number, unknown>[] = [];
  private rowNumbers = new Uint32Array(0);
  private lines = new Uint32Array(0);
  private readonly caches: (StringCache | undefined)[];

  constructor(options: CsvParserOptions) {
    this.file = options.file;
    this.names = options.names;
    this.width = options.names.length;
    this.delimiter = options.delimiter;
    this.table = unquotedTable(options.delimiter);
    this.batchSize = options.batchSize;
    this.line = options.firstLine;
    this.reuseBuffers = options.reuseBuffers === true;
    this.kinds = Uint8Array.from(options.names, (name) => kindOf(options.columnTypes?.[name]));
    this.caches = Array.from(this.kinds, (kind) => (kind === STRING ? new StringCache() : undefined));
    this.startBatch();
  }

  get isFull(): boolean {
    return this.row === this.batchSize;
  }

  /**
   * Parses records from `pos` until the batch is full, no complete record is left, or a record ends at or
   * after `stopAt`; returns where it stopped. With `isLast` the buffer ends the file: the last record needs
   * no line break.
   */
  parse(buf: Uint8Array, pos: number, limit: number, isLast: boolean, stopAt = limit): number {
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
    let t0: number;
    let row = this.row;
    let line = this.line;
    // In the fast path a cell's state stays Present, the value every new batch starts with.
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
          const next = this.quotedCell(buf, pos, limit, isLast, row, c, line);
          if (next === INCOMPLETE) {
            pos = this.rollback(row, recordStart);
            line = recordLine;
            break records;
          }
          line += quotedScan.newlines;
          pos = next;
        } else if (kinds[c] === NUMBER) {
          // Fast path: a plain decimal right before the delimiter or a line break (see scanNumber).
          const value = scanNumber(buf, pos, limit);
          const end = numberScan.end;
          let t: number;
          if (value === value && end < limit && ((t = buf[end]) === delimiter || t === LF || t === CR)) {
            numbers[c * batchSize + row] = value;
            pos = end;
            if (t === delimiter && c !== last) {
              pos++;
              continue;
            }
          } else {
            const next = this.unquotedCell(buf, pos, limit, isLast, row, c, line);
            if (next === INCOMPLETE) {
              pos = this.rollback(row, recordStart);
              line = recordLine;
              break records;
            }
            pos = next;
          }
        } else {
          // Plain ASCII text up to the delimiter, hashed on the way for the cache of repeated values.
          let p = pos;
          let hash = 0;
          let cls = 1;
          while (p < limit && (cls = table[(t0 = buf[p])]) === 0) {
            hash = Math.imul(hash ^ t0, 0x01000193);
            p++;
          }
          if (cls === 1 && p < limit && p > pos && kinds[c] === STRING) {
            strings[c][row] = caches[c]!.get(buf, pos, p, hash);
            pos = p;
          } else {
            const next = this.unquotedCell(buf, pos, limit, isLast, row, c, line);
            if (next === INCOMPLETE) {
              pos = this.rollback(row, recordStart);
              line = recordLine;
              break records;
            }
            pos = next;
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
  finish(): void {
    if (this.stale) this.refresh();
    this.pendingBlankRows = 0;
  }

  /** Hands out the rows parsed so far as a Batch and starts a new one. */
  takeBatch(): Batch {
    const length = this.row;
    const full = length === this.batchSize;
    const size = this.batchSize;
    const cut = <T extends Uint32Array>(array: T): T => (full ? array : (array.subarray(0, length) as T));
    const columns: Column[] = this.names.map((name, c) => {
      const state = this.states.subarray(c * size, c * size + length);
      const invalid = this.invalid[c];
      switch (this.kinds[c]) {
        case NUMBER:
          return {
            kind: 'number',
            name,
            state,
            invalid,
            values: this.numbers.subarray(c * size, c * size + length),
          };
        case BOOLEAN:
          return {
            kind: 'boolean',
            name,
            state,
            invalid,
            values: this.booleans.subarray(c * size, c * size + length),
          };
        default: {
          const values = this.strings[c];
          values.length = length;
          return { kind: 'string', name, state, invalid, values };
        }
      }
    });
    const batch: Batch = { length, columns, rowNumbers: cut(this.rowNumbers), lines: cut(this.lines) };
    this.startBatch();
    return batch;
  }

  private startBatch(): void {
    const size = this.batchSize;
    this.row = 0;
    const width = this.width;
    if (this.reuseBuffers && this.states.length > 0) {
      // The batch just taken still views these arrays: clear its states only when parsing resumes, which
      // is after the consumer asked for the next batch (see refresh).
      this.stale = true;
      this.strings = Array.from(this.kinds, (kind) =>
        kind === STRING ? new Array<string | undefined>(size).fill(undefined) : [],
      );
      this.invalid = Array.from(this.kinds, () => new Map<number, unknown>());
      return;
    }
    this.numbers = this.kinds.includes(NUMBER) ? new Float64Array(width * size) : EMPTY_F64;
    this.booleans = this.kinds.includes(BOOLEAN) ? new Uint8Array(width * size) : EMPTY_U8;
    // Pre-sized and packed: appending to a growing array cost ~5% more on string-heavy files.
    this.strings = Array.from(this.kinds, (kind) =>
      kind === STRING ? new Array<string | undefined>(size).fill(undefined) : [],
    );
    this.states = new Uint8Array(width * size);
    this.invalid = Array.from(this.kinds, () => new Map<number, unknown>());
    this.rowNumbers = new Uint32Array(size);
    this.lines = new Uint32Array(size);
  }

  /** Placeholders of non-present cells are written explicitly; only states must start Present again. */
  private refresh(): void {
    this.states.fill(PRESENT);
    this.stale = false;
  }

  /** Forgets what a cut record wrote into row `row`; returns the record's start to resume from. */
  private rollback(row: number, recordStart: number): number {
    for (let c = 0; c < this.width; c++) {
      this.invalid[c].delete(row);
      this.states[c * this.batchSize + row] = PRESENT;
    }
    return recordStart;
  }

  private emitBlankRow(row: number): void {
    this.setAbsent(row, 0);
    this.rowNumbers[row] = ++this.rowNumber;
    this.lines[row] = this.pendingBlankLine++;
    this.pendingBlankRows--;
  }

  private quotedCell(
    buf: Uint8Array,
    open: number,
    limit: number,
    isLast: boolean,
    row: number,
    c: number,
    line: number,
  ): number {
    const next = scanQuoted(buf, open, limit, isLast);
    if (next === INCOMPLETE) return INCOMPLETE;
    if (next === UNCLOSED) {
      throw new DataError(
        this.file,
        { row: this.rowNumber + 1, line, column: this.names[c] },
        'the quoted field that opens here is never closed; is a closing quote missing?',
      );
    }
    const { close, escapes, nonAscii } = quotedScan;
    if (next < limit) {
      const t = buf[next];
      if (t !== this.delimiter && t !== LF && t !== CR) {
        throw new DataError(
          this.file,
          { row: this.rowNumber + 1, line: lineAt(buf, open, next, line), column: this.names[c] },
          `unexpected text after the closing quote of field ${c + 1}; ` +
            `expected the delimiter or the end of the line (inner quotes must be doubled: "a""b")`,
        );
      }
    }
    if (this.kinds[c] === STRING) {
      const text = this.decode(buf, open + 1, close, nonAscii, c, line);
      this.strings[c][row] = escapes ? text.replaceAll('""', '"') : text;
      this.states[c * this.batchSize + row] = PRESENT;
    } else if (escapes) {
      this.setInvalid(row, c, this.decode(buf, open + 1, close, nonAscii, c, line).replaceAll('""', '"'));
    } else {
      this.typedCell(buf, open + 1, close, nonAscii, row, c, line);
    }
    return next;
  }

  private unquotedCell(
    buf: Uint8Array,
    start: number,
    limit: number,
    isLast: boolean,
    row: number,
    c: number,
    line: number,
  ): number {
    const end = scanUnquoted(buf, start, limit, this.table);
    if (unquotedScan.quoteAt >= 0) {
      throw new DataError(
        this.file,
        { row: this.rowNumber + 1, line, column: this.names[c] },
        `unexpected '"' inside unquoted field ${c + 1}; ` +
          `a field holding quotes must be quoted as a whole, with inner quotes doubled ("a""b")`,
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
  private typedCell(
    buf: Uint8Array,
    start: number,
    end: number,
    nonAscii: boolean,
    row: number,
    c: number,
    line: number,
  ): void {
    let s = start;
    let e = end;
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s++;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e--;
    if (s === e) {
      this.setAbsent(row, c);
      return;
    }
    if (this.kinds[c] === NUMBER) {
      const value = parseNumberBytes(buf, s, e);
      if (value === value) {
        this.numbers[c * this.batchSize + row] = value;
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

  private setAbsent(row: number, c: number): void {
    this.states[c * this.batchSize + row] = ABSENT;
    const kind = this.kinds[c];
    if (kind === NUMBER) this.numbers[c * this.batchSize + row] = NaN;
    else if (kind === BOOLEAN) this.booleans[c * this.batchSize + row] = 0;
    else this.strings[c][row] = undefined;
  }

  private setInvalid(row: number, c: number, raw: string): void {
    this.setAbsent(row, c);
    this.states[c * this.batchSize + row] = INVALID;
    this.invalid[c].set(row, raw);
  }

  private decode(
    buf: Uint8Array,
    start: number,
    end: number,
    nonAscii: boolean,
    c: number,
    line: number,
  ): string {
    if (!nonAscii) return decodeAscii(buf, start, end);
    try {
      return decodeUtf8(buf, start, end);
    } catch (error) {
      if (!(error instanceof InvalidUtf8Error)) throw error;
      throw new DataError(
        this.file,
        { row: this.rowNumber + 1, line: lineAt(buf, start, error.index, line), column: this.names[c] },
        `invalid UTF-8 at byte offset ${this.baseOffset + error.index} ` +
          `(byte 0x${error.byte.toString(16).padStart(2, '0')}); the file must be UTF-8`,
      );
    }
  }

  /** Counts the fields of a too-long record from its extra delimiter at `pos`, for the message. */
  private countFields(buf: Uint8Array, pos: number, limit: number, isLast: boolean): number {
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

  private raggedError(fields: number, line: number): DataError {
    const header = this.width;
    return new DataError(
      this.file,
      { row: this.rowNumber + 1, line },
      `has ${fields} field${fields === 1 ? '' : 's'}; the header has ${header}`,
    );
  }
}

function kindOf(type: ColumnType | undefined): number {
  if (type === 'number' || type === 'integer') return NUMBER;
  if (type === 'boolean') return BOOLEAN;
  // 'json' columns of a CSV file are read as text: a cell is a string, not parsed JSON.
  return STRING;
}

const TRUE_FALSE = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'];

/** 1 for true, 0 for false, -1 otherwise. `1`/`0`, `yes`/`no` are not booleans: they stay Invalid. */
function parseBoolean(buf: Uint8Array, start: number, end: number): number {
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
