import { openCsvRange } from '../../data/csv-reader.js';
import { rowValidatorFor } from '../row-validator.js';
import { compileSchema, type LoadedSchema } from '../schema-loader.js';
import { ViolationCollector } from '../violations.js';
import type { CsvPartMessage, CsvPartTask } from './csv-task.js';

/**
 * Parses one byte range of a CSV file and validates its rows, returning the violation tallies: the work
 * of one part, on a worker thread (which compiles the schema itself) or on the calling thread (which
 * passes the schema it has compiled already).
 */
export async function validateCsvPart(task: CsvPartTask, compiled?: LoadedSchema): Promise<CsvPartMessage> {
  const loaded = compiled ?? (task.schema ? compileSchema(task.schema.path, task.schema.schema) : undefined);
  const collector = new ViolationCollector(task.maxViolations);
  const validator = loaded ? rowValidatorFor(loaded, collector) : undefined;
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
