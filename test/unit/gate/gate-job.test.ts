import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGateJob } from '../../../src/core/jobs/gate-job.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { check, comparisonResult, evaluationResult, writeResults } from './result-files.js';

const dir = mkdtempSync(join(tmpdir(), 'mlgate-gate-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runGateJob', () => {
  it('writes verdict.json with the stable keys and verdict.md, naming the model after the model file', async () => {
    const paths = writeResults(dir, {
      evaluation: evaluationResult(),
      comparison: comparisonResult({ checks: [check('roc_auc', 'fail')] }),
    });
    const outcome = await runGateJob(
      { cwd: dir, outDir: 'out', paths, now: () => new Date('2026-05-02T00:00:00Z') },
      getRecordingLogger(),
    );
    expect(outcome.resultPath).toBe(join(dir, 'out', 'verdict.json'));
    const written = JSON.parse(readFileSync(outcome.resultPath, 'utf8'));
    expect(written).toEqual(outcome.verdict);
    expect(Object.keys(written)).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'verdict',
        'passed',
        'conclusion',
        'reasons',
        'sources',
        'override',
        'created_at',
      ]),
    );
    expect(written).toMatchObject({
      name: 'churn',
      verdict: 'fail',
      passed: false,
      conclusion: 'failure',
      override: null,
    });
    expect(written.sources.comparison.path).toBe('results/comparison.json');
    expect(readFileSync(outcome.markdownPath, 'utf8')).toBe(outcome.markdown);
    expect(outcome.markdown).toContain('mlgate gate: fail — churn');
  });

  it('leaves no earlier verdict behind when a file is bad', async () => {
    mkdirSync(join(dir, 'stale'), { recursive: true });
    writeFileSync(join(dir, 'stale', 'verdict.json'), '{"verdict":"pass"}');
    writeFileSync(join(dir, 'stale', 'verdict.md'), 'old');
    await expect(
      runGateJob({ cwd: dir, outDir: 'stale', paths: { comparison: 'nope.json' } }, getRecordingLogger()),
    ).rejects.toThrow('comparison file nope.json: no such file');
    expect(existsSync(join(dir, 'stale', 'verdict.json'))).toBe(false);
    expect(existsSync(join(dir, 'stale', 'verdict.md'))).toBe(false);
  });

  it('checks the policy before reading files, naming the key as the entry spells it', async () => {
    await expect(
      runGateJob(
        {
          cwd: dir,
          outDir: 'out',
          paths: { comparison: 'nope.json' },
          policy: { drift: 'loud' },
          policyNames: { drift: '--drift-policy' },
        },
        getRecordingLogger(),
      ),
    ).rejects.toThrow('--drift-policy is "loud": expected one of fail, warn, ignore.');
  });
});
