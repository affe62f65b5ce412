import type { ErrorObject, ValidateFunction } from 'ajv';
import { CellState, type Batch, type Column, type DataFormat } from '../data/types.js';
import type { Precheck } from './columnar-precheck.js';
import type { LoadedSchema } from './schema-loader.js';
import { formatValue, keepValue } from './format-value.js';
import type { Bucket, ViolationCollector } from './violations.js';

export interface RowValidatorOptions {
  /** The compiled schema, asked for only when a row needs it (see LoadedSchema.validate). */
  validate: () => ValidateFunction;
  /** Properties whose schema accepts null (missing CSV/Parquet cells become null there, else absent). */
  nullable: ReadonlySet<string>;
  collector: ViolationCollector;
  /** Proves rows valid a column at a time; the rows it cannot prove go through ajv. */
  precheck?: Precheck;
}

/** A RowValidator for a loaded schema: ajv compiled on first need, missing cells by its nullability. */
export function rowValidatorFor(schema: LoadedSchema, collector: ViolationCollector): RowValidator {
  return new RowValidator({
    validate: () => schema.validate,
    nullable: new Set(schema.nullable),
    collector,
    precheck: schema.precheck,
  });
}

export interface FileRef {
  path: string;
  format: DataFormat;
}

/** Per column: what an Absent cell and what a Null/NaN cell become. */
interface MissingPolicy {
  absent: Missing[];
  nullish: Missing[];
}

type RowBuilder = (i: number) => Record<string, unknown>;
type BuilderFactory = (values: readonly unknown[]) => RowBuilder;

interface ErrorTarget {
  column: string | null;
  bucket: Bucket;
}

/** What a missing cell becomes in the row object: left out (so `required` reports it) or null. */
const enum Missing {
  Omit = 0,
  Null = 1,
}

/**
 * Applies the compiled schema to every row of a batch. Rows whose cells are all Present go through a
 * builder generated for the batch's column layout (one monomorphic object literal reading the typed
 * arrays directly); rows with a missing or invalid cell take a generic path that shapes the object per cell.
 */
export class RowValidator {
  private readonly factories = new Map<string, BuilderFactory>();
  private readonly targets = new Map<string, Map<string, ErrorTarget>>();

  constructor(private readonly options: RowValidatorOptions) {}

  validateBatch(batch: Batch, file: FileRef): void {
    const { columns, length } = batch;
    const suspect = this.options.precheck?.(batch) ?? null;
    // Every row proven valid: nothing for ajv, nothing to build.
    if (suspect !== null && suspect.indexOf(1) === -1) return;
    const build = this.factory(columns)(columns.map((c) => c.values));
    const slowRows = rowsNeedingSlowPath(columns, length);
    const policy = this.missingPolicy(columns, file.format);
    const validate = this.options.validate();
    let errors = 0;
    for (let i = 0; i < length; i++) {
      if (suspect !== null && suspect[i] === 0) continue;
      const row = slowRows !== null && slowRows[i] !== 0 ? buildSlowRow(columns, policy, i) : build(i);
      if (!validate(row)) errors += this.report(validate.errors ?? [], row, batch, i, file);
    }
    if (errors) this.options.collector.countFile(file.path, errors);
  }

  private missingPolicy(columns: readonly Column[], format: DataFormat): MissingPolicy {
    // JSON Lines keeps JSON semantics (absent key → absent, null → null); CSV/Parquet follow the schema.
    if (format === 'jsonl')
      return { absent: columns.map(() => Missing.Omit), nullish: columns.map(() => Missing.Null) };
    const byName = columns.map((c) => (this.options.nullable.has(c.name) ? Missing.Null : Missing.Omit));
    return { absent: byName, nullish: byName };
  }

  /** Counts and (up to the cap) lists a row's errors; returns how many there were. */
  private report(
    errors: ErrorObject[],
    row: Record<string, unknown>,
    batch: Batch,
    i: number,
    file: FileRef,
  ): number {
    const collector = this.options.collector;
    for (const error of errors) {
      const target = this.target(error);
      if (!collector.admitIn(target.bucket)) continue;
      const column = target.column;
      const value = valueOf(error, row, column);
      const where = error.instancePath.indexOf('/', 1) > 0 ? `at ${error.instancePath}: ` : '';
      const got = value === undefined || error.keyword === 'required' ? '' : ` (got ${formatValue(value)})`;
      collector.list({
        file: file.path,
        row: batch.rowNumbers[i],
        line: batch.lines[i] || null,
        column,
        rule: error.keyword,
        severity: 'error',
        message: `${where}${describeError(error)}${got}`,
        ...(value === undefined ? {} : { value: keepValue(value) }),
      });
    }
    return errors.length;
  }

