/**
 * The threaded paths of a drift run (the reference read on a reader thread, numeric columns tested on a
 * worker): byte-identical drift.json to a run on this thread, also when the reader thread's values spill
 * and come back as chunks plus files; nothing left in the temporary folder. Uses the bundled workers
 * (npm test builds dist/ first).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDriftJob, type DriftJobRequest } from '../../../src/core/jobs/drift-job.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { repoRoot } from '../../helpers/run-action.js';
import { draw } from '../drift/fixtures.js';

const temp = mkdtempSync(join(tmpdir(), 'mlgate-drift-threads-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const readerWorkerUrl = pathToFileURL(join(repoRoot, 'dist/workers/drift-read.js'));
const columnWorkerUrl = pathToFileURL(join(repoRoot, 'dist/workers/drift-column.js'));
const ROWS = 140_000;

function writeSide(name: string, seed: number, loc: number): void {
  const a = draw({ kind: 'normal4', n: ROWS, seed, scale: 20, loc });
  const b = draw({ kind: 'uniform', n: ROWS, seed: seed + 1 });
  const level = draw({ kind: 'integers', n: ROWS, seed: seed + 2, levels: 4 });
  const lines = ['a,b,level,group'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${i % 89 === 0 ? '' : a[i]},${b[i]},${level[i]},${'xyz'[level[(i * 5) % ROWS] % 3]}`);
  }
  writeFileSync(join(temp, name), `${lines.join('\n')}\n`);
}

beforeAll(() => {
  writeSide('reference.csv', 31, 10);
  writeSide('current.csv', 32, 10.5);
});

async function run(name: string, extra: Partial<DriftJobRequest>) {
  const outcome = await runDriftJob(
    {
      cwd: temp,
      outDir: join(temp, `out-${name}`),
      reference: ['reference.csv'],
      current: ['current.csv'],
      ...extra,
    },
    getRecordingLogger(),
  );
  return readFileSync(outcome.resultPath, 'utf8').replace(/"created_at": "[^"]+"/, '"created_at": ""');
}

describe('runDriftJob on threads', () => {
  it('gives the same drift.json as one thread, in memory and with spilled values, and cleans up', async () => {
    const alone = await run('alone', {});
    const threads = { readerWorkerUrl, columnWorkerUrl, parallelFrom: { bytes: 0, values: 0 } };
    expect(await run('threads', threads)).toBe(alone);
    for (const budget of [64 << 10, 1 << 20]) {
      const tempDir = join(temp, `spill-${budget}`);
      mkdirSync(tempDir);
      expect(await run(`threads-${budget}`, { ...threads, memoryBudget: budget, tempDir })).toBe(alone);
      expect(readdirSync(tempDir)).toEqual([]);
    }
  });

  it('a data error on the reader thread is the same one-line error as on this thread', async () => {
    writeFileSync(join(temp, 'bad.csv'), 'a,b,level,group\n1,2,3,x\n1,"2,3,x\n');
    const one = await runDriftJob(
      { cwd: temp, outDir: join(temp, 'out-bad1'), reference: ['bad.csv'], current: ['current.csv'] },
      getRecordingLogger(),
    ).catch((e: unknown) => e);
    const two = await runDriftJob(
      {
        cwd: temp,
        outDir: join(temp, 'out-bad2'),
        reference: ['bad.csv'],
        current: ['current.csv'],
        readerWorkerUrl,
        parallelFrom: { bytes: 0 },
      },
      getRecordingLogger(),
    ).catch((e: unknown) => e);
    expect(String(two)).toContain('bad.csv');
    expect((two as Error).message).toBe((one as Error).message);
  });
});
