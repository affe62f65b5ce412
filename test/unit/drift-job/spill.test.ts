/**
 * Values beyond runDriftJob's memory budget spill to a temporary folder: the results must not change, and
 * the folder must be gone afterwards, also when the run stops on a mistake.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { runDriftJob, type DriftJobRequest } from '../../../src/core/jobs/drift-job.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { repoRoot } from '../../helpers/run-action.js';
import { draw } from '../drift/fixtures.js';

const temp = mkdtempSync(join(tmpdir(), 'mlgate-drift-spill-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** 150 000 rows a side: each numeric column fills two 65 536-value chunks, which is what can spill. */
const ROWS = 150_000;

function writeSide(name: string, seed: number, loc: number): void {
  const shift = draw({ kind: 'normal4', n: ROWS, seed, scale: 20, loc });
  const uniform = draw({ kind: 'uniform', n: ROWS, seed: seed + 1 });
  const level = draw({ kind: 'integers', n: ROWS, seed: seed + 2, levels: 4 });
  const lines = ['shift,uniform,level,group'];
  for (let i = 0; i < ROWS; i++) {
    // A missing cell every 97 rows and a categorical column, so counts and stores both see gaps.
    const cell = i % 97 === 0 ? '' : String(shift[i]);
    lines.push(`${cell},${uniform[i]},${level[i]},${'abc'[level[(i * 7) % ROWS] % 3]}`);
  }
  writeFileSync(join(temp, name), `${lines.join('\n')}\n`);
}

beforeAll(() => {
  writeSide('reference.csv', 911, 100);
  writeSide('current.csv', 922, 101);
  writeFileSync(join(temp, 'empty.csv'), 'shift,uniform,level,group\n');
});

async function run(name: string, extra: Partial<DriftJobRequest> = {}) {
  const logger = getRecordingLogger();
  const outDir = join(temp, `out-${name}`);
  const outcome = await runDriftJob(
    { cwd: temp, outDir, reference: ['reference.csv'], current: ['current.csv'], ...extra },
    logger,
  );
  const text = readFileSync(outcome.resultPath, 'utf8').replace(/"created_at": "[^"]+"/, '"created_at": ""');
  return { outcome, text, logger };
}

describe('runDriftJob with a memory budget', () => {
  let inMemory: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    inMemory = await run('memory');
  });

  it('keeps everything in memory with the default budget', () => {
    expect(inMemory.logger.messages.some((m) => /spilled/.test(m.message))).toBe(false);
    expect(inMemory.outcome.result.columns.shift.n_reference).toBe(ROWS - Math.ceil(ROWS / 97));
    expect(inMemory.outcome.result.columns.level.tested_as).toBe('categories');
  });

  const budgets = [
    ['64 KiB (every full chunk spills)', 64 << 10],
    ['1 MiB (the first chunks stay in memory, later ones spill)', 1 << 20],
  ] as const;
  const spilled = new Map<number, { run: Awaited<ReturnType<typeof run>>; tempDir: string }>();
  beforeAll(async () => {
    for (const [, budget] of budgets) {
      const tempDir = join(temp, `spill-${budget}`);
      mkdirSync(tempDir);
      spilled.set(budget, { run: await run(`spill-${budget}`, { memoryBudget: budget, tempDir }), tempDir });
    }
  });

  it.each(budgets)('with %s gives byte-identical drift.json apart from created_at', (label, budget) => {
    const { run: r } = spilled.get(budget)!;
    const note = r.logger.messages.find((m) => /spilled to a temporary folder/.test(m.message));
    expect(note, `${label}: the values did not spill`).toBeDefined();
    expect(r.text).toBe(inMemory.text);
  });

  it.each(budgets)('with %s leaves nothing in the temporary folder', (_label, budget) => {
    expect(readdirSync(spilled.get(budget)!.tempDir)).toEqual([]);
  });

  it('removes the temporary folder when the run stops on a mistake after spilling', async () => {
    const tempDir = join(temp, 'spill-mistake');
    mkdirSync(tempDir);
    const error = await run('mistake', { memoryBudget: 64 << 10, tempDir, current: ['empty.csv'] }).catch(
      (e: unknown) => e,
    );
    expect(isConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/the current data \(empty\.csv\) has no rows/);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('on the large fixture (5000 rows, below one chunk) gives the same drift.json with a 64 KiB budget', async () => {
    const fixtures = join(repoRoot, 'test/fixtures/drift-job');
    const request = {
      cwd: fixtures,
      reference: ['large/reference.csv.gz'],
      current: ['large/current.csv.gz'],
    };
    const tempDir = join(temp, 'spill-large');
    mkdirSync(tempDir);
    const logger = getRecordingLogger();
    const a = await runDriftJob({ ...request, outDir: join(temp, 'large-a') }, logger);
    const b = await runDriftJob(
      { ...request, outDir: join(temp, 'large-b'), memoryBudget: 64 << 10, tempDir },
      logger,
    );
    expect({ ...b.result, created_at: '' }).toEqual({ ...a.result, created_at: '' });
    expect(readdirSync(tempDir)).toEqual([]);
  });
});
