/**
 * The bundled record-release action as the runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * GITHUB_API_URL at the GitHub fake, the Actions results service fake for the artifact): release,
 * rerun, promote with a deployment, rollback, versions, resolve, and the failures users meet.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { startResultsService, type ResultsService } from '../github-fake/results-service.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

const fullName = 'octo/models';
let fake: GitHubFake;
let results: ResultsService;
let workspace: string;

const modelBytes = () => readFileSync(join(workspace, 'model.onnx'));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeEach(async () => {
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'read-only': { permissions: { contents: 'read' } } },
  });
  results = await startResultsService();
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-record-release-'));
  copyFileSync(join(repoRoot, 'examples/penguins/model.onnx'), join(workspace, 'model.onnx'));
  copyFileSync(join(repoRoot, 'examples/penguins/model-small.onnx'), join(workspace, 'model-small.onnx'));
  writeFileSync(
    join(workspace, 'evaluation.json'),
    JSON.stringify({
      schemaVersion: 1,
      task: 'multiclass',
      passed: true,
      rows: 134,
      model: { sha256: sha(modelBytes()) },
      metrics: { accuracy: 0.9925, f1_macro: 0.9911 },
      mapping: { classes: ['Adelie', 'Chinstrap', 'Gentoo'] },
    }),
  );
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  expect(results.validationFailures).toEqual([]);
  await fake.close();
  await results.close();
  rmSync(workspace, { recursive: true, force: true });
});

function run(inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runBundledActionAsync(
    'dist/actions/record-release.js',
    { name: 'penguins', token: 'test-token', ...inputs },
    {
      workspace,
      env: {
        // GITHUB_SERVER_URL github.com among them: @actions/artifact refuses Enterprise Server.
        ...results.env,
        GITHUB_API_URL: fake.url,
        GITHUB_TOKEN: 'test-token',
        GITHUB_RUN_ID: '900',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_SHA: 'a'.repeat(40),
        GITHUB_REF: 'refs/heads/main',
        GITHUB_ACTOR: 'alice',
        GITHUB_EVENT_NAME: 'push',
        MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
        ...env,
      },
    },
  );
}

const published = () => fake.repo(fullName).releases.filter((r) => !r.draft);

describe('record-release, as the runner runs it', () => {
  it('records a version as a published release with verified assets, a staging tag and an artifact', async () => {
    const r = await run({ model: 'model.onnx', evaluation: 'evaluation.json', stage: 'staging' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({
      version: '0.1.0',
      tag: 'penguins@v0.1.0',
      outcome: 'created',
      sha256: sha(modelBytes()),
      stage: 'staging',
      'stage-tag': 'penguins#staging#1',
      changed: 'true',
      'release-url': 'https://github.com/octo/models/releases/tag/penguins%40v0.1.0',
    });
    const [release] = published();
    expect(release.tagName).toBe('penguins@v0.1.0');
    const assets = new Map(release.assets.map((a) => [a.name, a.data]));
    expect([...assets.keys()].sort()).toEqual([
      'evaluation.json',
      'manifest.json',
      'model-card.md',
      'model.onnx',
    ]);
    expect(assets.get('model.onnx')).toEqual(modelBytes());
    const manifest = JSON.parse(assets.get('manifest.json')!.toString());
    expect(manifest).toMatchObject({
      name: 'penguins',
      version: '0.1.0',
      task: 'multiclass',
      verdict: 'pass',
      metrics: { accuracy: 0.9925 },
      git: { repository: 'octo/models', commit: 'a'.repeat(40), ref: 'refs/heads/main' },
      workflow_run_url: 'https://github.com/octo/models/actions/runs/900',
    });
    expect(manifest.model.signature.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(release.body).toContain('# penguins v0.1.0');
    expect(fake.repo(fullName).refs.has('refs/tags/penguins#staging#1')).toBe(true);
    // The workflow artifact holds the same files.
    expect(results.artifacts).toHaveLength(1);
    expect(results.artifacts[0].name).toBe('mlgate-penguins-v0.1.0');
    expect([...results.artifacts[0].files.keys()].sort()).toEqual([...assets.keys()].sort());
    expect(results.artifacts[0].files.get('model.onnx')).toEqual(modelBytes());
    expect(r.outputs['artifact-id']).toBe(String(results.artifacts[0].id));
    expect(r.summary).toContain('penguins@v0.1.0');
    const written = JSON.parse(readFileSync(join(workspace, 'mlgate-out/release.json'), 'utf8'));
    expect(written).toMatchObject({
      tag: 'penguins@v0.1.0',
      outcome: 'created',
      registry: { kind: 'github' },
    });
  });

  it('does nothing on a rerun: no second release, no new stage tag, no second artifact', async () => {
    await run({ model: 'model.onnx', evaluation: 'evaluation.json', stage: 'staging' });
    const r = await run({ model: 'model.onnx', evaluation: 'evaluation.json', stage: 'staging' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ outcome: 'unchanged', version: '0.1.0', changed: 'false' });
    expect(fake.repo(fullName).releases).toHaveLength(1);
    expect([...fake.repo(fullName).refs.keys()].filter((k) => k.includes('#'))).toEqual([
      'refs/tags/penguins#staging#1',
    ]);
    expect(results.artifacts).toHaveLength(1);
  });

  it('bumps major for a model whose inputs break callers, promotes with a deployment, rolls back', async () => {
    await run({ model: 'model.onnx', evaluation: 'evaluation.json' });
    const second = await run({ model: 'model-small.onnx' });
    expect(second.outputs).toMatchObject({ version: '1.0.0', 'previous-version': '0.1.0' });
    expect(second.summary).toContain('Breaking changes');

    const p1 = await run({
      operation: 'promote',
      version: '0.1.0',
      stage: 'production',
      environment: 'production',
    });
    expect(p1.status).toBe(0);
    const p2 = await run(
      { operation: 'promote', version: '1.0.0', stage: 'production', environment: 'production' },
      { GITHUB_RUN_ID: '901' },
    );
    expect(p2.outputs).toMatchObject({
      version: '1.0.0',
      'from-version': '0.1.0',
      'stage-tag': 'penguins#production#2',
    });
    const deployments = fake.repo(fullName).deployments;
    expect(deployments.map((d) => d.ref)).toEqual(['penguins@v0.1.0', 'penguins@v1.0.0']);
    expect(p2.outputs['deployment-id']).toBe(String(deployments[1].id));

    const back = await run({ operation: 'rollback', stage: 'production' }, { GITHUB_RUN_ID: '902' });
    expect(back.status).toBe(0);
    expect(back.outputs).toMatchObject({
      version: '0.1.0',
      'from-version': '1.0.0',
      'stage-tag': 'penguins#production#3',
    });
    // A rerun of the same run does not roll back a second time.
    const again = await run({ operation: 'rollback', stage: 'production' }, { GITHUB_RUN_ID: '902' });
    expect(again.outputs).toMatchObject({ version: '0.1.0', changed: 'false' });

    const listed = await run({ operation: 'versions' });
    const versions = JSON.parse(readFileSync(join(workspace, 'mlgate-out/versions.json'), 'utf8'));
    expect(versions.versions.map((v: { version: string }) => v.version)).toEqual(['0.1.0', '1.0.0']);
    expect(versions.stages).toEqual({ production: '0.1.0' });
    expect(listed.outputs.latest).toBe('1.0.0');

    const resolved = await run({ operation: 'resolve', stage: 'production' });
    expect(resolved.status).toBe(0);
    expect(resolved.outputs.version).toBe('0.1.0');
    expect(readFileSync(resolved.outputs['model-path'])).toEqual(modelBytes());
  });

  it('fails with exit code 2 and the permission to grant when the token may only read', async () => {
    const r = await run({ model: 'model.onnx', token: 'read-only' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error::');
    expect(r.stdout).toContain('permissions: contents: write');
    expect(fake.repo(fullName).releases).toHaveLength(0);
  });

  it('refuses a name a tag cannot hold before anything is sent', async () => {
    const r = await run({ model: 'model.onnx', name: 'Penguins Model' });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(
      /model name "Penguins Model" cannot be part of a registry tag.*"penguins-model"/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses an evaluation of another model', async () => {
    const r = await run({ model: 'model-small.onnx', evaluation: 'evaluation.json' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('evaluated a model with sha256');
    expect(fake.repo(fullName).releases).toHaveLength(0);
  });

  it('exits 75 with nothing published when GitHub keeps failing during uploads, and a rerun resumes', async () => {
    fake.injectFault({
      match: 'repos/upload-release-asset',
      fault: { type: 'status', status: 502 },
      times: Infinity,
    });
    const r = await run({ model: 'model.onnx' }, { MLGATE_GITHUB_RETRY_DELAY_MS: '1' });
    expect(r.status).toBe(75);
    expect(r.stdout).toMatch(/::error::.*502.*Nothing was published; rerun the job to resume/);
    expect(published()).toHaveLength(0);
    fake.clearFaults();
    const again = await run({ model: 'model.onnx' });
    expect(again.status).toBe(0);
    expect(again.outputs.outcome).toBe('resumed');
    expect(published()).toHaveLength(1);
  }, 60_000);

  it('refuses attest without an OIDC token before anything is published', async () => {
    const r = await run({ model: 'model.onnx', attest: 'true' });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(
      /::error::Attesting the verdict of penguins needs an OIDC token.*id-token: write/,
    );
    expect(fake.repo(fullName).releases).toHaveLength(0);
  });

  it('says which inputs an operation needs', async () => {
    const r = await run({ operation: 'promote', stage: 'production' });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('Input "version" is required to promote');
  });
});
