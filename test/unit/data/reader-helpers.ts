import { expect } from 'vitest';
import { DataError } from '../../../src/core/data/data-error.js';
import type { Batch, Column, DataSource } from '../../../src/core/data/types.js';

/** Every batch of a source, kept (read without reuseBuffers, so each batch stays the caller's). */
export async function readBatches(opening: Promise<DataSource>): Promise<Batch[]> {
  const source = await opening;
  const batches: Batch[] = [];
  for await (const batch of source.batches()) batches.push(batch);
  return batches;
}

export function column(batch: Batch, name: string): Column {
  const found = batch.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

/** The DataError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function errorOf(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}
