import { runInferSchemaJob } from '../../core/jobs/infer-schema-job.js';
import type { Logger } from '../../core/logger.js';
import { parseCommandArgs } from '../args.js';

export const inferSchemaHelp = `Usage: mlgate infer-schema --data FILE [--data FILE ...] [--out DIR]

Reads reference data and writes a draft JSON Schema (schema.json) and checks (checks.yml) to --out for
people to review in a PR: types, required columns, observed ranges, small categorical value sets, null
fractions, row count and unique id columns.

Options:
  --data FILE|GLOB   reference data file or glob; repeat for several
  --out DIR          folder for schema.json and checks.yml (default ./mlgate-out)
  -h, --help         show this help
`;

export async function inferSchemaCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('infer-schema', argv, {
    data: { type: 'string', multiple: true },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(inferSchemaHelp);
    return 0;
  }
  const { schemaPath, checksPath, checks } = await runInferSchemaJob(
    { data: values.data ?? [], outDir: values.out ?? 'mlgate-out', cwd },
    logger,
  );
  process.stdout.write(
    `Wrote ${schemaPath}\nWrote ${checksPath} (${checks.length} checks)\nReview both before committing them.\n`,
  );
  return 0;
}
