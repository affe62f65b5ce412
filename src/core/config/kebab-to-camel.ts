import { configSchemas } from './config-schemas.js';
import type { SchemaSet } from './config-schemas.js';

type JsonObject = Record<string, unknown>;

/** `max-violations` → `maxViolations`. */
export function camelCase(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Renames the keys the schema declares (`properties`) from kebab-case to camelCase, walking the data
 * and the schema together. Keys the schema does not declare (user-named maps under
 * `additionalProperties`, e.g. column or metric names) keep their spelling; keys starting with `$`
 * (`$schema`) are dropped. Call on data that already passed the schema at `uri`.
 */
export function kebabToCamel(value: unknown, uri: string, schemas: SchemaSet = configSchemas): unknown {
  return new KeyRenamer(schemas).convert(value, uri);
}

class KeyRenamer {
  constructor(private readonly schemas: SchemaSet) {}

  convert(value: unknown, uri: string): unknown {
    if (Array.isArray(value)) {
      const items = this.itemsUri(uri, value);
      return value.map((item) => (items ? this.convert(item, items) : item));
    }
    if (value === null || typeof value !== 'object') return value;
    const declared = this.declaredProperties(uri, value);
    const extra = this.subschemaUri(uri, 'additionalProperties');
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith('$')) continue;
      const childUri = declared.get(key);
      if (childUri !== undefined) out[camelCase(key)] = this.convert(child, childUri);
      // A user-named key (a column "__proto__") must stay an own property, not set the prototype.
      else
        Object.defineProperty(out, key, {
          value: extra ? this.convert(child, extra) : child,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  }

  /** Follows `$ref` chains to the URI of the schema that holds the keywords. */
  private resolve(uri: string): string {
    for (let hops = 0; hops < 32; hops++) {
      const schema = this.schemas.at(uri) as JsonObject | undefined;
      if (!schema || typeof schema !== 'object' || typeof schema.$ref !== 'string') return withFragment(uri);
      uri = new URL(schema.$ref, uri).href;
    }
    throw new Error(`internal error: $ref cycle at ${uri}`);
  }

  /** A keyword's subschema URI (`.../items`), or undefined when absent or a boolean schema. */
  private subschemaUri(uri: string, ...keyword: string[]): string | undefined {
    const target = `${this.resolve(uri)}/${keyword.map(escapePointer).join('/')}`;
    const schema = this.schemas.at(target);
    return schema && typeof schema === 'object' ? this.resolve(target) : undefined;
  }

  /** The `items` schema of the schemas that apply to an array. */
  private itemsUri(uri: string, array: unknown[]): string | undefined {
    for (const candidate of this.applicable(uri, array)) {
      const items = this.subschemaUri(candidate, 'items');
      if (items) return items;
    }
    return undefined;
  }

  /** Every declared property name → its subschema URI, over the schemas that apply to `value`. */
  private declaredProperties(uri: string, value: unknown): Map<string, string> {
    const found = new Map<string, string>();
    for (const candidate of this.applicable(uri, value)) {
      const properties = (this.schemas.at(candidate) as JsonObject).properties;
      if (!properties || typeof properties !== 'object') continue;
      for (const key of Object.keys(properties)) {
        if (found.has(key)) continue;
        const child = `${candidate}/properties/${escapePointer(key)}`;
        found.set(key, this.subschemaUri(candidate, 'properties', key) ?? child);
      }
    }
    return found;
  }

  /** The schema itself, its allOf/anyOf/oneOf members, and the then/else branch its `if` selects. */
  private applicable(uri: string, value: unknown): string[] {
    const base = this.resolve(uri);
    const schema = this.schemas.at(base) as JsonObject | undefined;
    if (!schema || typeof schema !== 'object') return [];
    const out = [base];
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const members = schema[keyword];
      if (Array.isArray(members))
        members.forEach((_, i) => out.push(...this.applicable(`${base}/${keyword}/${i}`, value)));
    }
    if (schema.if !== undefined) {
      const branch = this.schemas.validator(`${base}/if`)(value) ? 'then' : 'else';
      if (schema[branch] !== undefined) out.push(...this.applicable(`${base}/${branch}`, value));
    }
    return out;
  }
}

function withFragment(uri: string): string {
  return uri.includes('#') ? uri : `${uri}#`;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
