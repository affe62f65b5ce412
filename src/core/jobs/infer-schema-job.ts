import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { CheckSpec } from '../config/types.js';
import { expandDataPaths } from '../data/files.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { toJson, writeFilesAtomically } from '../io/write-files.js';
import { inferSchema } from '../validate/infer-schema.js';
import { nameFilesAsShown } from './shown-paths.js';

export interface InferSchemaJobOutcome {
  schemaPath: string;
  checksPath: string;
  schema: object;
  checks: CheckSpec[];
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Checks as they are written in a checks file (kebab-case keys, the loader's inverse). */
export function formatChecksYaml(checks: readonly CheckSpec[], header: string): string {
  const items = checks.map((check) =>
    Object.fromEntries(
      Object.entries(check)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [kebab(k), v]),
    ),
  );
  return `${header}${stringify({ version: 1, checks: items }, { lineWidth: 0 })}`;
}

/** Infers a draft schema and checks from reference data and writes schema.json and checks.yml for review. */
export async function runInferSchemaJob(
  request: { data: string[]; outDir: string; cwd: string },
  logger: Logger,
): Promise<InferSchemaJobOutcome> {
  if (request.data.length === 0) {
    throw new ConfigurationError('No reference data: give at least one data file or glob (--data).');
  }
  const files = await expandDataPaths(request.data, request.cwd);
  const { schema, checks } = await nameFilesAsShown(request.cwd, () => inferSchema(files, { logger }));
  const outDir = resolve(request.cwd, request.outDir);
  const schemaPath = join(outDir, 'schema.json');
  const checksPath = join(outDir, 'checks.yml');
  const header =
    `# Draft checks inferred by mlgate infer-schema from ${files.length} file(s).\n` +
    '# Review every bound before committing: they describe the reference data, not what should hold.\n';
  await writeFilesAtomically([
    { path: schemaPath, content: toJson(schema) },
    { path: checksPath, content: formatChecksYaml(checks, header) },
  ]);
  return { schemaPath, checksPath, schema, checks };
}
