// Worker thread entry (built to dist/workers/evaluate-read.js): parses one part of a CSV file into feed
// arrays for the evaluating thread. See split-read.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { getErrorMessage } from '../../errors.js';
import { readCsvPart } from './read-part.js';
import type { ReadPartAck, ReadPartMessage, ReadPartStart, ReadPartTask } from './read-task.js';

const port = parentPort!;
const acks: number[] = [];
let wake: (() => void) | undefined;
// A thread started ahead of its task (a ReaderPool's) is given it as its first message.
let resolveTask: ((task: ReadPartTask) => void) | undefined;
const given = new Promise<ReadPartTask>((resolve) => (resolveTask = resolve));
port.on('message', (message: ReadPartAck | ReadPartStart) => {
  if (message.type === 'task') {
    resolveTask!(message.task);
    return;
  }
  acks.push(message.bytes);
  wake?.();
});

try {
  const task = (workerData as ReadPartTask | null) ?? (await given);
  await readCsvPart(task, {
    send: (message: ReadPartMessage, transfer) => port.postMessage(message, transfer),
    waitForAck: async () => {
      while (acks.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return acks.shift()!;
    },
  });
} catch (error) {
  port.postMessage({ type: 'error', message: getErrorMessage(error) } satisfies ReadPartMessage);
}
port.close();
