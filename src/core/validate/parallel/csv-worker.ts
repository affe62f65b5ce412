// Worker thread entry (built to dist/workers/csv-validate.js): parses one byte range of a CSV file and
// validates its rows against the schema, then posts the violation tallies back. See validate-csv-parallel.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { openCsvRange } from '../../data/csv-reader.js';
import { getErrorMessage } from '../../errors.js';
import { RowValidator } from '../row-validator.js';
import { compileSchema } from '../schema-loader.js';
import { ViolationCollector } from '../violations.js';
import type { CsvPartMessage, CsvPartTask } from './csv-task.js';

async function runPart(task: CsvPartTask): Promise<CsvPartMessage> {
  const loaded = task.schema ? compileSchema(task.schema.path, task.schema.schema) : undefined;
  const collector = new ViolationCollector(task.maxViolations);
  const validator = loaded
    ? new RowValidator({
        validate: loaded.validate,
        nullable: new Set(loaded.nullable),
        collector,
        precheck: loaded.precheck,
      })
    : undefined;
  const file = { path: task.displayPath, format: 'csv' as const };
  const stream = openCsvRange(task.path, task, task.readOptions);
  let rows = 0;
  for await (const batch of stream.batches()) {
    validator?.validateBatch(batch, file);
    rows += batch.length;
  }
  return {
    type: 'done',
    rows,
    endLine: stream.endLine,
    fileCount: collector.fileCount(task.displayPath),
    buckets: collector.exportBuckets(),
  };
}

const message = await runPart(workerData as CsvPartTask).catch((error: unknown): CsvPartMessage => ({
  type: 'error',
  message: getErrorMessage(error),
}));
parentPort?.postMessage(message);
