import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../../src/core/data/types.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { validateData } from '../../../src/core/validate/validate-data.js';
import { csv, memorySource } from './helpers.js';

/** A source that knows its header but fails the test if any row is read. */
function unreadable(path: string, format: DataSource['format']): DataSource {
  const source = memorySource(path, csv('id,score', '1,2'));
  return {
    ...source,
    format,
    batches: () => {
      throw new Error(`rows of ${path} were read`);
    },
  };
}

describe('a check naming a column that exists nowhere', () => {
  it('is a configuration error raised before any row of a CSV or Parquet file is read', async () => {
    const run = validateData({
      files: ['a.csv', 'b.parquet'],
      checks: [{ type: 'range', column: 'scroe', min: 0 }],
      logger: getRecordingLogger(),
      open: async (path) => unreadable(path, path.endsWith('.csv') ? 'csv' : 'parquet'),
    });
    await expect(run).rejects.toMatchObject({
      name: 'ConfigurationError',
      message: expect.stringContaining(
        'names column "scroe", which is in neither the schema nor any data file',
      ),
    });
  });

  it('waits for JSON Lines files to be read, since their keys are known only then', async () => {
    const run = validateData({
      files: ['a.jsonl'],
      checks: [{ type: 'range', column: 'scroe', min: 0 }],
      logger: getRecordingLogger(),
      open: async (path) => unreadable(path, 'jsonl'),
    });
    await expect(run).rejects.toThrow('rows of a.jsonl were read');
  });
});
