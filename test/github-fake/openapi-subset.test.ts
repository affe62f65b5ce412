import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchRoute, subset, toJsonSchema } from './openapi.js';

interface SubsetScript {
  OPERATION_IDS: string[];
  PINNED_VERSION: string;
  buildSubset(document: unknown, source: Record<string, string>, operationIds?: string[]): typeof subset;
}
// A plain .mjs script (no types): imported by URL so TypeScript does not resolve it.
const script = (await import(
  new URL('../../scripts/openapi-subset.mjs', import.meta.url).href
)) as SubsetScript;
const file = new URL('./openapi-subset.json', import.meta.url);

describe('the committed OpenAPI subset', () => {
  it('holds exactly the operations the script lists, from the pinned version', () => {
    expect(Object.keys(subset.operations)).toEqual(script.OPERATION_IDS);
    expect(subset.source.version).toBe(script.PINNED_VERSION);
  });

  it('stays small: no descriptions or examples', () => {
    expect(statSync(file).size).toBeLessThan(300 * 1024);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/"examples?":/);
    expect(text).not.toMatch(/"externalDocs":/);
  });

  it('routes paths to operations, literal segments first and refs across slashes', () => {
    expect(matchRoute('GET', '/repos/o/r/releases/tags/m%40v1')).toMatchObject({
      operationId: 'repos/get-release-by-tag',
      params: { owner: 'o', repo: 'r', tag: 'm@v1' },
    });
    expect(matchRoute('GET', '/repos/o/r/releases/12')?.operationId).toBe('repos/get-release');
    expect(matchRoute('GET', '/repos/o/r/git/ref/heads/feature/x')?.params.ref).toBe('heads/feature/x');
    expect(matchRoute('GET', '/repos/o/r/git/ref/tags%2Fm%23prod%231')?.params.ref).toBe('tags/m#prod#1');
    expect(matchRoute('PUT', '/repos/o/r/releases/12')).toBeUndefined();
  });
});

describe('toJsonSchema', () => {
  it('turns OpenAPI 3.0 nullable into JSON Schema null types', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(toJsonSchema({ allOf: [{ $ref: '#/components/schemas/x' }], nullable: true })).toEqual({
      anyOf: [
        { allOf: [{ $ref: 'https://mlgate.test/github-openapi-subset#/components/schemas/x' }] },
        { type: 'null' },
      ],
    });
    expect(toJsonSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'integer' }],
    });
  });
});

describe('scripts/openapi-subset.mjs', () => {
  const document = {
    openapi: '3.0.3',
    info: { version: '23.0.2' },
    paths: {
      '/repos/{owner}/{repo}/labels': {
        post: {
          operationId: 'issues/create-label',
          description: 'dropped',
          externalDocs: { url: 'https://docs.github.com/rest/issues/labels#create-a-label' },
          parameters: [{ $ref: '#/components/parameters/owner' }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    name: { type: 'string', description: 'dropped' },
                    description: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Response',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/label' }, examples: {} },
              },
            },
            '404': { $ref: '#/components/responses/not_found' },
          },
        },
      },
    },
    components: {
      parameters: {
        owner: { name: 'owner', in: 'path', required: true, schema: { type: 'string' }, description: 'x' },
      },
      schemas: {
        label: {
          type: 'object',
          title: 'Label',
          properties: { user: { $ref: '#/components/schemas/user' } },
        },
        user: {
          type: 'object',
          nullable: true,
          example: { login: 'octocat' },
          properties: { login: { type: 'string' } },
        },
        unused: { type: 'string' },
      },
      responses: { not_found: { description: 'Resource not found' } },
    },
  };

  it('keeps what validation needs, drops documentation, and closes over the schemas used', () => {
    const source = { package: '@octokit/openapi', version: '23.0.2', file: 'x.json' };
    const out = script.buildSubset(document, source, ['issues/create-label']);
    expect(out.operations['issues/create-label']).toEqual({
      method: 'post',
      path: '/repos/{owner}/{repo}/labels',
      parameters: [{ name: 'owner', in: 'path', required: true, schema: { type: 'string' } }],
      documentationUrl: 'https://docs.github.com/rest/issues/labels#create-a-label',
      requestBody: {
        required: true,
        contentType: 'application/json',
        schema: {
          type: 'object',
          properties: { name: { type: 'string' }, description: { type: 'string' } },
        },
      },
      responses: {
        '201': { contentType: 'application/json', schema: { $ref: '#/components/schemas/label' } },
      },
    });
    expect(out.components.schemas).toEqual({
      label: { type: 'object', properties: { user: { $ref: '#/components/schemas/user' } } },
      user: { type: 'object', nullable: true, properties: { login: { type: 'string' } } },
    });
    expect(out.source).toMatchObject({ version: '23.0.2', openapi: '3.0.3' });
  });

  it('fails when an operation is missing from the description', () => {
    expect(() => script.buildSubset(document, { version: 'x' })).toThrow(
      /operations not in the description: checks\/create/,
    );
  });
});
