// Worker thread entry (built to dist/workers/drift-column.js): numeric column pairs sent by the drift job
// (column-pool.ts), answered with their statistics. The values arrive transferred or in shared arrays.
import { parentPort } from 'node:worker_threads';
import { getErrorMessage } from '../errors.js';
import { numericPair } from './numeric-pair.js';

const port = parentPort!;
let scratch: Float64Array | undefined;
port.on('message', (message: { a: Float64Array; b: Float64Array }) => {
  try {
    const need = Math.max(message.a.length, message.b.length);
    if (!scratch || scratch.length < need) scratch = new Float64Array(need);
    port.postMessage({ result: numericPair(message.a, message.b, scratch) });
  } catch (error) {
    port.postMessage({ error: getErrorMessage(error) });
  }
});
