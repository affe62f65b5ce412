/**
 * `mlgate gate` end to end: the bundled CLI on hand-written result files; exit codes 0 (passed), 1
 * (failed, or inconclusive and not passed), 2 (bad input, one line on stderr); verdict.json and verdict.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';
import {
  check,
  comparisonResult,
  driftResult,
  evaluationResult,
  threshold,
  validationResult,
  writeResults,
} from '../unit/gate/result-files.js';

const cli = join(repoRoot, 'dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'mlgate-gate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  writeResults(join(dir, 'pass'), {
    validation: validationResult(),
    evaluation: evaluationResult(),
    comparison: comparisonResult(),
    drift: driftResult({ drifted: ['amount', 'plan'] }),
  });
  writeResults(join(dir, 'fail'), {
    evaluation: evaluationResult({ thresholds: [threshold('roc_auc', 0.71, 0.8)] }),
    comparison: comparisonResult({ checks: [check('roc_auc', 'fail')] }),
  });
  writeResults(join(dir, 'inconclusive'), {
    comparison: comparisonResult({ checks: [check('roc_auc', 'inconclusive')] }),
  });
});

function gate(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, 'gate', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const files = (set: string, kinds: string[]) => kinds.flatMap((k) => [`--${k}`, `${set}/results/${k}.json`]);
const verdictIn = (out: string) => JSON.parse(readFileSync(join(dir, out, 'verdict.json'), 'utf8'));

describe('mlgate gate', () => {
  it('passes with every source given: exit 0, verdict.json and verdict.md; drift only warns', () => {
    const r = gate([...files('pass', ['validation', 'evaluation', 'comparison', 'drift']), '--out', 'o1']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('mlgate gate: PASS for churn (passed: true, check run: success)');
    expect(r.stdout).toMatch(/ {2}warn {9}drift: dataset drift: 2 of 4 tested columns drifted/);
    expect(r.stdout).toContain(`Result: ${join(dir, 'o1', 'verdict.json')}`);
    const v = verdictIn('o1');
    expect(v).toMatchObject({
      schemaVersion: 1,
      verdict: 'pass',
      passed: true,
      conclusion: 'success',
      override: null,
    });
    expect(Object.keys(v.sources)).toEqual(['validation', 'evaluation', 'comparison', 'drift']);
    expect(readFileSync(join(dir, 'o1', 'verdict.md'), 'utf8')).toContain('## ✅ mlgate gate: pass — churn');
  });

  it('drift fails the gate under --drift-policy fail', () => {
    const r = gate([...files('pass', ['drift']), '--drift-policy', 'fail', '--out', 'o2', '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('mlgate gate: FAIL for model (passed: false, check run: failure)\n');
  });

  it('fails on a missed threshold and a failed comparison: exit 1, every reason listed', () => {
    const r = gate([...files('fail', ['evaluation', 'comparison']), '--name', 'churn-model', '--out', 'o3']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('mlgate gate: FAIL for churn-model');
    expect(r.stdout).toContain('  fail         evaluation: threshold missed: roc_auc = 0.71, needs ≥ 0.8');
    expect(r.stdout).toContain('  fail         comparison: roc_auc: CI of the change is wholly below -0.000');
  });

  it.each([
    [[], 1, 'neutral'],
    [['--inconclusive', 'fail'], 1, 'failure'],
    [['--inconclusive', 'pass'], 0, 'success'],
  ] as const)('an inconclusive comparison with %j: exit %i, conclusion %s', (flags, code, conclusion) => {
    const r = gate([...files('inconclusive', ['comparison']), ...flags, '--out', 'o4', '--quiet']);
    expect(r.status).toBe(code);
    const v = verdictIn('o4');
    expect(v.verdict).toBe('inconclusive');
    expect(v.conclusion).toBe(conclusion);
  });

  it('--override with a reason lets a failed gate pass and records who', () => {
    const r = gate(
      [
        ...files('fail', ['evaluation', 'comparison']),
        '--override',
        '--override-reason',
        'hotfix',
        '--out',
        'o5',
      ],
      { GITHUB_ACTOR: 'erin' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'mlgate gate: FAIL, overridden for churn (passed: true, check run: success)',
    );
    expect(verdictIn('o5').override).toEqual({ applied: true, by: 'erin', via: 'input', reason: 'hotfix' });
  });

  it('a required source not given fails the gate', () => {
    const r = gate([
      ...files('pass', ['evaluation']),
      '--require',
      'evaluation,comparison',
      '--out',
      'o6',
      '--quiet',
    ]);
    expect(r.status).toBe(1);
    expect(verdictIn('o6').reasons[0].message).toMatch(/requires comparison\.json and none was given/);
  });

  it.each([
    [
      ['--comparison', 'nope.json'],
      'mlgate gate: comparison file nope.json: no such file (give the comparison.json an earlier mlgate step wrote).',
    ],
    [
      ['--evaluation', 'pass/results/comparison.json'],
      /^mlgate gate: evaluation file pass\/results\/comparison\.json: key "passed" is missing .*it looks like comparison\.json/,
    ],
    [
      [...files('pass', ['drift']), '--drift-policy', 'warning'],
      'mlgate gate: --drift-policy is "warning": expected one of fail, warn, ignore (did you mean "warn"?).',
    ],
    [[], /^mlgate gate: The gate needs at least one result file/],
    [
      [...files('fail', ['comparison']), '--override'],
      'mlgate gate: --override needs --override-reason: say why the gate may be let through.',
    ],
    [['--comparsion', 'x'], /^mlgate gate: Unknown option '--comparsion'/],
  ] as const)('bad input %j: exit 2 with one line', (args, message) => {
    const r = gate([...args, '--out', 'o7']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    if (typeof message === 'string') expect(lines[0]).toBe(message);
    else expect(lines[0]).toMatch(message);
    expect(existsSync(join(dir, 'o7', 'verdict.json'))).toBe(false);
  });

  it('--help', () => {
    const r = gate(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mlgate gate/);
  });
});
