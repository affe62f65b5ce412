// Writes the part of GitHub's official OpenAPI description (@octokit/openapi) that mlgate calls into
// test/github-fake/openapi-subset.json: the local GitHub fake validates every request against it and builds
// its responses to its success schemas. Regenerate after bumping the pinned version (one command):
//   node scripts/openapi-subset.mjs                    # npm pack @octokit/openapi@VERSION into a temp folder
//   node scripts/openapi-subset.mjs path/to/api.github.com.json   # an unpacked description
// Takes the non-dereferenced description: shared schemas stay as `#/components/schemas/…` so the subset
// holds each one once. Descriptions and examples are dropped; OpenAPI 3.0 keywords (nullable) are kept as
// they are and converted by the fake.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';

export const PINNED_VERSION = '23.0.2';
export const OUTPUT = 'test/github-fake/openapi-subset.json';
const DESCRIPTION_FILE = 'generated/api.github.com.json';

/** Every operation the fake serves, grouped as the fake implements them. Keep in step with its routes. */
export const OPERATION_IDS = [
  // checks (gate)
  'checks/create',
  'checks/update',
  'checks/get',
  'checks/list-for-ref',
  // issues and PR comments (gate's sticky comment, drift's issue)
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'issues/delete-comment',
  'issues/list-for-repo',
  'issues/create',
  'issues/update',
  'issues/get',
  'issues/list-events',
  'issues/add-labels',
  'issues/remove-label',
  'issues/create-label',
  'issues/get-label',
  // pulls
  'pulls/get',
  // releases (registry)
  'repos/list-releases',
  'repos/get-release-by-tag',
  'repos/get-release',
  'repos/create-release',
  'repos/update-release',
  'repos/delete-release',
  'repos/list-release-assets',
  'repos/upload-release-asset',
  'repos/get-release-asset',
  'repos/delete-release-asset',
  // git refs and annotated tags (registry versions and GTO stage tags)
  'git/get-ref',
  'git/list-matching-refs',
  'git/create-ref',
  'git/update-ref',
  'git/delete-ref',
  'git/create-tag',
  'git/get-tag',
  'repos/list-tags',
  // deployments (promote)
  'repos/create-deployment',
  'repos/create-deployment-status',
  'repos/list-deployments',
  'repos/list-deployment-statuses',
  // dispatch (drift → retraining)
  'repos/create-dispatch-event',
  'actions/create-workflow-dispatch',
  // repository
  'repos/get',
];

// Keywords that document rather than constrain: dropped to keep the file small.
const DOC_KEYWORDS = new Set(['description', 'example', 'examples', 'title', 'externalDocs', 'deprecated']);
// Keywords whose value is a map from names to schemas (so a property called "description" survives).
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_VALUES = new Set(['items', 'additionalProperties', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

function resolveLocal(document, ref) {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
  let node = document;
  for (const part of ref.slice(2).split('/')) {
    node = node[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node;
}

/** Copies a schema without documentation keywords, noting the component schemas it refers to. */
function stripSchema(schema, refs) {
  if (Array.isArray(schema)) return schema.map((s) => stripSchema(s, refs));
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_KEYWORDS.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref') {
      const match = /^#\/components\/schemas\/(.+)$/.exec(value);
      if (!match) throw new Error(`unexpected schema $ref ${value}`);
      refs.add(match[1]);
      out.$ref = value;
    } else if (SCHEMA_MAPS.has(key)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, stripSchema(s, refs)]));
    } else if (SCHEMA_VALUES.has(key) && typeof value === 'object') {
      out[key] = stripSchema(value, refs);
    } else if (SCHEMA_LISTS.has(key)) {
      out[key] = value.map((s) => stripSchema(s, refs));
    } else {
      // enum, default, required, type, format, bounds: plain values
      out[key] = value;
    }
  }
  return out;
}

function deref(document, node) {
  return node && node.$ref ? resolveLocal(document, node.$ref) : node;
}

