import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

const cli = join(repoRoot, 'dist/cli.js');
const penguins = join(repoRoot, 'examples/penguins');

function mlgate(args: string[], cwd = mkdtempSync(join(tmpdir(), 'mlgate-cli-'))) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

describe('mlgate CLI (bundled dist)', () => {
  it('starts with a shebang so the package bin works', () => {
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it.each([['validate'], ['infer-schema']])('prints help for %s and exits 0', (command) => {
    const r = mlgate([command, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: mlgate ${command}`);
  });

  it('lists the commands on --help and the version on --version', () => {
    expect(mlgate(['--help']).stdout).toMatch(/validate\s+validate data files/);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(mlgate(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 on an unknown command or option, naming it', () => {
    const a = mlgate(['valdate']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('unknown command "valdate"');
    const b = mlgate(['validate', '--dataa', 'x.csv']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain("'--dataa'");
  });

  it('exits 0 on valid data and writes validation.json and validation.md to --out', () => {
    const r = mlgate(['validate', '--config', join(penguins, 'mlgate.yml'), '--out', 'results']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Validation PASSED: 344 rows in 1 file/m);
    const result = JSON.parse(readFileSync(join(r.cwd, 'results/validation.json'), 'utf8'));
    expect(result.passed).toBe(true);
    expect(existsSync(join(r.cwd, 'results/validation.md'))).toBe(true);
  });

  it('exits 1 when validation fails and prints where each violation is', () => {
    const r = mlgate([
      'validate',
      '--data',
      join(penguins, 'penguins-new-batch.csv'),
      '--schema',
      join(penguins, 'penguins.schema.json'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Validation FAILED: 40 rows/m);
    expect(r.stdout).toMatch(
      /row 10 \(line 11\), Species: \[enum\] must be equal to one of the allowed values \(got "Emperor"\)/,
    );
  });

  it('exits 2 on a missing data file with one line naming it, and writes nothing', () => {
    const r = mlgate(['validate', '--data', 'nope.csv', '--schema', join(penguins, 'penguins.schema.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mlgate validate: .*nope\.csv/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(r.cwd, 'mlgate-out'))).toBe(false);
  });

  it('exits 2 naming the output folder when it cannot be written', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mlgate-cli-'));
    writeFileSync(join(cwd, 'taken'), 'a file, not a folder');
    const r = mlgate(['validate', '--config', join(penguins, 'mlgate.yml'), '--out', 'taken'], cwd);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mlgate validate: cannot write the results to .*taken: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('leaves no stale validation.json from an earlier run when a run stops on a mistake', () => {
    const first = mlgate(['validate', '--config', join(penguins, 'mlgate.yml'), '--out', 'out']);
    expect(existsSync(join(first.cwd, 'out/validation.json'))).toBe(true);
    const second = mlgate(
      [
        'validate',
        '--data',
        'missing.csv',
        '--schema',
        join(penguins, 'penguins.schema.json'),
        '--out',
        'out',
      ],
      first.cwd,
    );
    expect(second.status).toBe(2);
    expect(existsSync(join(first.cwd, 'out/validation.json'))).toBe(false);
    expect(existsSync(join(first.cwd, 'out/validation.md'))).toBe(false);
  });

  it('infers a schema and checks that the reference data then passes', () => {
    const data = join(penguins, 'penguins.csv');
    const inferred = mlgate(['infer-schema', '--data', data, '--out', 'draft']);
    expect(inferred.status).toBe(0);
    const schema = JSON.parse(readFileSync(join(inferred.cwd, 'draft/schema.json'), 'utf8'));
    expect(schema.properties.Species.enum.sort()).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    const validated = mlgate(
      ['validate', '--data', data, '--schema', 'draft/schema.json', '--checks', 'draft/checks.yml'],
      inferred.cwd,
    );
    expect(validated.stdout).toMatch(/^Validation PASSED/m);
    expect(validated.status).toBe(0);
  });
});
