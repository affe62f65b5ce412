/**
 * How Parquet columns become mlgate columns: the kind each Parquet type maps to, and the conversion of one
 * slice of hyparquet's decoded values into a typed column.
 *
 * Mapping (the Parquet type decides; hints never convert values):
 * - FLOAT, DOUBLE, INT32, INT64, DECIMAL, FLOAT16 → number. INT64 beyond ±2^53 cannot be held exactly by a
 *   float64, so such a cell is Invalid with the bigint kept in `invalid` (never silently rounded).
 *   DECIMAL is rescaled as unscaled / 10^scale, the same float64 as `Number('12.34')`.
 * - BOOLEAN → boolean. STRING/UTF8, ENUM, UUID and unannotated BYTE_ARRAY (read as UTF-8) → string.
 * - DATE → `YYYY-MM-DD`; TIMESTAMP and INT96 → ISO-8601 in UTC with the unit's digits (`.123`, `.123456`,
 *   `.123456789`) and a `Z`; timestamps not adjusted to UTC are local wall-clock times, so without the `Z`
 *   (inside nested values they keep it); TIME → `HH:MM:SS.fff…`. All strings.
 * - Lists, maps, structs, JSON, variants, geometries and fixed-length binary → json (values as decoded).
 * - A `json` hint on any column keeps the decoded values as they are (e.g. INT64 ids beyond 2^53, exact as
 *   bigint). Other hints are ignored: a Parquet column already says what it holds.
 */
import type { ParquetParsers, SchemaTree } from 'hyparquet';
import type { ColumnType, Column } from './types.js';
import { CellState } from './types.js';

export type ParquetKind = Column['kind'];

export interface ParquetField {
  readonly name: string;
  readonly kind: ParquetKind;
  /** TIME columns: units per second (1000, 1e6, 1e9) of the raw integer. */
  readonly timeUnits?: bigint;
  /** DECIMAL columns: the scale to rescale by exactly. */
  readonly decimalScale?: number;
  /** Timestamps not adjusted to UTC are wall-clock times: written without the `Z`. */
  readonly localTime?: boolean;
}

const MAX_EXACT = 2n ** 53n;

export function describeField(node: SchemaTree, hint: ColumnType | undefined): ParquetField {
  const { element } = node;
  const name = element.name;
  if (hint === 'json') return { name, kind: 'json' };
  if (node.children.length > 0 || element.repetition_type === 'REPEATED') return { name, kind: 'json' };
  const ctype = element.converted_type;
  const ltype = element.logical_type;
  if (ctype === 'DECIMAL' || ltype?.type === 'DECIMAL') {
    return { name, kind: 'number', decimalScale: element.scale ?? 0 };
  }
  const timeUnits = timeUnitsOf(element);
  if (timeUnits !== undefined) return { name, kind: 'string', timeUnits };
  if (ctype === 'DATE' || ctype === 'TIMESTAMP_MILLIS' || ctype === 'TIMESTAMP_MICROS')
    return { name, kind: 'string' };
  if (ltype?.type === 'TIMESTAMP') return { name, kind: 'string', localTime: !ltype.isAdjustedToUTC };
  if (ltype?.type === 'DATE' || element.type === 'INT96') return { name, kind: 'string' };
  if (ctype === 'JSON' || ctype === 'BSON' || ltype?.type === 'JSON' || ltype?.type === 'BSON')
    return { name, kind: 'json' };
  if (ltype?.type === 'GEOMETRY' || ltype?.type === 'GEOGRAPHY') return { name, kind: 'json' };
  if (ctype === 'UTF8' || ctype === 'ENUM' || ltype?.type === 'STRING' || ltype?.type === 'ENUM')
    return { name, kind: 'string' };
  if (ltype?.type === 'UUID') return { name, kind: 'string' };
  if (ltype?.type === 'FLOAT16') return { name, kind: 'number' };
  switch (element.type) {
    case 'BOOLEAN':
      return { name, kind: 'boolean' };
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
      return { name, kind: 'number' };
    case 'BYTE_ARRAY':
      return { name, kind: 'string' };
    default:
      return { name, kind: 'json' };
  }
}

function timeUnitsOf(element: SchemaTree['element']): bigint | undefined {
  if (element.converted_type === 'TIME_MILLIS') return 1000n;
  if (element.converted_type === 'TIME_MICROS') return 1_000_000n;
  const ltype = element.logical_type;
  if (ltype?.type !== 'TIME') return undefined;
  return ltype.unit === 'MILLIS' ? 1000n : ltype.unit === 'MICROS' ? 1_000_000n : 1_000_000_000n;
}

/** hyparquet's default parsers make Dates (ms precision, negative µs truncated the wrong way); we want text. */
export const isoParsers: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v) => isoTimestamp(BigInt(v), 1000n),
  timestampFromMicroseconds: (v) => isoTimestamp(BigInt(v), 1_000_000n),
  timestampFromNanoseconds: (v) => isoTimestamp(BigInt(v), 1_000_000_000n),
  dateFromDays: (days) => isoDate(days),
};

