import { describe, expect, it } from 'vitest';
import { parallelOptionsFromEnv } from '../../../src/core/data/parallel-options.js';

const url = new URL('file:///dist/workers/csv-validate.js');

describe('parallelOptionsFromEnv', () => {
  it('splits by default (one part per core) and turns off with MLGATE_WORKERS=1', () => {
    expect(parallelOptionsFromEnv(url, {})).toEqual({
      workerUrl: url,
      workers: undefined,
      minBytes: undefined,
    });
    expect(parallelOptionsFromEnv(url, { MLGATE_WORKERS: '1' })).toBeUndefined();
    expect(parallelOptionsFromEnv(url, { MLGATE_WORKERS: '3', MLGATE_PARALLEL_MIN_BYTES: '0' })).toEqual({
      workerUrl: url,
      workers: 3,
      minBytes: 0,
    });
  });

  it.each([
    [{ MLGATE_WORKERS: '0' }, 'MLGATE_WORKERS must be an integer ≥ 1; got "0"'],
    [{ MLGATE_WORKERS: 'two' }, 'MLGATE_WORKERS must be an integer ≥ 1; got "two"'],
    [{ MLGATE_WORKERS: '17' }, 'MLGATE_WORKERS must be at most 16; got "17"'],
    [{ MLGATE_PARALLEL_MIN_BYTES: '-1' }, 'MLGATE_PARALLEL_MIN_BYTES must be an integer ≥ 0; got "-1"'],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => parallelOptionsFromEnv(url, env)).toThrow(message);
  });
});
