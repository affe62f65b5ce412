import { CellState, type Batch, type Column } from '../data/types.js';

/**
 * Proves most rows valid a column at a time, so ajv only sees the rows that might fail.
 *
 * For the plain tabular schemas most data contracts are (an object of typed properties with bounds,
 * enums and patterns, `required`, `additionalProperties`), whether a row passes is the conjunction of
 * per-cell tests. Those run here over the typed arrays (a compare per cell) and mark the rows where any
 * test fails or any cell is not Present; ajv then validates exactly those rows and reports their errors.
 * A row is left out only when every keyword that applies to it was checked here with ajv's own
 * semantics, so results are identical to validating every row (a property test compares both). A schema
 * with anything else (combinators, $ref, formats, string lengths, conditionals, ...) gets no pre-check.
 */
export type Precheck = (batch: Batch) => Uint8Array | null;

/** Keywords that only annotate: they never make a value invalid. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'x-unique',
]);
const ROOT_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties']);
const PROPERTY_KEYWORDS = new Set([
  'type',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
]);

type ScalarType = 'number' | 'integer' | 'string' | 'boolean';

interface PropertyTest {
  /** The non-null type the property requires, or undefined for any type. */
  type?: ScalarType;
  enumValues?: ReadonlySet<unknown>;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: RegExp;
}

/** Compiles the pre-check for a schema, or returns undefined when the schema is beyond it. */
export function compilePrecheck(schema: Record<string, unknown>): Precheck | undefined {
  if (!onlyKeywords(schema, ROOT_KEYWORDS)) return undefined;
  if (schema.type !== 'object') return undefined;
  const properties = schema.properties ?? {};
  if (!isPlainObject(properties)) return undefined;
  const required = schema.required ?? [];
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) return undefined;
  const additional = schema.additionalProperties ?? true;
  if (typeof additional !== 'boolean') return undefined;

  const tests = new Map<string, PropertyTest>();
  for (const [name, sub] of Object.entries(properties)) {
    const test = compileProperty(sub);
    if (!test) return undefined;
    tests.set(name, test);
  }
  return (batch) => precheckBatch(batch, tests, required as string[], additional);
}

function compileProperty(sub: unknown): PropertyTest | undefined {
  if (sub === true) return {};
  if (!isPlainObject(sub) || !onlyKeywords(sub, PROPERTY_KEYWORDS)) return undefined;
  const test: PropertyTest = {};
  if (sub.type !== undefined) {
    const types = Array.isArray(sub.type) ? sub.type.filter((t) => t !== 'null') : [sub.type];
    // A missing cell is never proven valid here, so "null" in a type list changes nothing we test.
    if (types.length !== 1 || !['number', 'integer', 'string', 'boolean'].includes(types[0] as string))
      return undefined;
    test.type = types[0] as ScalarType;
  }
  if (sub.enum !== undefined) {
    if (
      !Array.isArray(sub.enum) ||
      !sub.enum.every((v) => ['string', 'number', 'boolean'].includes(typeof v))
    ) {
      return undefined;
    }
    // Set's SameValueZero matches ajv's equality for primitives (0 equals -0; NaN is never a Present value).
    test.enumValues = new Set(sub.enum);
  }
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (sub[key] === undefined) continue;
    if (typeof sub[key] !== 'number') return undefined;
    test[key] = sub[key];
  }
  if (sub.pattern !== undefined) {
    if (typeof sub.pattern !== 'string') return undefined;
    try {
      test.pattern = new RegExp(sub.pattern, 'u'); // ajv's default (unicodeRegExp)
    } catch {
      return undefined;
    }
  }
  return test;
}

/** Per row: 1 when ajv must look at it. Null when every row needs ajv. */
function precheckBatch(
  batch: Batch,
  tests: ReadonlyMap<string, PropertyTest>,
  required: readonly string[],
  additional: boolean,
): Uint8Array | null {
  const names = new Set(batch.columns.map((c) => c.name));
  // A required property with no column, or a column the schema forbids, fails every row.
  if (!required.every((r) => names.has(r))) return null;
  if (!additional && batch.columns.some((c) => !tests.has(c.name))) return null;
  const suspect = new Uint8Array(batch.length);
  for (const column of batch.columns) {
    const test = tests.get(column.name);
    // additionalProperties: true (or absent) accepts any value, but a missing one may break `required`.
    if (test === undefined) markMissing(column.state, suspect, batch.length);
    else if (!markColumn(column, test, suspect, batch.length)) return null;
  }
  return suspect;
}

