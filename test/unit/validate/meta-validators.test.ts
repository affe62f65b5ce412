import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { generateMetaValidators, OUTPUT } from '../../../scripts/generate-meta-validators.mjs';
import { validate07, validate202012 } from '../../../src/core/validate/generated/meta-validators.js';

const schemas: unknown[] = [
  { type: 'object', properties: { a: { type: 'number', minimum: 0 } }, required: ['a'] },
  { type: 'object', properties: { a: { type: 'numbr' } } },
  { type: 'object', properties: { a: { type: ['integer', 'null'] } } },
  { type: 'object', required: 'a' },
  { type: 'object', properties: { a: { enum: [] } } },
  { type: 'object', properties: { a: { minimum: '3' } } },
  { type: 'object', properties: { a: { items: [{ type: 'string' }] } } },
  { type: 'object', properties: { a: { uniqueItems: 'yes' } } },
  { type: 'object', properties: { a: { pattern: 12 } } },
  { type: 'object', properties: { a: { 'x-unique': true } } },
  { $defs: { n: { type: 'number' } }, properties: { a: { $ref: '#/$defs/n' } } },
  { type: 'object', dependentRequired: { a: ['b', 'b'] } },
  { type: 'object', additionalProperties: 1 },
];

describe('precompiled meta-schema validators', () => {
  it('are up to date with ajv (else run node scripts/generate-meta-validators.mjs)', async () => {
    const committed = readFileSync(new URL(`../../../${OUTPUT}`, import.meta.url), 'utf8');
    expect(committed === (await generateMetaValidators())).toBe(true);
  });

  it.each([
    ['2020-12', validate202012, new Ajv2020({ allErrors: true, strict: false })],
    ['07', validate07, new Ajv({ allErrors: true, strict: false })],
  ] as const)('give the verdict ajv.validateSchema gives (draft %s)', (_draft, precompiled, ajv) => {
    const verdicts = schemas.map((s) => [precompiled(s), ajv.validateSchema(s as object)]);
    for (const [ours, theirs] of verdicts) expect(ours).toBe(theirs);
    // The sample holds both kinds, so the comparison is not vacuous.
    expect(new Set(verdicts.map(([ours]) => ours))).toEqual(new Set([true, false]));
  });
});
