import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { readGateInputs, readGateSource } from '../../../src/core/gate/inputs.js';
import {
  check,
  comparisonResult,
  driftResult,
  evaluationResult,
  threshold,
  validationResult,
  writeResults,
} from './result-files.js';

const dir = mkdtempSync(join(tmpdir(), 'mlgate-gate-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, value: unknown): string {
  writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return name;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(isConfigurationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('readGateInputs', () => {
  it('reads every kind, names files relative to the working folder and takes the sha256 of the bytes', async () => {
    const paths = writeResults(dir, {
      validation: validationResult(),
      evaluation: evaluationResult(),
      comparison: comparisonResult(),
      drift: driftResult(),
    });
    const inputs = await readGateInputs(paths, dir);
    expect(inputs.validation!.path).toBe('results/validation.json');
    expect(inputs.comparison!.value.verdict).toBe('pass');
    expect(inputs.drift!.value.dataset_drift).toBe(false);
    // sha256sum(1) over the same file, not our own hashing.
    const sum = spawnSync('sha256sum', [join(dir, 'results/evaluation.json')], { encoding: 'utf8' });
    expect(inputs.evaluation!.sha256).toBe(sum.stdout.split(' ')[0]);
  });

  it('needs at least one file', async () => {
    expect(await refusal(readGateInputs({}, dir))).toMatch(/at least one result file/);
  });

  it('a missing file is named with its kind', async () => {
    expect(await refusal(readGateInputs({ comparison: 'out/comparison.json' }, dir))).toBe(
      'comparison file out/comparison.json: no such file (give the comparison.json an earlier mlgate step wrote).',
    );
  });

  it('refuses text that is not JSON, and JSON that is not an object', async () => {
    expect(await refusal(readGateSource('drift', write('bad.json', '{"columns": '), dir))).toMatch(
      /^drift file bad\.json: not JSON \(/,
    );
    expect(await refusal(readGateSource('drift', write('list.json', '[1]'), dir))).toBe(
      'drift file list.json: the file holds a list; expected a drift.json written by mlgate.',
    );
  });

  it('a result file of another kind is named as such', async () => {
    const path = write('evaluation-as-comparison.json', evaluationResult());
    expect(await refusal(readGateSource('comparison', path, dir))).toBe(
      'comparison file evaluation-as-comparison.json: key "verdict" is missing (expected pass, fail, inconclusive); ' +
        'it looks like evaluation.json: give it to the matching input.',
    );
  });

  it.each([
    [
      'comparison',
      () => ({
        ...comparisonResult(),
        checks: [check('roc_auc', 'pass'), { ...check('f1', 'fail'), status: 'maybe' }],
      }),
      'key "checks[1].status" is "maybe" (expected pass, fail, inconclusive)',
    ],
    [
      'comparison',
      () => ({
        ...comparisonResult(),
        metrics: { roc_auc: { candidate: 1, baseline: 1, delta: 0, ci95: [0] } },
      }),
      'key "metrics.roc_auc.ci95" is a list (expected [lo, hi] or null)',
    ],
    [
      'comparison',
      () => ({ ...comparisonResult(), candidate: { path: 'm.onnx' } }),
      'key "candidate.sha256" is missing (expected a sha256)',
    ],
    [
      'evaluation',
      () => ({ ...evaluationResult(), thresholds: [{ ...threshold('f1', 0.5, 0.6), threshold: '0.6' }] }),
      'key "thresholds[0].threshold" is "0.6" (expected a number)',
    ],
    [
      'evaluation',
      () => ({ ...evaluationResult(), passed: 'yes' }),
      'key "passed" is "yes" (expected true or false)',
    ],
    ['validation', () => ({ ...validationResult(), rows: -1 }), 'key "rows" is -1 (expected a row count)'],
    [
      'validation',
      () => ({ ...validationResult(), violations: [{ rule: 'type' }] }),
      'key "violations[0].message" is missing (expected a message)',
    ],
    [
      'drift',
      () => ({ ...driftResult(), summary: { tested: 1, drifted: 0 } }),
      'key "summary.because" is missing (expected a sentence)',
    ],
    [
      'drift',
      () => ({ ...driftResult(), dataset_drift: 'no' }),
      'key "dataset_drift" is "no" (expected true or false)',
    ],
  ] as const)('a %s file with a bad key names the key', async (kind, make, problem) => {
    const path = write(`${kind}-bad.json`, make());
    const message = await refusal(readGateSource(kind, path, dir));
    expect(message).toContain(`${kind} file ${kind}-bad.json: ${problem}`);
  });

  it('refuses a schemaVersion it does not read', async () => {
    const newer = write('newer.json', { ...driftResult(), schemaVersion: 2 });
    expect(await refusal(readGateSource('drift', newer, dir))).toBe(
      'drift file newer.json: key "schemaVersion" is 2; this mlgate reads version 1 (the file was written by a newer mlgate: update the gate).',
    );
  });

  it("refuses one shard's evaluation (its thresholds are judged at merge)", async () => {
    const shard = write('shard.json', { ...evaluationResult(), thresholds_deferred: true });
    expect(await refusal(readGateSource('evaluation', shard, dir))).toMatch(
      /key "thresholds_deferred" is true: it is one shard's result.*mlgate merge/,
    );
  });

  it('refuses an evaluation and a comparison of different models', async () => {
    const paths = {
      evaluation: write('e.json', evaluationResult({ sha256: 'c'.repeat(64) })),
      comparison: write('c.json', comparisonResult()),
    };
    expect(await refusal(readGateInputs(paths, dir))).toBe(
      'evaluation file e.json (key "model.sha256" cccccccccccc…) and comparison file c.json (key "candidate.sha256" ' +
        'aaaaaaaaaaaa…) are of different models; give the results of the same candidate.',
    );
  });

  it('reads a file with a byte order mark', async () => {
    const path = write('bom.json', `\ufeff${JSON.stringify(driftResult())}`);
    expect((await readGateSource('drift', path, dir)).value.summary.tested).toBe(4);
  });
});