/** Marks the rows of one column that are not Present or fail a test; false when the column cannot be checked. */
function markColumn(column: Column, test: PropertyTest, suspect: Uint8Array, length: number): boolean {
  switch (column.kind) {
    case 'number':
      if (test.type === 'string' || test.type === 'boolean' || test.pattern) return false;
      markNumbers(column.values, column.state, test, suspect, length);
      return true;
    case 'string':
      if (test.type !== undefined && test.type !== 'string') return false;
      markStrings(column.values, column.state, test, suspect, length);
      return true;
    case 'boolean':
      if (test.type !== undefined && test.type !== 'boolean') return false;
      markBooleans(column.values, column.state, test, suspect, length);
      return true;
    default:
      return false;
  }
}

function markNumbers(
  values: Float64Array,
  state: Uint8Array,
  test: PropertyTest,
  suspect: Uint8Array,
  length: number,
): void {
  const min = test.minimum ?? -Infinity;
  const max = test.maximum ?? Infinity;
  const allowed = test.enumValues;
  if (allowed === undefined && test.exclusiveMinimum === undefined && test.exclusiveMaximum === undefined) {
    // The common case, kept to a few compares per cell: `v - v !== 0` is true for ±Infinity and NaN
    // (only finite numbers are proven: ajv's verdict on ±Infinity depends on its strictNumbers option).
    if (test.type === 'integer') {
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (state[i] !== CellState.Present || !(v >= min && v <= max) || v - v !== 0 || Math.trunc(v) !== v) {
          suspect[i] = 1;
        }
      }
    } else {
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (state[i] !== CellState.Present || !(v >= min && v <= max) || v - v !== 0) suspect[i] = 1;
      }
    }
    return;
  }
  const integer = test.type === 'integer';
  const xmin = test.exclusiveMinimum ?? -Infinity;
  const xmax = test.exclusiveMaximum ?? Infinity;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (
      state[i] !== CellState.Present ||
      !Number.isFinite(v) ||
      (integer && Math.trunc(v) !== v) ||
      !(v >= min && v <= max && (xmin === -Infinity || v > xmin) && (xmax === Infinity || v < xmax)) ||
      (allowed !== undefined && !allowed.has(v))
    ) {
      suspect[i] = 1;
    }
  }
}

function markStrings(
  values: readonly (string | undefined)[],
  state: Uint8Array,
  test: PropertyTest,
  suspect: Uint8Array,
  length: number,
): void {
  // Bounds on a string property do not apply to strings (ajv checks them on numbers only).
  const allowed = test.enumValues;
  const pattern = test.pattern;
  for (let i = 0; i < length; i++) {
    if (state[i] !== CellState.Present) suspect[i] = 1;
    else if (allowed !== undefined || pattern !== undefined) {
      const v = values[i] as string;
      if ((allowed !== undefined && !allowed.has(v)) || (pattern !== undefined && !pattern.test(v)))
        suspect[i] = 1;
    }
  }
}

function markMissing(state: Uint8Array, suspect: Uint8Array, length: number): void {
  for (let i = 0; i < length; i++) if (state[i] !== CellState.Present) suspect[i] = 1;
}

function markBooleans(
  values: Uint8Array,
  state: Uint8Array,
  test: PropertyTest,
  suspect: Uint8Array,
  length: number,
) {
  const allowed = test.enumValues;
  for (let i = 0; i < length; i++) {
    if (state[i] !== CellState.Present || (allowed !== undefined && !allowed.has(values[i] === 1)))
      suspect[i] = 1;
  }
}

function onlyKeywords(node: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  // x-unique is ours and must be a boolean (ajv's compile rejects anything else): leave that to ajv.
  if ('x-unique' in node && typeof node['x-unique'] !== 'boolean') return false;
  return Object.keys(node).every((k) => allowed.has(k) || ANNOTATIONS.has(k));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
