/**
 * Numeric column pairs computed on worker threads, so a drift run tests as many columns at once as there
 * are cores (after reading, sorting and the statistics are most of its time). Without a worker bundle
 * (running from source) or on one core, pairs are computed on this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { getErrorMessage } from '../errors.js';
import { numericPair, type NumericPairResult } from './numeric-pair.js';

export interface NumericEngine {
  /**
   * The pair's arrays are sorted in place; unless they are views of SharedArrayBuffers they are handed
   * over (transferred to a worker): do not use them afterwards.
   */
  run(a: Float64Array, b: Float64Array): Promise<NumericPairResult>;
  /** How many pairs may usefully be in flight. */
  readonly width: number;
  close(): Promise<void>;
}

/** This thread only. */
export function localEngine(): NumericEngine {
  let scratch: Float64Array | undefined;
  return {
    width: 1,
    run: async (a, b) => {
      const need = Math.max(a.length, b.length);
      if (!scratch || scratch.length < need) scratch = new Float64Array(need);
      return numericPair(a, b, scratch);
    },
    close: async () => {},
  };
}

interface Slot {
  worker: Worker;
  /** Taken by a caller (set when acquired, not when the message goes out: callers interleave). */
  busy: boolean;
  pending?: { resolve: (r: NumericPairResult) => void; reject: (e: Error) => void };
  failed?: string;
}

/**
 * `threads` pairs at a time (default: the cores, at most 8): this thread computes one of them itself (it
 * only waits otherwise, and a worker's heap costs memory), workers the others. A worker that fails fails
 * its pair (an internal error).
 */
export function workerEngine(url: URL, threads = Math.min(availableParallelism(), 8)): NumericEngine {
  if (threads < 2) return localEngine();
  const slots: Slot[] = [];
  const free: (() => void)[] = [];
  const local = localEngine();
  let localBusy = false;
  for (let i = 0; i < threads - 1; i++) {
    const slot: Slot = { worker: new Worker(url), busy: false };
    slot.worker.on('message', (m: { result?: NumericPairResult; error?: string }) => {
      const p = slot.pending;
      slot.pending = undefined;
      if (m.error !== undefined) p?.reject(new Error(`drift column worker: ${m.error}`));
      else p?.resolve(m.result!);
    });
    const fail = (why: string) => {
      slot.failed ??= why;
      slot.pending?.reject(new Error(`drift column worker: ${why}`));
      slot.pending = undefined;
    };
    slot.worker.once('error', (error) => fail(getErrorMessage(error)));
    slot.worker.once('exit', (code) => fail(`exited with code ${code}`));
    slots.push(slot);
  }
  // Marks what it hands out at once: between its return and the caller's next step another caller runs.
  const acquire = async (): Promise<Slot | 'local'> => {
    for (;;) {
      const slot = slots.find((s) => !s.busy && !s.failed);
      if (slot) {
        slot.busy = true;
        return slot;
      }
      if (!localBusy) {
        localBusy = true;
        return 'local';
      }
      if (slots.every((s) => s.failed)) throw new Error(`drift column workers failed: ${slots[0].failed}`);
      await new Promise<void>((resolve) => free.push(resolve));
    }
  };
  return {
    width: threads,
    run: async (a, b) => {
      const slot = await acquire();
      if (slot === 'local') {
        try {
          return await local.run(a, b);
        } finally {
          localBusy = false;
          free.shift()?.();
        }
      }
      try {
        return await new Promise<NumericPairResult>((resolve, reject) => {
          slot.pending = { resolve, reject };
          // Shared buffers (the job's lanes) are sorted in place by the worker; others are handed over.
          const shared = a.buffer instanceof SharedArrayBuffer && b.buffer instanceof SharedArrayBuffer;
          slot.worker.postMessage({ a, b }, shared ? [] : [a.buffer as ArrayBuffer, b.buffer as ArrayBuffer]);
        });
      } finally {
        slot.busy = false;
        free.shift()?.();
      }
    },
    close: async () => {
      for (const s of slots) s.failed ??= 'closed';
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
