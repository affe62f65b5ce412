import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** One operation of the committed subset (scripts/openapi-subset.mjs writes it). */
export interface SubsetOperation {
  method: string;
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema?: unknown }[];
  documentationUrl?: string;
  /** Set for operations served on another host (uploads.github.com). */
  server?: string;
  requestBody?: { required: boolean; contentType: string; schema?: unknown };
  responses: Record<string, { contentType: string | null; schema?: unknown }>;
}

export interface OpenApiSubset {
  source: { package: string; version: string; file: string; openapi: string };
  operations: Record<string, SubsetOperation>;
  components: { schemas: Record<string, unknown> };
}

export const subset: OpenApiSubset = JSON.parse(
  readFileSync(new URL('./openapi-subset.json', import.meta.url), 'utf8'),
);

const SUBSET_ID = 'https://mlgate.test/github-openapi-subset';

/**
 * OpenAPI 3.0 schema → JSON Schema ajv understands: `nullable` becomes a null type (and a null enum
 * member), `oneOf` becomes `anyOf` (GitHub's description uses oneOf for alternatives that can overlap,
 * which would reject valid data), `discriminator` goes, and `$ref`s point into the subset's components.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const source = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'discriminator' || key === 'readOnly' || key === 'writeOnly') continue;
    if (key === '$ref') out.$ref = `${SUBSET_ID}${value as string}`;
    else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (
      (key === 'items' || key === 'additionalProperties' || key === 'not') &&
      typeof value === 'object'
    ) {
      out[key] = toJsonSchema(value);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key === 'oneOf' ? 'anyOf' : key] = (value as unknown[]).map(toJsonSchema);
    } else out[key] = value;
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (out.type === undefined) {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

function createAjv(coerceTypes: boolean): Ajv {
  // strict: false because GitHub's description carries keywords ajv does not know (and $ref siblings).
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, validateFormats: true });
  addFormats.default(ajv);
  // GitHub sends "" for unset URI fields whose default is "" (deployment statuses' target_url).
  const uri = fullFormats.uri as (value: string) => boolean;
  ajv.addFormat('uri', (value: string) => value === '' || uri(value));
  const schemas = Object.fromEntries(
    Object.entries(subset.components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]),
  );
  ajv.addSchema({ $id: SUBSET_ID, components: { schemas } }, SUBSET_ID);
  return ajv;
}

// Compiled once per process and per schema, on first use: the fake starts in milliseconds.
let bodyAjv: Ajv | undefined;
let paramAjv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

function compiled(key: string, coerce: boolean, schema: () => unknown): ValidateFunction {
  let validate = cache.get(key);
  if (!validate) {
    const ajv = coerce ? (paramAjv ??= createAjv(true)) : (bodyAjv ??= createAjv(false));
    validate = ajv.compile(toJsonSchema(schema()) as object);
    cache.set(key, validate);
  }
  return validate;
}

export function formatAjvErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => {
    const at = `${where}${e.instancePath}`;
    if (e.keyword === 'additionalProperties') {
      return `${at}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    }
    if (e.keyword === 'enum') {
      return `${at} ${e.message}: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    }
    return `${at} ${e.message}`;
  });
}

/**
 * Validates path and query parameters (strings on the wire, coerced to the schema's types in place).
 * Unknown query parameters are refused: GitHub ignores them, but one in our requests is a typo or a
 * parameter octokit moved into the query string because the operation has no such field.
 */
export function validateParameters(
  operationId: string,
  where: 'path' | 'query',
  values: Record<string, unknown>,
): string[] {
  const operation = subset.operations[operationId];
  const validate = compiled(`${operationId}:${where}`, true, () => {
    const parameters = operation.parameters.filter((p) => p.in === where);
    return {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
      additionalProperties: false,
    };
  });
  return validate(values) ? [] : formatAjvErrors(validate.errors, where);
}

/**
 * Validates a JSON request body against the operation's schema. Top-level properties the schema does
 * not name are refused as well (GitHub would ignore them silently: a misspelt field in our code).
 */
export function validateRequestBody(operationId: string, body: unknown): string[] {
  const operation = subset.operations[operationId];
  const schema = operation.requestBody?.schema as Record<string, unknown> | undefined;
  if (!schema) return [];
  const validate = compiled(`${operationId}:body`, false, () =>
    schema.type === 'object' && schema.properties && schema.additionalProperties === undefined
      ? { ...schema, additionalProperties: false }
      : schema,
  );
  return validate(body) ? [] : formatAjvErrors(validate.errors, 'body');
}

/** Validates a response body against the operation's schema for that status (the fake's own tests). */
export function validateResponseBody(operationId: string, status: number, body: unknown): string[] {
  const response = subset.operations[operationId]?.responses[String(status)];
  if (!response) return [`no ${status} response in the description of ${operationId}`];
  if (!response.schema) return body === undefined ? [] : [`${operationId} ${status} has no body`];
  const validate = compiled(`${operationId}:response:${status}`, false, () => response.schema);
  return validate(body) ? [] : formatAjvErrors(validate.errors, 'response');
}

export interface Route {
  operationId: string;
  operation: SubsetOperation;
  params: Record<string, string>;
}

interface CompiledRoute {
  operationId: string;
  operation: SubsetOperation;
  method: string;
  pattern: RegExp;
  names: string[];
  literalLength: number;
}

// Git refs and tag names may hold slashes (`heads/feature/x`, `tags/model@v1`): those parameters match
// across segments when the client does not percent-encode them.
const MULTI_SEGMENT = new Set(['ref', 'tag']);

const routes: CompiledRoute[] = Object.entries(subset.operations)
  .map(([operationId, operation]) => {
    const names: string[] = [];
    const pattern = operation.path.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
      if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return MULTI_SEGMENT.has(name) ? '(.+?)' : '([^/]+)';
    });
    return {
      operationId,
      operation,
      method: operation.method.toUpperCase(),
      pattern: new RegExp(`^${pattern}$`),
      names,
      literalLength: operation.path.replace(/\{[^}]+\}/g, '').length,
    };
  })
  // Literal segments win over parameters (`/releases/tags/{tag}` before `/releases/{release_id}`).
  .sort((a, b) => b.literalLength - a.literalLength);

/** Finds the operation for a method and raw (still percent-encoded) path; undefined when none. */
export function matchRoute(method: string, rawPath: string): Route | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(rawPath);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1]);
    });
    return { operationId: route.operationId, operation: route.operation, params };
  }
  return undefined;
}

/** The methods the subset serves on a path, for telling 404 (no such path) from a wrong method. */
export function methodsForPath(rawPath: string): string[] {
  return routes.filter((r) => r.pattern.test(rawPath)).map((r) => r.method);
}
