// Worker thread entry (built to dist/workers/drift-read.js): reads the reference side of a drift run
// (samples.ts) while the job reads the current side, and hands back each column's sample, its values
// as transferred chunks and spill files in the job's folder.
import { parentPort, workerData } from 'node:worker_threads';
import type { ColumnType } from '../data/types.js';
import { getErrorMessage, isConfigurationError } from '../errors.js';
import { readSide, type ColumnSamples, type ReadSideColumn } from './samples.js';
import { SpillArea } from './value-store.js';

const task = workerData as {
  files: string[];
  columns: { name: string; kind: ColumnSamples['kind']; reason?: string }[];
  hints: Record<string, ColumnType>;
  budget: number;
  dir: string;
  shown: Record<string, string>;
};
const port = parentPort!;
try {
  const spill = new SpillArea(task.budget, task.dir, task.dir);
  const columns = new Map<string, ColumnSamples>(task.columns.map((c) => [c.name, { ...c }]));
  const late = new Map<string, string>();
  const rows = await readSide(
    task.files,
    'reference',
    columns,
    task.hints,
    { spill, show: (path) => task.shown[path] ?? path },
    late,
  );
  const out: ReadSideColumn[] = [];
  const transfer: ArrayBuffer[] = [];
  for (const c of columns.values()) {
    const sample = c.reference;
    let exported: ReadSideColumn['sample'];
    if (sample) {
      const { values, distinct, counts, ...rest } = sample;
      const v = values ? await values.export() : undefined;
      if (v) for (const chunk of v.chunks) transfer.push(chunk.buffer as ArrayBuffer);
      exported = {
        ...rest,
        ...(v ? { values: v } : {}),
        ...(distinct ? { distinct: [...distinct] } : {}),
        ...(counts ? { counts: [...counts] } : {}),
      };
    }
    out.push({ name: c.name, kind: c.kind, reason: c.reason, sample: exported });
  }
  port.postMessage({ rows, columns: out, late: [...late] }, transfer);
} catch (error) {
  port.postMessage({ error: getErrorMessage(error), data: isConfigurationError(error) });
}
