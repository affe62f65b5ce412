import type { DataSource, ReadOptions } from '../data/types.js';

export type OpenDataSource = (path: string, options?: ReadOptions) => Promise<DataSource>;

/** The real readers, loaded on first use so in-memory tests need none of them. */
export async function defaultOpen(): Promise<OpenDataSource> {
  const { openDataSource } = await import('../data/open.js');
  return openDataSource;
}
