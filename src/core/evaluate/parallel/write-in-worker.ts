/**
 * predictions.parquet written on a worker thread while this thread scores the run (the two take about
 * as long on 1 M rows: 0.1–0.2 s each). The arrays are copied to the worker (tens of MB at most: only
 * runs that were read in parts, at most 1 GiB of CSV, use it). A worker that fails leaves the file to be
 * written here, so the result does not depend on it.
 */
import { Worker } from 'node:worker_threads';
import { getErrorMessage } from '../../errors.js';
import type { StoredPredictions } from '../prediction-store.js';
import { writePredictionsFile, type PredictionsMetadata } from '../predictions-file.js';
import { RowIds } from '../row-ids.js';
import type { SliceKeys } from '../run-model.js';

export interface WriteTask {
  kind: 'write';
  path: string;
  predictions: Omit<StoredPredictions, 'rows'> & { rows: Uint32Array };
  metadata: PredictionsMetadata;
  sliceKeys: SliceKeys[];
}

export type WriteMessage = { type: 'written' } | { type: 'error'; message: string };

/** On the worker: the task's file, written exactly as this thread would write it. */
export async function writeTask(task: WriteTask): Promise<void> {
  const predictions: StoredPredictions = { ...task.predictions, rows: RowIds.of(task.predictions.rows) };
  await writePredictionsFile(task.path, predictions, task.metadata, task.sliceKeys);
}

/**
 * Starts writing on a worker and resolves once the file is in place: on the worker, or here when the
 * worker could not do it.
 */
export function writePredictionsInWorker(
  workerUrl: URL,
  path: string,
  predictions: StoredPredictions,
  metadata: PredictionsMetadata,
  sliceKeys: SliceKeys[],
  onFallback: (reason: string) => void,
): Promise<void> {
  const here = () => writePredictionsFile(path, predictions, metadata, sliceKeys);
  let worker: Worker;
  try {
    const task: WriteTask = {
      kind: 'write',
      path,
      predictions: { ...predictions, rows: predictions.rows.slice(0, predictions.rows.length) },
      metadata,
      sliceKeys,
    };
    worker = new Worker(workerUrl, { workerData: task });
  } catch (error) {
    onFallback(getErrorMessage(error));
    return here();
  }
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const fallback = (reason: string) => {
      if (settled) return;
      settled = true;
      onFallback(reason);
      here().then(resolve, reject);
    };
    worker.once('message', (message: WriteMessage) => {
      if (message.type === 'written') {
        settled = true;
        resolve();
      } else fallback(message.message);
    });
    worker.once('error', (error) => fallback(getErrorMessage(error)));
    worker.once('exit', (code) => fallback(`the writer thread exited with code ${code}`));
  });
}
