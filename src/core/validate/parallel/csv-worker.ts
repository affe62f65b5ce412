// Worker thread entry (built to dist/workers/csv-validate.js): validates one part of a CSV file and posts
// the violation tallies back. See validate-csv-parallel.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { getErrorMessage } from '../../errors.js';
import { validateCsvPart } from './csv-part.js';
import type { CsvPartMessage, CsvPartTask } from './csv-task.js';

const message = await validateCsvPart(workerData as CsvPartTask).catch((error: unknown): CsvPartMessage => ({
  type: 'error',
  message: getErrorMessage(error),
}));
parentPort?.postMessage(message);
