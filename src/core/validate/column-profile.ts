import { isNanText, parseNumberText } from '../data/number-parse.js';
import { CellState, type Column, type DataFormat } from '../data/types.js';

const MAX_ENUM = 20;
const BOOLEAN_TEXT: Readonly<Record<string, boolean>> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

/**
 * What schema inference learns about one column while streaming: value kinds, numeric range, a few
 * distinct strings (for enums) and, for id-like columns, whether every value is distinct. CSV cells arrive
 * as text and are typed with the CSV reader's own number grammar (parseNumberText), so the inferred type
 * reads back the same way.
 */
export class ColumnProfile {
  rows = 0;
  missing = 0;
  integers = 0;
  fractions = 0;
  booleans = 0;
  strings = 0;
  structures = 0;
  /** NaN text in CSV: missing if the column ends up numeric, a string otherwise. */
  nanTexts = 0;
  min = Infinity;
  max = -Infinity;
  distinct: Set<string> | undefined = new Set();
  private keys: Set<unknown> | undefined;
  duplicate = false;
  /** Cells came as CSV text (any kind mix then reads back fine as a string column). */
  fromText = false;

  constructor(
    readonly name: string,
    trackDistinct: boolean,
  ) {
    if (trackDistinct) this.keys = new Set();
  }

  addColumn(column: Column, length: number, format: DataFormat): void {
    this.rows += length;
    for (let i = 0; i < length; i++) {
      const state = column.state[i];
      if (state === CellState.Present)
        this.addValue(column.kind === 'boolean' ? column.values[i] === 1 : column.values[i], format);
      else if (state === CellState.Invalid) this.addValue(column.invalid.get(i), format);
      else this.missing++;
    }
  }

  /** Rows of a batch that lacks the column (JSON Lines before the key first appears). */
  addAbsent(length: number): void {
    this.rows += length;
    this.missing += length;
  }

  private addValue(value: unknown, format: DataFormat): void {
    if (typeof value === 'string' && format === 'csv') return this.addText(value);
    if (typeof value === 'number') return this.addNumber(value);
    if (typeof value === 'boolean') this.booleans++;
    else if (typeof value === 'string') this.addString(value);
    else if (typeof value === 'bigint') this.integers++;
    else this.structures++;
  }

  private addText(text: string): void {
    this.fromText = true;
    // Every text is an enum candidate: the column may end up a string column holding "1" or "true".
    this.noteDistinct(text);
    if (isNanText(text)) {
      this.nanTexts++;
      return;
    }
    const number = parseNumberText(text);
    if (!Number.isNaN(number)) return this.addNumber(number);
    if (Object.hasOwn(BOOLEAN_TEXT, text)) this.booleans++;
    else this.strings++;
    if (this.keys && !this.duplicate) this.noteKey(text);
  }

  private addNumber(value: number): void {
    if (Number.isNaN(value)) {
      this.missing++;
      return;
    }
    if (Number.isInteger(value)) this.integers++;
    else this.fractions++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.keys && !this.duplicate) this.noteKey(value);
  }

  private addString(text: string): void {
    this.strings++;
    this.noteDistinct(text);
    if (this.keys && !this.duplicate) this.noteKey(text);
  }

  private noteDistinct(text: string): void {
    if (!this.distinct) return;
    this.distinct.add(text);
    if (this.distinct.size > MAX_ENUM) this.distinct = undefined;
  }

  private noteKey(key: unknown): void {
    const keys = this.keys as Set<unknown>;
    if (keys.has(key)) this.duplicate = true;
    else keys.add(key);
  }
}
