import { describe, expect, it } from 'vitest';
import { SchemaSet } from '../../../src/core/config/config-schemas.js';
import { camelCase, kebabToCamel } from '../../../src/core/config/kebab-to-camel.js';

describe('camelCase', () => {
  it.each([
    ['max-violations', 'maxViolations'],
    ['strict-min', 'strictMin'],
    ['checks-file', 'checksFile'],
    ['fail-on', 'failOn'],
    ['top-5-accuracy', 'top5Accuracy'],
    ['data', 'data'],
    ['roc_auc', 'roc_auc'],
  ])('%s → %s', (kebab, camel) => {
    expect(camelCase(kebab)).toBe(camel);
  });
});

/**
 * A made-up later section, written the way the brief asks sections to be added: a `$defs` entry with a
 * discriminated union (if/then) and a user-named map. The loader's renaming must need no change for it.
 */
const ID = 'https://example.test/future.schema.json';
const future = new SchemaSet([
  {
    $id: ID,
    type: 'object',
    properties: { version: { const: 1 }, evaluate: { $ref: '#/$defs/evaluate' } },
    $defs: {
      evaluate: {
        type: 'object',
        properties: {
          'model-path': { type: 'string' },
          'min-metrics': { type: 'object', additionalProperties: { $ref: '#/$defs/bound' } },
          slices: { type: 'array', items: { $ref: '#/$defs/slice' } },
        },
      },
      bound: {
        type: 'object',
        properties: { 'at-least': { type: 'number' }, 'ci-level': { type: 'number' } },
      },
      slice: {
        type: 'object',
        properties: { kind: { enum: ['by-column', 'by-query'] } },
        allOf: [
          {
            if: { type: 'object', properties: { kind: { const: 'by-column' } } },
            then: { type: 'object', properties: { 'column-name': { type: 'string' } } },
            else: { type: 'object', properties: { 'query-text': { type: 'string' } } },
          },
        ],
      },
    },
  },
]);

describe('kebabToCamel', () => {
  it('renames declared keys at every depth, through $ref, if/then/else and items', () => {
    const data = {
      $schema: 'x',
      version: 1,
      evaluate: {
        'model-path': 'm.onnx',
        slices: [
          { kind: 'by-column', 'column-name': 'sex' },
          { kind: 'by-query', 'query-text': 'age > 3' },
        ],
      },
    };
    expect(kebabToCamel(data, ID, future)).toStrictEqual({
      version: 1,
      evaluate: {
        modelPath: 'm.onnx',
        slices: [
          { kind: 'by-column', columnName: 'sex' },
          { kind: 'by-query', queryText: 'age > 3' },
        ],
      },
    });
  });

  it('keeps the keys of user-named maps but renames inside their values', () => {
    const data = {
      evaluate: { 'min-metrics': { 'f1-macro': { 'at-least': 0.8 }, roc_auc: { 'ci-level': 0.9 } } },
    };
    expect(kebabToCamel(data, ID, future)).toStrictEqual({
      evaluate: { minMetrics: { 'f1-macro': { atLeast: 0.8 }, roc_auc: { ciLevel: 0.9 } } },
    });
  });

  it('leaves values alone: strings in lists and kebab-case values stay as written', () => {
    const data = { evaluate: { 'model-path': 'my-model.onnx', slices: [{ kind: 'by-column' }] } };
    expect(kebabToCamel(data, ID, future)).toStrictEqual({
      evaluate: { modelPath: 'my-model.onnx', slices: [{ kind: 'by-column' }] },
    });
  });
});
