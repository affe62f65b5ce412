import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { compileSchema, loadSchema } from '../../../src/core/validate/schema-loader.js';

const dir = join(import.meta.dirname, '../../fixtures/validate/schemas');
const fixture = (name: string) => join(dir, name);

async function loadError(name: string): Promise<Error> {
  const error = await loadSchema(fixture(name)).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error(`expected ${name} to be rejected`);
  expect(isConfigurationError(error)).toBe(true);
  return error;
}

describe('loadSchema', () => {
  it('loads a 2020-12 schema with column types, required, nullable and x-unique columns', async () => {
    const loaded = await loadSchema(fixture('people.schema.json'));
    expect(loaded.draft).toBe('2020-12');
    expect(loaded.columnTypes).toEqual({
      id: 'integer',
      age: 'integer',
      height: 'number',
      email: 'string',
      plan: 'string',
      member: 'boolean',
    });
    expect(loaded.required).toEqual(['id', 'email', 'plan']);
    expect(loaded.uniqueColumns).toEqual(['id']);
    expect(loaded.nullable).toEqual(['age']);
    expect(loaded.validate({ id: 1, email: 'a@b.org', plan: 'pro' })).toBe(true);
    expect(loaded.validate({ id: 1, email: 'not an email', plan: 'pro' })).toBe(false);
  });

  it('loads a draft-07 schema with the draft-07 validator and formats', async () => {
    const loaded = await loadSchema(fixture('people-07.schema.json'));
    expect(loaded.draft).toBe('07');
    expect(loaded.columnTypes.tags).toBe('json');
    expect(loaded.validate({ id: 2, email: 'x@y.io' })).toBe(true);
    expect(loaded.validate({ id: 2, email: 'x' })).toBe(false);
  });

  it('defaults to 2020-12 when $schema is absent (prefixItems is a 2020-12 keyword)', () => {
    const loaded = compileSchema('inline.json', {
      properties: { t: { prefixItems: [{ type: 'integer' }] } },
    });
    expect(loaded.draft).toBe('2020-12');
    expect(loaded.validate({ t: [1, 'x'] })).toBe(true);
    expect(loaded.validate({ t: ['x'] })).toBe(false);
  });

  it('reports bad JSON with file:line:column', async () => {
    const error = await loadError('bad-json.schema.json');
    expect(error.message).toMatch(
      /bad-json\.schema\.json:4:33: invalid JSON: expected a double-quoted property name, found '}'/,
    );
  });

  it('reports a truncated file at its end', async () => {
    const error = await loadError('truncated.schema.json');
    expect(error.message).toMatch(
      /truncated\.schema\.json:5:1: invalid JSON: expected ',' or '}', found end of file/,
    );
  });

  it("reports an invalid schema with ajv's message and the paths", async () => {
    const error = await loadError('invalid-type.schema.json');
    expect(error.message).toContain(
      'invalid-type.schema.json: invalid JSON Schema: at /properties/age/type:',
    );
    expect(error.message).toContain(
      'at /properties/age/type: "integr" must be equal to one of the allowed values: "array", "boolean", "integer", "null", "number", "object", "string" (meta-schema #/$defs/simpleTypes/enum)',
    );
  });

  it('lists the supported drafts for an unsupported $schema', async () => {
    const error = await loadError('unsupported-draft.schema.json');
    expect(error.message).toContain('unsupported $schema "http://json-schema.org/draft-04/schema#"');
    expect(error.message).toContain('https://json-schema.org/draft/2020-12/schema');
    expect(error.message).toContain('http://json-schema.org/draft-07/schema#');
  });

  it('reports an unresolvable $ref', async () => {
    const error = await loadError('bad-ref.schema.json');
    expect(error.message).toMatch(/bad-ref\.schema\.json: invalid JSON Schema: .*missing/);
  });

  it('rejects a schema that is not an object', async () => {
    const error = await loadError('array.schema.json');
    expect(error.message).toContain('array.schema.json: a JSON Schema must be a JSON object, found an array');
  });

  it('reports a missing file by its path', async () => {
    const error = await loadError('nope.schema.json');
    expect(error.message).toMatch(/nope\.schema\.json: no such file$/);
  });

  it('rejects x-unique that is not a boolean', () => {
    expect(() => compileSchema('s.json', { properties: { id: { 'x-unique': 'yes' } } })).toThrow(/x-unique/);
  });
});