const DIGITS = new Map<bigint, number>([
  [1000n, 3],
  [1_000_000n, 6],
  [1_000_000_000n, 9],
]);

/** An ISO-8601 UTC timestamp with as many fraction digits as the unit has; the raw bigint if out of range. */
export function isoTimestamp(value: bigint, unitsPerSecond: bigint): string | bigint {
  let seconds = value / unitsPerSecond;
  let fraction = value % unitsPerSecond;
  if (fraction < 0n) {
    fraction += unitsPerSecond;
    seconds -= 1n;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return value;
  const digits = DIGITS.get(unitsPerSecond) ?? 3;
  return `${date.toISOString().slice(0, -5)}.${fraction.toString().padStart(digits, '0')}Z`;
}

function isoDate(days: number): string | number {
  const date = new Date(days * 86_400_000);
  return Number.isNaN(date.getTime()) ? days : date.toISOString().slice(0, -14);
}

function isoTime(value: bigint, unitsPerSecond: bigint): string {
  const seconds = value / unitsPerSecond;
  const fraction = (value % unitsPerSecond).toString().padStart(DIGITS.get(unitsPerSecond) ?? 3, '0');
  const hh = String(seconds / 3600n).padStart(2, '0');
  const mm = String((seconds / 60n) % 60n).padStart(2, '0');
  const ss = String(seconds % 60n).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${fraction}`;
}

/** Any array hyparquet decodes a column into (typed arrays for required primitives, plain arrays otherwise). */
export type Decoded = ArrayLike<unknown>;

/** Converts rows [start, end) of one decoded row group column into a column of `field.kind`. */
export function toColumn(field: ParquetField, data: Decoded, start: number, end: number): Column {
  switch (field.kind) {
    case 'number':
      return toNumberColumn(field, data, start, end);
    case 'boolean':
      return toBooleanColumn(field.name, data, start, end);
    case 'string':
      return toStringColumn(field, data, start, end);
    default:
      return toJsonColumn(field.name, data, start, end);
  }
}

function toNumberColumn(field: ParquetField, data: Decoded, start: number, end: number): Column {
  const n = end - start;
  const values = new Float64Array(n);
  const state = new Uint8Array(n);
  const invalid = new Map<number, unknown>();
  const scale = field.decimalScale ? 10 ** field.decimalScale : 0;
  for (let i = 0; i < n; i++) {
    const v = data[start + i];
    if (typeof v === 'number') {
      if (Number.isNaN(v)) {
        values[i] = NaN;
        state[i] = CellState.NaN;
      } else {
        // hyparquet multiplies by 10^-scale (inexact); recover the unscaled integer and divide once.
        values[i] = scale ? Math.round(v * scale) / scale : v;
      }
    } else if (typeof v === 'bigint' && v <= MAX_EXACT && v >= -MAX_EXACT) {
      values[i] = Number(v);
    } else {
      values[i] = NaN;
      state[i] = missingOrInvalid(v, i, invalid);
    }
  }
  return { kind: 'number', name: field.name, values, state, invalid };
}

function toBooleanColumn(name: string, data: Decoded, start: number, end: number): Column {
  const n = end - start;
  const values = new Uint8Array(n);
  const state = new Uint8Array(n);
  const invalid = new Map<number, unknown>();
  for (let i = 0; i < n; i++) {
    const v = data[start + i];
    if (typeof v === 'boolean') values[i] = v ? 1 : 0;
    else state[i] = missingOrInvalid(v, i, invalid);
  }
  return { kind: 'boolean', name, values, state, invalid };
}

function toStringColumn(field: ParquetField, data: Decoded, start: number, end: number): Column {
  const n = end - start;
  const values = new Array<string | undefined>(n);
  const state = new Uint8Array(n);
  const invalid = new Map<number, unknown>();
  const units = field.timeUnits;
  const local = field.localTime === true;
  for (let i = 0; i < n; i++) {
    const v = data[start + i];
    if (typeof v === 'string') values[i] = local ? v.slice(0, -1) : v;
    else if (units !== undefined && (typeof v === 'number' || typeof v === 'bigint'))
      values[i] = isoTime(BigInt(v), units);
    else state[i] = missingOrInvalid(v, i, invalid);
  }
  return { kind: 'string', name: field.name, values, state, invalid };
}

function toJsonColumn(name: string, data: Decoded, start: number, end: number): Column {
  const n = end - start;
  const values = new Array<unknown>(n);
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = data[start + i];
    if (v === null || v === undefined) state[i] = CellState.Null;
    else values[i] = v;
  }
  return { kind: 'json', name, values, state, invalid: new Map() };
}

/** Parquet has no "absent": a missing value is a null (hyparquet gives null, or undefined inside nesting). */
function missingOrInvalid(v: unknown, i: number, invalid: Map<number, unknown>): CellState {
  if (v === null || v === undefined) return CellState.Null;
  invalid.set(i, v);
  return CellState.Invalid;
}
