import { readTextFile } from '../io/text-file.js';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ColumnType } from '../data/types.js';
import { validate07, validate202012 } from './generated/meta-validators.js';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import { compilePrecheck, type Precheck } from './columnar-precheck.js';
import { columnTypingFromSchema } from './column-types.js';
import { findJsonSyntaxError } from './json-position.js';

export type SchemaDraft = '2020-12' | '07';

export interface LoadedSchema {
  path: string;
  schema: Record<string, unknown>;
  draft: SchemaDraft;
  /** The compiled schema (compiled on first use when `precheck` covers the schema). */
  readonly validate: ValidateFunction;
  columnTypes: Record<string, ColumnType>;
  required: string[];
  /** Properties with `x-unique: true`. */
  uniqueColumns: string[];
  /** Properties whose schema accepts null (missing CSV/Parquet cells become null there). */
  nullable: string[];
  /** Column-at-a-time proof of validity for plain tabular schemas (see columnar-precheck.ts). */
  precheck?: Precheck;
}

const DRAFTS: Record<string, SchemaDraft> = {
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
  'http://json-schema.org/draft-07/schema': '07',
  'https://json-schema.org/draft-07/schema': '07',
};

/** Reads and compiles a JSON Schema file once; every problem is a ConfigurationError naming the file. */
export async function loadSchema(path: string): Promise<LoadedSchema> {
  return compileSchemaText(path, await readTextFile(path));
}

/** The part of loadSchema after the read, for schemas held in memory (tests, inference round trips). */
export function compileSchemaText(path: string, text: string): LoadedSchema {
  const schema = parseJson(path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ConfigurationError(`${path}: a JSON Schema must be a JSON object, found ${describe(schema)}`);
  }
  return compileSchema(path, schema as Record<string, unknown>);
}

export function compileSchema(path: string, schema: Record<string, unknown>): LoadedSchema {
  const draft = detectDraft(path, schema.$schema);
  // Precompiled meta-schema validators: compiling the meta-schema at run time costs ~100 ms per start.
  const validateMeta = draft === '07' ? validate07 : validate202012;
  if (!validateMeta(schema)) {
    throw new ConfigurationError(
      `${path}: invalid JSON Schema: ${formatSchemaErrors(schema, validateMeta.errors ?? [])}`,
    );
  }
  let compiled: ValidateFunction | undefined;
  const compile = (): ValidateFunction => {
    try {
      return (compiled ??= createAjv(draft).compile(schema));
    } catch (error) {
      throw new ConfigurationError(`${path}: invalid JSON Schema: ${getErrorMessage(error)}`);
    }
  };
  const precheck = compilePrecheck(schema);
  // A schema the pre-check covers cannot fail to compile, and its rows may all be proven valid without
  // ajv: compile on first use (~40 ms saved per thread). Any other schema is compiled now, so its
  // mistakes are reported before a row is read.
  if (!precheck) compile();
  const { columnTypes, nullable } = columnTypingFromSchema(schema);
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return {
    path,
    schema,
    draft,
    get validate() {
      return compile();
    },
    columnTypes,
    required: Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [],
    uniqueColumns: Object.keys(properties).filter((name) => properties[name]?.['x-unique'] === true),
    nullable: [...nullable],
    precheck,
  };
}

function createAjv(draft: SchemaDraft): Ajv {
  const options = { allErrors: true, strict: false, validateSchema: false } as const;
  const ajv = draft === '07' ? new Ajv(options) : new Ajv2020(options);
  addFormats.default(ajv);
  // Our documented extension: a per-column uniqueness check, checked on the dataset, not per row.
  ajv.addKeyword({ keyword: 'x-unique', schemaType: 'boolean' });
  return ajv;
}

function detectDraft(path: string, declared: unknown): SchemaDraft {
  if (declared === undefined) return '2020-12';
  const key = typeof declared === 'string' ? declared.replace(/#$/, '') : '';
  const draft = DRAFTS[key];
  if (!draft) {
    throw new ConfigurationError(
      `${path}: unsupported $schema ${JSON.stringify(declared)}; supported: ` +
        '"https://json-schema.org/draft/2020-12/schema" (the default when $schema is absent) and ' +
        '"http://json-schema.org/draft-07/schema#"',
    );
  }
  return draft;
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (problem) {
      throw new ConfigurationError(
        `${path}:${problem.line}:${problem.column}: invalid JSON: ${problem.message}`,
      );
    }
    throw new ConfigurationError(`${path}: invalid JSON: ${getErrorMessage(error)}`);
  }
}

/**
 * One line per offending place in the schema: the value found there and the most telling complaint
 * (an enum's allowed values beat the anyOf/type noise ajv reports alongside it).
 */
function formatSchemaErrors(schema: unknown, errors: ErrorObject[]): string {
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  const lines = [...byPath].slice(0, 5).map(([path, errs]) => {
    const best = errs.find((e) => e.keyword === 'enum') ?? errs.find((e) => e.keyword !== 'anyOf') ?? errs[0];
    const found = JSON.stringify(valueAtPointer(schema, path));
    const allowed =
      best.keyword === 'enum'
        ? `: ${(best.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
        : '';
    const what = `${best.message ?? best.keyword}${allowed}`;
    const shown = found !== undefined && found.length <= 80 ? ` ${found}` : '';
    return `at ${path || '/'}:${shown} ${what} (meta-schema ${best.schemaPath})`;
  });
  return lines.join('; ');
}

function valueAtPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
