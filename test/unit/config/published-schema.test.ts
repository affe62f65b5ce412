import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseChecksFile, parseConfig } from '../../../src/core/config/load-config.js';

const root = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(root(path), 'utf8'));
const mlgateSchema = readJson('schemas/mlgate.schema.json');
const checksSchema = readJson('schemas/checks.schema.json');
const docs = readFileSync(root('docs/config.md'), 'utf8');

/** Every `{properties: {...}}` in a schema, with a path for failure messages. */
function propertyMaps(node: unknown, path = '#'): [string, Record<string, unknown>][] {
  if (node === null || typeof node !== 'object') return [];
  const found: [string, Record<string, unknown>][] = [];
  const object = node as Record<string, unknown>;
  if (object.properties && typeof object.properties === 'object') {
    found.push([path, object.properties as Record<string, unknown>]);
  }
  for (const [key, child] of Object.entries(object)) {
    // An `if` only selects a branch; editors show the branch's titles, not the condition's.
    if (key !== 'if') found.push(...propertyMaps(child, `${path}/${key}`));
  }
  return found;
}

describe('published schemas', () => {
  it('compile under ajv strict mode (draft 2020-12), the checks schema through its $ref', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addSchema(mlgateSchema);
    ajv.addSchema(checksSchema);
    const config = ajv.getSchema(String(mlgateSchema.$id));
    const checks = ajv.getSchema(String(checksSchema.$id));
    expect(config?.({ version: 1, validate: { data: 'a.csv' } })).toBe(true);
    expect(checks?.({ checks: [{ type: 'mean', column: 'a', min: 0 }] })).toBe(true);
    expect(checks?.({ checks: [{ type: 'mean', column: 'a' }] })).toBe(false);
  });

  it('have the published $id and the 2020-12 dialect', () => {
    const base = 'https://raw.githubusercontent.com/mlgate/mlgate/main/schemas/';
    expect(mlgateSchema.$id).toBe(`${base}mlgate.schema.json`);
    expect(checksSchema.$id).toBe(`${base}checks.schema.json`);
    for (const schema of [mlgateSchema, checksSchema]) {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('give every property a title and a description for editors', () => {
    const missing: string[] = [];
    for (const schema of [mlgateSchema, checksSchema]) {
      for (const [path, properties] of propertyMaps(schema)) {
        for (const [key, sub] of Object.entries(properties)) {
          if (sub === true) continue; // `{required: [k], properties: {k: true}}` only declares the key
          const { title, description } = sub as Record<string, unknown>;
          if (typeof title !== 'string' || typeof description !== 'string') missing.push(`${path}/${key}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('list check types in the enum that match the if/then branches one to one', () => {
    const defs = mlgateSchema.$defs as Record<string, Record<string, unknown>>;
    const check = defs.check;
    const types = ((check.properties as Record<string, { enum: string[] }>).type.enum as string[]).slice();
    const branches = (check.allOf as { then: { $ref: string } }[]).map((b) => b.then.$ref);
    expect(branches).toEqual(types.map((t) => `#/$defs/${t}-check`));
  });
});

describe('docs/config.md', () => {
  const blocks = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);

  it('has YAML examples for configs and checks files', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((text, i) => [i, text] as const))('example %i loads', (_, text) => {
    const data = parse(text) as Record<string, unknown>;
    if ('version' in data && !('checks' in data)) {
      expect(parseConfig(text, 'docs/config.md').version).toBe(1);
    } else {
      expect(parseChecksFile(text, 'docs/config.md').length).toBeGreaterThan(0);
    }
  });

  it('documents every key of the schema', () => {
    const keys = new Set<string>();
    for (const schema of [mlgateSchema, checksSchema]) {
      for (const [, properties] of propertyMaps(schema)) Object.keys(properties).forEach((k) => keys.add(k));
    }
    const undocumented = [...keys].filter((k) => !docs.includes(`\`${k}\``));
    expect(undocumented).toEqual([]);
  });

  it('documents every check type with its own heading', () => {
    const defs = mlgateSchema.$defs as Record<string, Record<string, unknown>>;
    const types = (defs.check.properties as Record<string, { enum: string[] }>).type.enum;
    for (const type of types) expect(docs).toContain(`### \`${type}\``);
  });
});