  /**
   * The column and bucket of an error, cached by (schemaPath, instancePath): both strings repeat across rows,
   * so a million invalid rows cost two map lookups per error instead of string slicing and concatenation.
   */
  private target(error: ErrorObject): ErrorTarget {
    let byPath = this.targets.get(error.schemaPath);
    if (!byPath) {
      byPath = new Map();
      this.targets.set(error.schemaPath, byPath);
    }
    // Root-level errors (required, additionalProperties) name their column in params, not in the path.
    const key = error.instancePath === '' ? rootKey(error) : error.instancePath;
    let target = byPath.get(key);
    if (!target) {
      const column = columnOf(error);
      target = { column, bucket: this.options.collector.bucket(error.keyword, column, 'error') };
      byPath.set(key, target);
    }
    return target;
  }

  private factory(columns: readonly Column[]): BuilderFactory {
    const key = columns.map((c) => `${c.kind}:${c.name}`).join('\u0001');
    let factory = this.factories.get(key);
    if (!factory) {
      factory = compileBuilderFactory(columns);
      this.factories.set(key, factory);
    }
    return factory;
  }
}

/**
 * Generated once per column layout. The builder refills ONE object per batch: float fields of a fresh
 * object would each allocate a heap number (≈ 0.25 µs per 30-column row), while stores into an existing
 * object reuse them. ajv keeps no reference to the row, and violations copy the values they report.
 *   (values) => { const v0 = values[0], …; const row = { "a": v0[0], … }; return (i) => { row["a"] = v0[i]; …; return row; } }
 */
function compileBuilderFactory(columns: readonly Column[]): BuilderFactory {
  const read = (c: Column, k: number, i: string) =>
    c.kind === 'boolean' ? `v${k}[${i}] === 1` : `v${k}[${i}]`;
  // A computed key makes "__proto__" an own property instead of setting the prototype.
  const key = (c: Column) => (c.name === '__proto__' ? '["__proto__"]' : JSON.stringify(c.name));
  const locals = columns.map((_, k) => `v${k} = values[${k}]`).join(', ');
  const initial = columns.map((c, k) => `${key(c)}: ${read(c, k, '0')}`).join(', ');
  const stores = columns.map((c, k) => `row[${JSON.stringify(c.name)}] = ${read(c, k, 'i')};`).join(' ');
  const body =
    `${columns.length ? `const ${locals};` : ''}\n` +
    `const row = { ${initial} };\n` +
    `return function buildRow(i) { ${stores} return row; };`;
  return new Function('values', body) as BuilderFactory;
}

/** Null when every cell of the batch is Present; else a flag per row that has some other state. */
function rowsNeedingSlowPath(columns: readonly Column[], length: number): Uint8Array | null {
  let flags: Uint8Array | null = null;
  for (const column of columns) {
    const state = column.state;
    if (allPresent(state, length)) continue;
    flags ??= new Uint8Array(length);
    for (let i = 0; i < length; i++) flags[i] |= state[i];
  }
  return flags;
}

function allPresent(state: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (state[i] !== CellState.Present) return false;
  return true;
}

function buildSlowRow(columns: readonly Column[], policy: MissingPolicy, i: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let k = 0; k < columns.length; k++) {
    const column = columns[k];
    const state = column.state[i];
    let value: unknown = null;
    if (state === CellState.Present)
      value = column.kind === 'boolean' ? column.values[i] === 1 : column.values[i];
    else if (state === CellState.Invalid) value = column.invalid.get(i);
    else if ((state === CellState.Absent ? policy.absent[k] : policy.nullish[k]) === Missing.Omit) continue;
    setOwn(row, column.name, value);
  }
  return row;
}

function setOwn(row: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
  else row[name] = value;
}

function rootKey(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const named = params.missingProperty ?? params.additionalProperty ?? params.propertyName;
  // A leading NUL keeps root keys apart from instance paths, which start with "/" or are empty.
  return typeof named === 'string' ? `\u0000${named}` : '\u0000';
}

/** The top-level property an error is about; null for the row as a whole. */
function columnOf(error: ErrorObject): string | null {
  const path = error.instancePath;
  if (path === '') {
    const params = error.params as Record<string, unknown>;
    const named = params.missingProperty ?? params.additionalProperty ?? params.propertyName;
    return typeof named === 'string' ? named : null;
  }
  const end = path.indexOf('/', 1);
  const segment = end < 0 ? path.slice(1) : path.slice(1, end);
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

function valueOf(error: ErrorObject, row: Record<string, unknown>, column: string | null): unknown {
  if (column === null || error.keyword === 'required') return undefined;
  if (error.instancePath === '') return Object.hasOwn(row, column) ? row[column] : undefined;
  let value: unknown = row;
  for (const raw of error.instancePath.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** ajv's message, with a type list read as prose ("must be number or null", not "number,null"). */
export function describeError(error: ErrorObject): string {
  const type = (error.params as { type?: unknown }).type;
  const types = Array.isArray(type) ? type.map(String) : typeof type === 'string' ? type.split(',') : [];
  if (error.keyword === 'type' && types.length > 1) {
    return `must be ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]}`;
  }
  return error.message ?? error.keyword;
}
