/**
 * Review: failing on purpose. In bootstrap mode (`--no-baseline`, input `no-baseline: true`) the comparison
 * rules the user gave (`--rule`, input `rules`) are dropped without a word: runCompareJob's bootstrap
 * branch judges value thresholds only and never looks at `rules`, yet comparison.json's policy lists them
 * (`source: "inputs"`), and the only reason says "No baseline and no value thresholds: bootstrap mode
 * passes", so `--rule accuracy:min_absolute_change=0.5` ends in pass, exit 0. The latency ratio had the same
 * silence and was fixed in e145f83 (an inconclusive check that says why); a rule deserves the same: an
 * inconclusive check naming it (there is no baseline to compare with), or a refusal (exit 2) before the
 * model runs. Either is accepted here; a silent pass is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/core/compare/result.js';
import { repoRoot } from '../helpers/run-action.js';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'mlgate-review-bootstrap-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('review: comparison rules in bootstrap mode (no baseline)', () => {
  it.each(['accuracy:min_absolute_change=0.5', 'accuracy:margin=0'])(
    'does not drop --rule %s silently and pass',
    (rule) => {
      const cwd = mkdtempSync(join(scratch, 'run-'));
      const r = spawnSync(
        process.execPath,
        [
          join(repoRoot, 'dist/cli.js'),
          'compare',
          '--candidate',
          join(repoRoot, 'examples/penguins/model-small.onnx'),
          '--no-baseline',
          '--rule',
          rule,
          '--data',
          join(repoRoot, 'examples/penguins/penguins-test.csv'),
          '--task',
          'multiclass',
          '--label',
          'Species',
          '--classes',
          'Adelie,Chinstrap,Gentoo',
        ],
        { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
      );
      if (r.status === 2) {
        expect(r.stderr).toMatch(/rule/);
        return;
      }
      const result = JSON.parse(
        readFileSync(join(cwd, 'mlgate-out/comparison.json'), 'utf8'),
      ) as ComparisonResult;
      expect(result.mode).toBe('bootstrap');
      const [, key] = /^accuracy:([a-z_]+)=/.exec(rule)!;
      const checks = result.checks.filter(
        (c) => c.metric === 'accuracy' && c.rule === (key === 'margin' ? 'non_inferiority' : key),
      );
      expect(checks, JSON.stringify(result.checks)).toHaveLength(1);
      expect(checks[0].status).not.toBe('pass');
      expect(result.verdict).not.toBe('pass');
    },
  );
});