function subsetOperation(document, path, method, operation, refs) {
  const parameters = (operation.parameters ?? []).map((p) => {
    const parameter = deref(document, p);
    const out = { name: parameter.name, in: parameter.in, required: parameter.required === true };
    if (parameter.schema) out.schema = stripSchema(parameter.schema, refs);
    return out;
  });
  let requestBody;
  if (operation.requestBody) {
    const body = deref(document, operation.requestBody);
    const [contentType, media] = Object.entries(body.content)[0];
    requestBody = { required: body.required === true, contentType };
    if (media.schema) requestBody.schema = stripSchema(media.schema, refs);
  }
  // Success responses only (2xx and the 3xx redirects the fake serves): errors use GitHub's basic shapes.
  const responses = {};
  for (const [status, r] of Object.entries(operation.responses)) {
    const code = Number(status);
    if (!(code >= 200 && code < 300) && code !== 302) continue;
    const response = deref(document, r);
    const media = response.content ? Object.entries(response.content)[0] : undefined;
    responses[status] = media
      ? { contentType: media[0], schema: stripSchema(media[1].schema, refs) }
      : { contentType: null };
  }
  const out = { method, path, parameters };
  // GitHub's error bodies carry the operation's documentation page as documentation_url.
  if (operation.externalDocs?.url) out.documentationUrl = operation.externalDocs.url;
  if (operation.servers) out.server = operation.servers[0].url;
  if (requestBody) out.requestBody = requestBody;
  out.responses = responses;
  return out;
}

export function buildSubset(document, source, operationIds = OPERATION_IDS) {
  const found = new Map();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation && typeof operation === 'object' && operation.operationId) {
        found.set(operation.operationId, { path, method, operation });
      }
    }
  }
  const missing = operationIds.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`operations not in the description: ${missing.join(', ')}`);

  const refs = new Set();
  const operations = {};
  for (const id of operationIds) {
    const { path, method, operation } = found.get(id);
    operations[id] = subsetOperation(document, path, method, operation, refs);
  }
  // Close over the component schemas the operations use, and the ones those use.
  const schemas = {};
  const pending = [...refs];
  while (pending.length > 0) {
    const name = pending.pop();
    if (name in schemas) continue;
    const nested = new Set();
    schemas[name] = stripSchema(document.components.schemas[name], nested);
    for (const n of nested) if (!(n in schemas)) pending.push(n);
  }
  const sorted = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((k) => [k, schemas[k]]),
  );
  return {
    source: { ...source, openapi: document.openapi, infoVersion: document.info?.version },
    operations,
    components: { schemas: sorted },
  };
}

function fetchPinnedDescription() {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-openapi-'));
  // The package is ~385 MB unpacked; only one file of it is extracted.
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', `@octokit/openapi@${PINNED_VERSION}`, '--pack-destination', dir, '--json'], {
      encoding: 'utf8',
    }),
  );
  execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir, `package/${DESCRIPTION_FILE}`]);
  return { dir, file: join(dir, 'package', DESCRIPTION_FILE) };
}

async function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  let file = process.argv[2];
  let cleanup;
  if (!file) {
    const fetched = fetchPinnedDescription();
    file = fetched.file;
    cleanup = () => rmSync(fetched.dir, { recursive: true, force: true });
  }
  try {
    // generated/api.github.com.json sits beside the package's package.json one folder up.
    const packageJson = join(dirname(file), '..', 'package.json');
    const pkg = existsSync(packageJson) ? JSON.parse(readFileSync(packageJson, 'utf8')) : undefined;
    const document = JSON.parse(readFileSync(file, 'utf8'));
    const version = pkg?.name === '@octokit/openapi' ? pkg.version : document.info?.version;
    if (version !== PINNED_VERSION) {
      console.warn(
        `warning: description is @octokit/openapi ${version}, PINNED_VERSION is ${PINNED_VERSION}`,
      );
    }
    const subset = buildSubset(document, { package: '@octokit/openapi', version, file: DESCRIPTION_FILE });
    const text = await format(JSON.stringify(subset), { parser: 'json', printWidth: 110 });
    writeFileSync(join(root, OUTPUT), text);
    console.log(
      `${OUTPUT}: ${Object.keys(subset.operations).length} operations, ` +
        `${Object.keys(subset.components.schemas).length} schemas, ${(text.length / 1024).toFixed(0)} KB`,
    );
  } finally {
    cleanup?.();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
