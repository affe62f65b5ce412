/**
 * drift-check's reference from a registry version (issue 6 item 1): the reference data a version
 * recorded (by path and sha256) is the reference, for the CLI on the local store and for the bundled
 * actions on GitHub Releases (the GitHub fake).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

const cli = join(repoRoot, 'dist/cli.js');
let cwd: string;

function mlgate(...args: string[]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GITHUB_')) delete env[key];
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env });
}

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'mlgate-drift-ref-'));
  for (const f of ['model.onnx', 'penguins.csv', 'penguins-new-batch.csv']) {
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(cwd, f));
  }
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('mlgate drift --reference-from', () => {
  it('compares with the reference data the production version recorded, and says which version', () => {
    expect(
      mlgate('release', '--model', 'model.onnx', '--name', 'penguins', '--reference-data', 'penguins.csv')
        .status,
    ).toBe(0);
    expect(
      mlgate('promote', '--name', 'penguins', '--version', '0.1.0', '--stage', 'production').status,
    ).toBe(0);
    const r = mlgate(
      'drift',
      '--reference-from',
      'penguins#production',
      '--current',
      'penguins-new-batch.csv',
      '--exclude',
      'id',
      '--fail-on-drift',
      'false',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      'Reference data of penguins@v0.1.0 (penguins#production): 1 file(s), sha256 verified.',
    );
    const drift = JSON.parse(readFileSync(join(cwd, 'mlgate-out/drift.json'), 'utf8'));
    expect(drift.reference).toMatchObject({
      files: ['penguins.csv'],
      rows: 344,
      registry: { ref: 'penguins#production', tag: 'penguins@v0.1.0' },
    });
    // The same numbers as naming the file directly.
    const direct = mlgate(
      'drift',
      '--reference',
      'penguins.csv',
      '--current',
      'penguins-new-batch.csv',
      '--exclude',
      'id',
      '--fail-on-drift',
      'false',
      '--out',
      'direct',
    );
    expect(direct.status).toBe(0);
    const plain = JSON.parse(readFileSync(join(cwd, 'direct/drift.json'), 'utf8'));
    expect(plain.columns).toEqual(drift.columns);
  });

  it('refuses reference data that changed since the version was recorded', () => {
    mlgate('release', '--model', 'model.onnx', '--name', 'penguins', '--reference-data', 'penguins.csv');
    appendFileSync(join(cwd, 'penguins.csv'), '');
    appendFileSync(join(cwd, 'penguins.csv'), '\n');
    const r = mlgate('drift', '--reference-from', 'penguins@v0.1.0', '--current', 'penguins-new-batch.csv');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /penguins\.csv has sha256 \w+, but penguins@v0\.1\.0 recorded its reference data with \w+/,
    );
  });

  it.each([
    [['--reference-from', 'penguins@latest'], 'records no reference data'],
    [['--reference-from', 'penguins#staging'], 'has no stage "staging"'],
    [['--reference-from', 'penguins'], 'names no registry version'],
    [['--reference-from', 'penguins@latest', '--reference', 'penguins.csv'], 'exclude each other'],
    [['--reference', 'penguins.csv', '--registry', 'x'], '--registry is for --reference-from'],
  ])('exits 2 for %j', (args, message) => {
    mlgate('release', '--model', 'model.onnx', '--name', 'penguins');
    const r = mlgate('drift', ...args, '--current', 'penguins-new-batch.csv');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('drift-check reference-from on GitHub Releases', () => {
  let fake: GitHubFake;
  beforeEach(async () => {
    fake = await startGitHubFake({ repos: ['octo/models'] });
  });
  afterEach(async () => {
    expect(fake.validationFailures).toEqual([]);
    await fake.close();
  });

  it('reads the manifest of the stage from the release and uses its reference data', async () => {
    const env = {
      GITHUB_API_URL: fake.url,
      GITHUB_TOKEN: 't',
      MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
      GITHUB_SHA: 'a'.repeat(40),
    };
    const released = await runBundledActionAsync(
      'dist/actions/record-release.js',
      {
        name: 'penguins',
        model: 'model.onnx',
        'reference-data': 'penguins.csv',
        stage: 'production',
        artifact: 'false',
      },
      { workspace: cwd, env },
    );
    expect(released.status).toBe(0);
    const drift = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      {
        'reference-from': 'penguins#production',
        current: 'penguins-new-batch.csv',
        exclude: 'id',
        'fail-on-drift': 'false',
        issue: 'false',
      },
      { workspace: cwd, env },
    );
    expect(drift.stderr).toBe('');
    expect(drift.status).toBe(0);
    expect(drift.stdout).toContain('Reference data of penguins@v0.1.0 (penguins#production)');
    expect(drift.outputs.drifted).toBe('true');
    const result = JSON.parse(readFileSync(join(cwd, 'mlgate-out/drift.json'), 'utf8'));
    expect(result.reference.registry).toEqual({ ref: 'penguins#production', tag: 'penguins@v0.1.0' });
  });
});
