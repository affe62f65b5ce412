import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ReaderPool } from '../../../src/core/evaluate/parallel/split-read.js';
import { repoRoot } from '../../helpers/run-action.js';

// The bundled reader (npm test builds dist/ first); evaluate-parallel.test.ts reads files through it.
const workerUrl = pathToFileURL(join(repoRoot, 'dist/workers/evaluate-read.js'));

/** The threads a pool still holds (a private field: what close() must stop). */
const idleWorkers = (pool: ReaderPool): Worker[] =>
  (pool as unknown as { idle: { worker: Worker }[] }).idle.map((r) => r.worker);

describe('ReaderPool', () => {
  it('hands out each started thread once', async () => {
    const pool = new ReaderPool(workerUrl, 2);
    const first = pool.take()!;
    const second = pool.take()!;
    expect(first.worker.threadId).not.toBe(second.worker.threadId);
    expect(pool.take()).toBeUndefined();
    await pool.close();
    await Promise.all([first.worker.terminate(), second.worker.terminate()]);
  });

  it('close stops the threads never taken (waiting for a task, they would keep the process alive)', async () => {
    const pool = new ReaderPool(workerUrl, 2);
    const taken = pool.take()!;
    const idle = idleWorkers(pool);
    expect(idle).toHaveLength(1);
    const exited = once(idle[0], 'exit');
    await pool.close();
    await exited;
    expect(idleWorkers(pool)).toHaveLength(0);
    // The taken one is its taker's to stop, and still running.
    const takenExit = once(taken.worker, 'exit');
    await taken.worker.terminate();
    await takenExit;
  });
});
