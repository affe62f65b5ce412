/**
 * Builds JSON Lines batches row by row. Columns are the keys in order of first appearance across the file
 * (JS puts integer-like keys such as "2" first within one object: `JSON.parse` order, documented).
 * Without a hint a column is `json` (values as parsed). With a hint, values of the hinted JSON type fill a
 * typed column and any other value is Invalid with the raw value kept: "5" in a number column is never
 * coerced. `integer` reads like `number`; whether 41.5 is an integer is the validator's call.
 */
import type { Batch, Column, ColumnType } from './types.js';
import { CellState } from './types.js';

/** Column names seen so far, shared by every pass over the file so `DataSource.columns` only grows. */
export class ColumnRegistry {
  readonly names: string[] = [];
  readonly index = new Map<string, number>();

  add(name: string): number {
    const at = this.names.length;
    this.names.push(name);
    this.index.set(name, at);
    return at;
  }
}

interface CellBuilder {
  set(row: number, value: unknown): void;
  finish(length: number): Column;
}

export class JsonlBatchBuilder {
  length = 0;
  private builders: CellBuilder[] = [];
  private rowNumbers: Uint32Array;

  constructor(
    private readonly registry: ColumnRegistry,
    private readonly hints: Readonly<Record<string, ColumnType>>,
    private readonly capacity: number,
  ) {
    this.rowNumbers = new Uint32Array(capacity);
    this.reset();
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  addRow(row: Record<string, unknown>, line: number): void {
    const at = this.length;
    for (const key in row) {
      let c = this.registry.index.get(key);
      if (c === undefined) c = this.registry.add(key);
      // Another pass over the same file may have grown the registry too: catch up in order.
      while (c >= this.builders.length)
        this.builders.push(this.builderFor(this.registry.names[this.builders.length]));
      this.builders[c].set(at, row[key]);
    }
    this.rowNumbers[at] = line;
    this.length = at + 1;
  }

  /** Hands out the rows gathered so far and starts an empty batch with every column seen so far. */
  take(): Batch {
    const n = this.length;
    const rowNumbers = this.rowNumbers.subarray(0, n);
    const batch: Batch = {
      length: n,
      columns: this.builders.map((b) => b.finish(n)),
      rowNumbers,
      lines: rowNumbers.slice(),
    };
    this.rowNumbers = new Uint32Array(this.capacity);
    this.reset();
    return batch;
  }

  private reset(): void {
    this.length = 0;
    this.builders = this.registry.names.map((name) => this.builderFor(name));
  }

  private builderFor(name: string): CellBuilder {
    switch (this.hints[name]) {
      case 'number':
      case 'integer':
        return new NumberBuilder(name, this.capacity);
      case 'boolean':
        return new BooleanBuilder(name, this.capacity);
      case 'string':
        return new StringBuilder(name, this.capacity);
      default:
        return new JsonBuilder(name, this.capacity);
    }
  }
}

/** State starts Absent: a row that lacks the key never touches the column. */
function absentStates(capacity: number): Uint8Array {
  return new Uint8Array(capacity).fill(CellState.Absent);
}

class NumberBuilder implements CellBuilder {
  private values: Float64Array;
  private state: Uint8Array;
  private invalid = new Map<number, unknown>();
  constructor(
    private readonly name: string,
    capacity: number,
  ) {
    this.values = new Float64Array(capacity).fill(NaN);
    this.state = absentStates(capacity);
  }
  set(row: number, value: unknown): void {
    if (typeof value === 'number') {
      this.values[row] = value;
      this.state[row] = CellState.Present;
    } else setMissingOrInvalid(this.state, this.invalid, row, value);
  }
  finish(n: number): Column {
    const { name, invalid } = this;
    return {
      kind: 'number',
      name,
      values: this.values.subarray(0, n),
      state: this.state.subarray(0, n),
      invalid,
    };
  }
}

class BooleanBuilder implements CellBuilder {
  private values: Uint8Array;
  private state: Uint8Array;
  private invalid = new Map<number, unknown>();
  constructor(
    private readonly name: string,
    capacity: number,
  ) {
    this.values = new Uint8Array(capacity);
    this.state = absentStates(capacity);
  }
  set(row: number, value: unknown): void {
    if (typeof value === 'boolean') {
      this.values[row] = value ? 1 : 0;
      this.state[row] = CellState.Present;
    } else setMissingOrInvalid(this.state, this.invalid, row, value);
  }
  finish(n: number): Column {
    const { name, invalid } = this;
    return {
      kind: 'boolean',
      name,
      values: this.values.subarray(0, n),
      state: this.state.subarray(0, n),
      invalid,
    };
  }
}

class StringBuilder implements CellBuilder {
  private values: (string | undefined)[];
  private state: Uint8Array;
  private invalid = new Map<number, unknown>();
  constructor(
    private readonly name: string,
    capacity: number,
  ) {
    this.values = new Array<string | undefined>(capacity);
    this.state = absentStates(capacity);
  }
  set(row: number, value: unknown): void {
    if (typeof value === 'string') {
      this.values[row] = value;
      this.state[row] = CellState.Present;
    } else setMissingOrInvalid(this.state, this.invalid, row, value);
  }
  finish(n: number): Column {
    this.values.length = n;
    const { name, values, invalid } = this;
    return { kind: 'string', name, values, state: this.state.subarray(0, n), invalid };
  }
}

class JsonBuilder implements CellBuilder {
  private values: unknown[];
  private state: Uint8Array;
  constructor(
    private readonly name: string,
    capacity: number,
  ) {
    this.values = new Array<unknown>(capacity);
    this.state = absentStates(capacity);
  }
  set(row: number, value: unknown): void {
    if (value === null) this.state[row] = CellState.Null;
    else {
      this.values[row] = value;
      this.state[row] = CellState.Present;
    }
  }
  finish(n: number): Column {
    this.values.length = n;
    const { name, values } = this;
    return { kind: 'json', name, values, state: this.state.subarray(0, n), invalid: new Map() };
  }
}

function setMissingOrInvalid(
  state: Uint8Array,
  invalid: Map<number, unknown>,
  row: number,
  value: unknown,
): void {
  if (value === null) state[row] = CellState.Null;
  else {
    state[row] = CellState.Invalid;
    invalid.set(row, value);
  }
}
