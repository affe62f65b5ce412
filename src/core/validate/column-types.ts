import type { ColumnType } from '../data/types.js';

/** The part of a property's schema that decides how its cells are typed. */
export interface ColumnTyping {
  columnTypes: Record<string, ColumnType>;
  /** Properties whose schema accepts null: missing CSV/Parquet cells become null there, else absent. */
  nullable: Set<string>;
}

/**
 * Column types come from each top-level property's `type`: the first non-null entry of a type array;
 * `integer`, `number`, `boolean`, `string` map to themselves, anything else (object, array, none) to 'json'.
 */
export function columnTypingFromSchema(schema: Record<string, unknown>): ColumnTyping {
  const columnTypes: Record<string, ColumnType> = {};
  const nullable = new Set<string>();
  const properties = schema.properties;
  if (!isObject(properties)) return { columnTypes, nullable };
  for (const [name, property] of Object.entries(properties)) {
    columnTypes[name] = columnTypeOf(property);
    if (allowsNull(property)) nullable.add(name);
  }
  return { columnTypes, nullable };
}

export function columnTypeOf(property: unknown): ColumnType {
  if (!isObject(property)) return 'json';
  const types = Array.isArray(property.type) ? property.type : [property.type];
  const first = types.find((t) => t !== 'null');
  switch (first) {
    case 'integer':
    case 'number':
    case 'boolean':
    case 'string':
      return first;
    default:
      return 'json';
  }
}

/** Null is allowed by a null type, an enum or const holding null, OpenAPI's `nullable`, or an anyOf/oneOf branch. */
export function allowsNull(property: unknown): boolean {
  if (property === true) return true;
  if (!isObject(property)) return false;
  const type = property.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Array.isArray(property.enum) && property.enum.includes(null)) return true;
  if ('const' in property && property.const === null) return true;
  if (property.nullable === true) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = property[key];
    if (Array.isArray(branches) && branches.some(allowsNull)) return true;
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
