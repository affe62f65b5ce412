import { basename } from 'node:path';
import type { CheckSpec } from '../config/types.js';
import type { Logger } from '../logger.js';
import { ColumnProfile } from './column-profile.js';
import { defaultOpen, type OpenDataSource } from './default-open.js';

const ENUM_MAX = 20;
const ENUM_ROWS_PER_VALUE = 10;
const NULL_FRACTION_MARGIN = 0.05;
/** id, ID, uuid, user_id, user-id, userId, UserID: names that promise one row per value. */
export function isIdLike(name: string): boolean {
  return /(^|[_\-\s.])(id|uuid|guid)$/i.test(name) || /[a-z0-9](Id|ID|Uuid|UUID)$/.test(name);
}

export interface InferSchemaOptions {
  logger?: Logger;
  /** The reader; default openDataSource. */
  open?: OpenDataSource;
}

/**
 * A draft 2020-12 schema and checks from reference files, for people to review: the inferred schema
 * validates the same files with zero violations (every bound is the observed one).
 */
export async function inferSchema(
  files: string[],
  o: InferSchemaOptions = {},
): Promise<{ schema: object; checks: CheckSpec[] }> {
  const open = o.open ?? (await defaultOpen());
  const profiles = new Map<string, ColumnProfile>();
  const fileColumns: string[][] = [];
  let rows = 0;
  for (const path of files) {
    // No type hints: CSV cells arrive as text and are typed here; JSON Lines and Parquet keep their types.
    const source = await open(path);
    let fileRows = 0;
    for await (const batch of source.batches()) {
      const seen = new Set<string>();
      for (const column of batch.columns) {
        profileFor(profiles, column.name, rows + fileRows).addColumn(column, batch.length, source.format);
        seen.add(column.name);
      }
      // A column this batch lacks (another file's, or a JSON Lines key not seen yet) is missing here.
      for (const [name, profile] of profiles) if (!seen.has(name)) profile.addAbsent(batch.length);
      fileRows += batch.length;
    }
    for (const name of source.columns) profileFor(profiles, name, rows + fileRows);
    fileColumns.push([...source.columns]);
    rows += fileRows;
    o.logger?.debug(`${path}: ${fileRows} rows profiled`);
  }
  const columns = [...profiles.values()];
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Inferred from ${files.length === 1 ? basename(files[0]) : `${files.length} files`}`,
    description: `Draft inferred by mlgate infer-schema from ${rows} rows; review the types, bounds and enums before use.`,
    type: 'object',
    properties: Object.fromEntries(columns.map((p) => [p.name, propertySchema(p)])),
    required: columns.filter((p) => p.missing === 0 && !isNanMissing(p)).map((p) => p.name),
    additionalProperties: false,
  };
  return { schema, checks: inferChecks(columns, fileColumns, rows) };
}

/** The column's profile; a column first met after `rowsBefore` rows was missing in all of them. */
function profileFor(profiles: Map<string, ColumnProfile>, name: string, rowsBefore: number): ColumnProfile {
  let profile = profiles.get(name);
  if (!profile) {
    profile = new ColumnProfile(name, isIdLike(name));
    if (rowsBefore > 0) profile.addAbsent(rowsBefore);
    profiles.set(name, profile);
  }
  return profile;
}

type JsonType = 'integer' | 'number' | 'boolean' | 'string';

/** One JSON type for the column's values, or undefined when JSON values mix kinds (no type constraint). */
function typeOf(p: ColumnProfile): JsonType | undefined {
  if (p.structures > 0) return undefined;
  const numbers = p.integers + p.fractions;
  // NaN text is a missing number in an otherwise numeric (or empty) column, and plain text elsewhere.
  const strings = p.strings + (numbers > 0 || (p.booleans === 0 && p.strings === 0) ? 0 : p.nanTexts);
  const kinds = Number(numbers > 0) + Number(p.booleans > 0) + Number(strings > 0);
  if (kinds === 0) return p.nanTexts > 0 ? 'number' : 'string';
  if (kinds > 1) return p.fromText ? 'string' : undefined;
  if (strings > 0) return 'string';
  if (p.booleans > 0) return 'boolean';
  return p.fractions > 0 ? 'number' : 'integer';
}

/** NaN text in a numeric CSV column reads back as a missing cell. */
function isNanMissing(p: ColumnProfile): boolean {
  const type = typeOf(p);
  return p.nanTexts > 0 && (type === 'number' || type === 'integer');
}

function missingCount(p: ColumnProfile): number {
  return p.missing + (isNanMissing(p) ? p.nanTexts : 0);
}

function propertySchema(p: ColumnProfile): Record<string, unknown> {
  const type = typeOf(p);
  const nullable = missingCount(p) > 0;
  const property: Record<string, unknown> = {};
  if (type) property.type = nullable ? [type, 'null'] : type;
  if ((type === 'integer' || type === 'number') && Number.isFinite(p.min) && Number.isFinite(p.max)) {
    property.minimum = p.min;
    property.maximum = p.max;
  }
  const present = p.rows - missingCount(p);
  if (
    type === 'string' &&
    p.distinct &&
    p.distinct.size > 0 &&
    p.distinct.size <= ENUM_MAX &&
    present >= ENUM_ROWS_PER_VALUE * p.distinct.size
  ) {
    const values: (string | null)[] = [...p.distinct].sort();
    property.enum = nullable ? [...values, null] : values;
  }
  if (
    (type === 'integer' || type === 'string') &&
    isIdLike(p.name) &&
    !p.duplicate &&
    p.rows > missingCount(p)
  ) {
    property['x-unique'] = true;
  }
  return property;
}

function inferChecks(columns: ColumnProfile[], fileColumns: string[][], rows: number): CheckSpec[] {
  const first = fileColumns[0] ?? [];
  const sameEverywhere = fileColumns.every(
    (c) => c.length === first.length && c.every((name, i) => name === first[i]),
  );
  const common = first.filter((name) => fileColumns.every((c) => c.includes(name)));
  // Half the reference size: catches a truncated export without failing on a smaller daily batch.
  const checks: CheckSpec[] = [{ type: 'row-count', min: Math.floor(0.5 * rows) }];
  if (sameEverywhere && first.length) checks.push({ type: 'columns', mode: 'exact-ordered', columns: first });
  else if (common.length) checks.push({ type: 'columns', mode: 'at-least', columns: common });
  for (const p of columns) {
    const missing = missingCount(p);
    // A column some file lacks would fail its null-fraction check as "not found" there: leave it to review.
    if (missing === 0 || p.rows === 0 || !common.includes(p.name)) continue;
    const observed = missing / p.rows;
    // Observed fraction rounded up to a whole percent, plus 5 points of slack for the next batch.
    const max = Math.min(1, Math.round((Math.ceil(observed * 100) / 100 + NULL_FRACTION_MARGIN) * 100) / 100);
    checks.push({ type: 'null-fraction', column: p.name, max });
  }
  return checks;
}
