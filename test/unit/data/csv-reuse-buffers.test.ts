import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvText } from './csv-helpers.js';

// With reuseBuffers the reader refills one set of typed arrays; a consumer that reads each batch before
// asking for the next must see exactly what fresh arrays would have shown it.

const cell = fc.oneof(
  fc.constantFrom('', 'NaN', 'n/a', 'true', 'FALSE', 'yes', '"a,b"', '"x\ny"', '1e3', '-0.5'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
);

describe('CSV reader with reuseBuffers', () => {
  it('yields the same cells, states, rows and lines as with fresh buffers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
        async (rows, batchSize, chunkSizes) => {
          const text = `n,b,s\n${rows.map((r) => r.join(',')).join('\n')}\n`;
          const columnTypes = { n: 'number', b: 'boolean', s: 'string' } as const;
          const fresh = await readCsvText(text, { columnTypes, batchSize }, chunkSizes);
          const reused = await readCsvText(text, { columnTypes, batchSize, reuseBuffers: true }, chunkSizes);
          expect(reused).toEqual(fresh);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps an invalid cell of an earlier batch from leaking into a later one', async () => {
    const text = 'n,s\nabc,x\n1,y\n2,z\n';
    const { rows } = await readCsvText(text, {
      columnTypes: { n: 'number' },
      batchSize: 1,
      reuseBuffers: true,
    });
    expect(rows).toEqual([
      [{ invalid: 'abc' }, 'x'],
      [1, 'y'],
      [2, 'z'],
    ]);
  });
});
