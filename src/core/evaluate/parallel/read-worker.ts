// Worker thread entry (built to dist/workers/evaluate-read.js): parses one part of a CSV file into feed
// arrays for the evaluating thread (split-read.ts), or writes predictions.parquet (write-in-worker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { getErrorMessage } from '../../errors.js';
import { readCsvPart } from './read-part.js';
import type { ReadPartAck, ReadPartMessage, ReadPartTask } from './read-task.js';
import type { WriteMessage, WriteTask } from './write-in-worker.js';

const port = parentPort!;
const acks: number[] = [];
let wake: (() => void) | undefined;
port.on('message', (message: ReadPartAck) => {
  acks.push(message.bytes);
  wake?.();
});

const task = workerData as ReadPartTask | WriteTask;
if ('kind' in task && task.kind === 'write') {
  // Loaded only here: a reader thread does not pay for the Parquet writer's code.
  const { writeTask } = await import('./write-in-worker.js');
  const message: WriteMessage = await writeTask(task).then(
    (): WriteMessage => ({ type: 'written' }),
    (error: unknown): WriteMessage => ({ type: 'error', message: getErrorMessage(error) }),
  );
  port.postMessage(message);
} else {
  try {
    await readCsvPart(task as ReadPartTask, {
      send: (message: ReadPartMessage, transfer) => port.postMessage(message, transfer),
      waitForAck: async () => {
        while (acks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        return acks.shift()!;
      },
    });
  } catch (error) {
    port.postMessage({ type: 'error', message: getErrorMessage(error) } satisfies ReadPartMessage);
  }
}
port.close();
