/**
 * `mlgate release | promote | rollback | versions` end to end: the bundled CLI on a local registry in a
 * temporary folder, with the penguins models; exit codes, result files and the messages for mistakes.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

const cli = join(repoRoot, 'dist/cli.js');
let cwd: string;

function mlgate(...args: string[]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GITHUB_')) delete env[key];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const json = (path: string) => JSON.parse(readFileSync(join(cwd, path), 'utf8'));

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'mlgate-registry-cli-'));
  copyFileSync(join(repoRoot, 'examples/penguins/model.onnx'), join(cwd, 'model.onnx'));
  copyFileSync(join(repoRoot, 'examples/penguins/model-small.onnx'), join(cwd, 'small.onnx'));
  writeFileSync(
    join(cwd, 'card.md'),
    '## Intended use\n\nTeaching.\n\n## Limitations\n\nThree islands only.\n',
  );
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('mlgate registry commands on the local store', () => {
  it('records, promotes, rolls back and lists, with versions.json as DESIGN §4 gives it', () => {
    const first = mlgate('release', '--model', 'model.onnx', '--name', 'penguins', '--card', 'card.md');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('penguins@v0.1.0 recorded in the local registry .mlgate/registry');
    const card = readFileSync(join(cwd, '.mlgate/registry/penguins/@v0.1.0/model-card.md'), 'utf8');
    expect(card).toContain('## Intended use');
    expect(card).toContain('Three islands only.');

    const second = mlgate('release', '--model', 'small.onnx', '--name', 'penguins', '--bump', 'minor');
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('penguins@v0.2.0 recorded');
    expect(second.stdout).toContain('breaking: input "Beak Length (mm)" removed');
    expect(json('mlgate-out/release.json')).toMatchObject({
      version: '0.2.0',
      previous_version: '0.1.0',
      outcome: 'created',
    });

    expect(
      mlgate('promote', '--name', 'penguins', '--version', '0.1.0', '--stage', 'production').status,
    ).toBe(0);
    const promoted = mlgate('promote', '--name', 'penguins', '--version', 'v0.2.0', '--stage', 'production');
    expect(promoted.stdout).toContain('penguins production → 0.2.0 (was 0.1.0): penguins#production#2');
    expect(json('mlgate-out/stage.json')).toMatchObject({
      operation: 'promote',
      version: '0.2.0',
      from: '0.1.0',
    });

    const back = mlgate('rollback', '--name', 'penguins', '--stage', 'production');
    expect(back.status).toBe(0);
    expect(back.stdout).toContain('penguins production → 0.1.0 (was 0.2.0)');

    const listed = mlgate('versions', '--name', 'penguins');
    expect(listed.status).toBe(0);
    const versions = json('mlgate-out/versions.json');
    expect(Object.keys(versions.versions[0]).sort()).toEqual(
      expect.arrayContaining(['created_at', 'sha256', 'version']),
    );
    expect(versions.versions.map((v: { version: string }) => v.version)).toEqual(['0.1.0', '0.2.0']);
    expect(versions.stages).toEqual({ production: '0.1.0' });
    expect(versions.history.map((h: { tag: string; kind: string }) => `${h.tag} ${h.kind}`)).toEqual([
      'penguins#production#1 promote',
      'penguins#production#2 promote',
      'penguins#production#3 rollback',
    ]);
  });

  it('records nothing new when the same model is released again', () => {
    mlgate('release', '--model', 'model.onnx', '--name', 'penguins');
    const again = mlgate('release', '--model', 'model.onnx', '--name', 'penguins');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already recorded');
    expect(readdirSync(join(cwd, '.mlgate/registry/penguins')).filter((e) => e.startsWith('@v'))).toEqual([
      '@v0.1.0',
    ]);
  });

  it.each([
    [['release', '--name', 'penguins'], '--model is required'],
    [['release', '--model', 'missing.onnx', '--name', 'penguins'], 'missing.onnx'],
    [['release', '--model', 'model.onnx', '--name', 'Penguins_v2'], 'cannot be part of a registry tag'],
    [
      ['release', '--model', 'model.onnx', '--name', 'penguins', '--version', '1.2'],
      'is not a semantic version',
    ],
    [['release', '--model', 'model.onnx', '--name', 'penguins', '--bump', 'huge'], '--bump must be one of'],
    [
      ['release', '--model', 'model.onnx', '--name', 'penguins', '--bump', 'minor', '--version', '1.0.0'],
      'exclude each other',
    ],
    [
      ['release', '--model', 'model.onnx', '--name', 'penguins', '--card', 'nope.md'],
      'nope.md: no such file',
    ],
    [
      ['promote', '--name', 'penguins', '--version', '9.9.9', '--stage', 'production'],
      'has no recorded versions',
    ],
    [['rollback', '--name', 'penguins', '--stage', 'production'], 'has no stage "production"'],
    [['promote', '--name', 'penguins', '--version', '1.0.0', '--stage', 'Prod!'], 'the stage "Prod!"'],
  ])('exits 2 with one line for %j', (args, message) => {
    const r = mlgate(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // Nothing half-written.
    expect(
      existsSync(join(cwd, '.mlgate/registry/penguins')) &&
        readdirSync(join(cwd, '.mlgate/registry/penguins')).some((e) => e.startsWith('@v')),
    ).toBe(false);
  });

  it('refuses another model under an existing version, and keeps the first', () => {
    mlgate('release', '--model', 'model.onnx', '--name', 'penguins', '--version', '1.0.0');
    const r = mlgate('release', '--model', 'small.onnx', '--name', 'penguins', '--version', '1.0.0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/penguins@v1\.0\.0 already exists .* another model .* versions are immutable/);
    const manifest = JSON.parse(
      readFileSync(join(cwd, '.mlgate/registry/penguins/@v1.0.0/manifest.json'), 'utf8'),
    );
    expect(readFileSync(join(cwd, 'model.onnx')).length).toBe(manifest.model.size_bytes);
  });

  it('uses --registry DIR and removes a stale release.json when a release fails', () => {
    mkdirSync(join(cwd, 'mlgate-out'));
    writeFileSync(join(cwd, 'mlgate-out/release.json'), '{"stale":true}');
    const bad = mlgate('release', '--model', 'missing.onnx', '--name', 'penguins', '--registry', 'reg');
    expect(bad.status).toBe(2);
    expect(existsSync(join(cwd, 'mlgate-out/release.json'))).toBe(false);
    const ok = mlgate('release', '--model', 'model.onnx', '--name', 'penguins', '--registry', 'reg');
    expect(ok.status).toBe(0);
    expect(existsSync(join(cwd, 'reg/penguins/@v0.1.0/model.onnx'))).toBe(true);
  });

  it('needs a token for --registry github', () => {
    const r = mlgate('versions', '--name', 'penguins', '--registry', 'github');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('GITHUB_TOKEN');
  });
});
