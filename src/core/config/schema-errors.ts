import type { ErrorObject } from 'ajv';
import { suggest } from './did-you-mean.js';
import type { Anchor } from './yaml-source.js';

/** One readable problem, located by JSON pointer segments into the data. */
export interface DataIssue {
  pointer: string[];
  anchor: Anchor;
  message: string;
}

type SchemaObject = Record<string, unknown>;

/**
 * Turns ajv's errors (allErrors, verbose) into one message per real problem: drops the `if` echoes of
 * if/then branches and the per-branch noise of anyOf/oneOf, merges a missing key with the misspelt key
 * that was meant to be it, and words each message for people who write YAML.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], root: unknown): DataIssue[] {
  const kept = withoutBranchNoise(errors);
  const misspelt = misspeltRequiredKeys(kept);
  const seenValues = new Set<string>();
  const issues: DataIssue[] = [];
  for (const error of kept) {
    const pointer = parsePointer(error.instancePath);
    if (error.keyword === 'required' && misspelt.has(`${error.instancePath}\0${missingKey(error)}`)) continue;
    // One message per value: `-2.5` for an integer ≥ 0 is one problem, not two.
    if (VALUE_KEYWORDS.has(error.keyword)) {
      if (seenValues.has(error.instancePath)) continue;
      seenValues.add(error.instancePath);
    }
    issues.push(describe(error, pointer, root));
  }
  return issues;
}

const VALUE_KEYWORDS = new Set([
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'minItems',
]);

function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    return !combinators.some(
      (c) =>
        c !== e && e.instancePath.startsWith(c.instancePath) && e.schemaPath.startsWith(`${c.schemaPath}/`),
    );
  });
}

/** `required` errors whose key the user did write, misspelt (the unknown-key message says so). */
function misspeltRequiredKeys(errors: readonly ErrorObject[]): Set<string> {
  const found = new Set<string>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties') continue;
    const hint = suggest(String(e.params.additionalProperty), allowedKeys(e.parentSchema));
    if (hint !== undefined) found.add(`${e.instancePath}\0${hint}`);
  }
  return found;
}

function describe(error: ErrorObject, pointer: string[], root: unknown): DataIssue {
  const path = displayPath(pointer);
  const data: unknown = error.data;
  const schema = (error.parentSchema ?? {}) as SchemaObject;
  const at = (message: string, anchor: Anchor = 'value', where = pointer): DataIssue => ({
    pointer: where,
    anchor,
    message,
  });
  switch (error.keyword) {
    case 'required': {
      const key = missingKey(error);
      return at(`missing required key "${key}"${inObject(pointer, root)}${misspeltAs(key, data)}`);
    }
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = allowedKeys(schema);
      return at(
        `unknown key "${key}"${pointer.length === 0 ? ' at the top level' : inObject(pointer, root)}${hintOrList(key, allowed)}`,
        'key',
        [...pointer, key],
      );
    }
    case 'type':
      return at(typeMessage(path, schema.type, data));
    case 'enum':
      return at(enumMessage(path, pointer, schema, data));
    case 'const':
      return at(`${path} must be ${show(schema.const)}, got ${show(data)}`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return at(`${path} must be ${rangeText(schema)}, got ${show(data)}`);
    case 'minLength':
      return at(`${path} must not be empty`);
    case 'minItems':
      return at(`${path} must list at least ${count(Number(error.params.limit), 'item')}`);
    case 'uniqueItems': {
      const later = Math.max(Number(error.params.i), Number(error.params.j));
      const item = Array.isArray(data) ? data[later] : undefined;
      return at(`${path} lists ${show(item)} more than once`, 'value', [...pointer, String(later)]);
    }
    case 'anyOf':
    case 'oneOf':
      return at(combinatorMessage(error, pointer, root));
    default:
      return at(`${path} ${error.message ?? 'is not valid'}`);
  }
}

function missingKey(error: ErrorObject): string {
  return String(error.params.missingProperty);
}

/** `; is "typ" meant to be it?` when the object holds a near miss of the missing key. */
function misspeltAs(missing: string, data: unknown): string {
  if (data === null || typeof data !== 'object') return '';
  const near = Object.keys(data).find((k) => suggest(k, [missing]) === missing);
  return near === undefined ? '' : `; is "${near}" meant to be "${missing}"?`;
}

function allowedKeys(schema: unknown): string[] {
  const properties = (schema as SchemaObject | undefined)?.properties;
  return properties && typeof properties === 'object'
    ? Object.keys(properties).filter((k) => !k.startsWith('$'))
    : [];
}

