/**
 * How a job may spread one large CSV file over worker threads, and those settings from the environment.
 * Its own module so an entry can read them without loading the validation code (ajv) they configure.
 */
import { ConfigurationError } from '../errors.js';

/** How validation may spread one large CSV file over worker threads. */
export interface ParallelOptions {
  /** The bundled worker (dist/workers/csv-validate.js), located by the entry that ships it. */
  workerUrl: URL;
  /** Plain CSV files at least this large are split. Default 128 MiB (below it, starting workers costs more than it saves). */
  minBytes?: number;
  /** Parts to split into (at most 16). Default: the available cores. */
  workers?: number;
}

/**
 * Parallel settings from the environment: MLGATE_WORKERS (parts per file, at most 16; default the cores;
 * 1 turns splitting off) and MLGATE_PARALLEL_MIN_BYTES (the smallest file worth splitting).
 */
export function parallelOptionsFromEnv(
  workerUrl: URL,
  env: Readonly<Record<string, string | undefined>>,
): ParallelOptions | undefined {
  const read = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min) {
      throw new ConfigurationError(`Environment variable ${name} must be an integer ≥ ${min}; got "${raw}".`);
    }
    return n;
  };
  // Default: one part per core for files of 128 MiB or more (measured on 2 cores: ~10% faster, ADR 3).
  const workers = read('MLGATE_WORKERS', 1);
  if (workers !== undefined && workers > 16) {
    throw new ConfigurationError(`Environment variable MLGATE_WORKERS must be at most 16; got "${workers}".`);
  }
  if (workers === 1) return undefined;
  return { workerUrl, workers, minBytes: read('MLGATE_PARALLEL_MIN_BYTES', 0) };
}