function hintOrList(word: string, candidates: readonly string[]): string {
  const hint = suggest(word, candidates);
  if (hint !== undefined) return `; did you mean "${hint}"?`;
  return candidates.length > 0 ? `; expected one of ${candidates.join(', ')}` : '';
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'empty',
};

function typeMessage(path: string, type: unknown, data: unknown): string {
  const types = (Array.isArray(type) ? type : [type]).map(String);
  const wanted = types.map((t) => TYPE_NAMES[t] ?? t);
  const text = types.length === 1 && types[0] === 'boolean' ? 'true or false' : orList(wanted);
  const subject = path === 'the top level' ? 'the file' : path;
  const verb = path === 'the top level' ? 'must hold' : 'must be';
  let message = `${subject} ${verb} ${text}, got ${show(data)}`;
  // YAML reads `column: 2020` or `value: yes`-like scalars as non-strings; quoting is the fix.
  if (wanted.includes('a string') && (typeof data === 'number' || typeof data === 'boolean')) {
    message += `; write "${String(data)}" in quotes to make it a string`;
  }
  return message;
}

function enumMessage(path: string, pointer: string[], schema: SchemaObject, data: unknown): string {
  const allowed = (schema.enum as unknown[]).map(String);
  const hint = typeof data === 'string' ? suggest(data, allowed) : undefined;
  const tail = hint !== undefined ? `; did you mean "${hint}"?` : '';
  // The discriminator of a union (a check's `type`) reads better as "unknown check type".
  if (pointer.at(-1) === 'type' && typeof schema.title === 'string') {
    return `unknown ${schema.title.toLowerCase()} ${show(data)}; expected one of ${allowed.join(', ')}${tail}`;
  }
  return `${path} must be one of ${allowed.join(', ')}, got ${show(data)}${tail}`;
}

/** "> 0 and ≤ 1" from a schema's numeric bounds. */
function rangeText(schema: SchemaObject): string {
  const parts: string[] = [];
  if (typeof schema.exclusiveMinimum === 'number') parts.push(`> ${schema.exclusiveMinimum}`);
  else if (typeof schema.minimum === 'number') parts.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMaximum === 'number') parts.push(`< ${schema.exclusiveMaximum}`);
  else if (typeof schema.maximum === 'number') parts.push(`≤ ${schema.maximum}`);
  return parts.join(' and ');
}

/** anyOf/oneOf over `required` branches means "at least one of" / "exactly one of" these keys. */
function combinatorMessage(error: ErrorObject, pointer: string[], root: unknown): string {
  const branches = (Array.isArray(error.schema) ? error.schema : []) as SchemaObject[];
  const keys = branches.map((b) =>
    Array.isArray(b.required) && b.required.length === 1 ? String(b.required[0]) : '',
  );
  const subject = describeObject(pointer, root);
  if (keys.some((k) => k === '')) return `${subject} does not match any of the allowed forms`;
  const list = keys.map((k) => `"${k}"`).join(', ');
  if (error.keyword === 'anyOf') return `${subject} needs at least one of ${list}`;
  const data = error.data as SchemaObject;
  const present = keys.filter((k) => data && typeof data === 'object' && k in data);
  if (present.length === 0) return `${subject} needs one of ${list}`;
  return `${subject} takes only one of ${list}, got ${present.map((k) => `"${k}"`).join(' and ')}`;
}

function inObject(pointer: string[], root: unknown): string {
  return pointer.length === 0 ? '' : ` in ${describeObject(pointer, root)}`;
}

/** `validate.checks[2] (range)`: the path, plus the object's `type` when it has one. */
function describeObject(pointer: string[], root: unknown): string {
  const value = valueAt(root, pointer);
  const type = value && typeof value === 'object' ? (value as SchemaObject).type : undefined;
  return typeof type === 'string' ? `${displayPath(pointer)} (${type})` : displayPath(pointer);
}

function valueAt(root: unknown, pointer: readonly string[]): unknown {
  let node = root;
  for (const segment of pointer) node = (node as Record<string, unknown> | undefined)?.[segment];
  return node;
}

/** `validate.checks[2].mostly`; the root is "the top level". */
export function displayPath(pointer: readonly string[]): string {
  if (pointer.length === 0) return 'the top level';
  let text = '';
  for (const segment of pointer) {
    if (/^\d+$/.test(segment)) text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A value as the user wrote it, short: `"abc"`, `1.5`, `a list`, `a mapping`, `nothing`. */
export function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** "a, b or c" */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function count(n: number, noun: string): string {
  return n === 1 ? `one ${noun}` : `${n} ${noun}s`;
}
