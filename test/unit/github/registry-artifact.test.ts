import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  artifactName,
  uploadVersionArtifact,
  type ArtifactUploadRequest,
} from '../../../src/github/registry/artifact.js';
import { startResultsService, type ResultsService } from '../../github-fake/results-service.js';

const DAY_MS = 24 * 3600 * 1000;

let fake: ResultsService;
let work: string;
let runnerTemp: string;
let stdout: string[];
let savedEnv: NodeJS.ProcessEnv;

beforeEach(async () => {
  savedEnv = { ...process.env };
  fake = await startResultsService();
  work = mkdtempSync(join(tmpdir(), 'mlgate-artifact-test-'));
  runnerTemp = join(work, 'runner-temp');
  mkdirSync(runnerTemp);
  // @actions/core writes workflow commands (::debug::, ::add-mask::) to stdout; keep them to check.
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.env = savedEnv;
  await fake.close();
  rmSync(work, { recursive: true, force: true });
});

/** The version's files in three folders, as the registry has them (model, generated files, results). */
function versionFiles(modelBytes = 300_000): { req: ArtifactUploadRequest; bytes: Map<string, Buffer> } {
  const bytes = new Map<string, Buffer>([
    ['model.onnx', randomBytes(modelBytes)],
    ['manifest.json', Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'churn', version: '1.2.0' }))],
    ['model-card.md', Buffer.from('# churn v1.2.0\n\nIntended use: tests.\n')],
  ]);
  const folders = { 'model.onnx': 'models', 'manifest.json': 'out/registry', 'model-card.md': 'out/card' };
  const files = [...bytes].map(([name, data]) => {
    const dir = join(work, folders[name as keyof typeof folders]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), data);
    return { name, path: join(dir, name) };
  });
  return { req: { name: artifactName('churn', '1.2.0'), files }, bytes };
}

const env = () => ({ ...fake.env, RUNNER_TEMP: runnerTemp });

describe('artifactName', () => {
  it('names the model and version', () => {
    expect(artifactName('churn', '1.2.0')).toBe('mlgate-churn-v1.2.0');
  });
  it("turns a GTO name's '/' into '_', distinct from the same name with '-'", () => {
    expect(artifactName('team/churn', '2.0.0')).toBe('mlgate-team_churn-v2.0.0');
    expect(artifactName('team/churn', '2.0.0')).not.toBe(artifactName('team-churn', '2.0.0'));
  });
});

describe('uploadVersionArtifact through @actions/artifact to the fake results service', () => {
  it('uploads a zip holding exactly the files, with their bytes, at its root', async () => {
    // Above the client's 8 MiB chunk, so the blob is committed from more than one block.
    const { req, bytes } = versionFiles(9 * 1024 * 1024);
    const logger = getRecordingLogger();

    const outcome = await uploadVersionArtifact(req, logger, env());

    expect(fake.validationFailures).toEqual([]);
    expect(fake.artifacts).toHaveLength(1);
    const [artifact] = fake.artifacts;
    expect(artifact.name).toBe('mlgate-churn-v1.2.0');
    expect([...artifact.files.keys()].sort()).toEqual(['manifest.json', 'model-card.md', 'model.onnx']);
    for (const [name, data] of bytes) expect(artifact.files.get(name)?.equals(data)).toBe(true);
    expect(artifact.blocks).toBe(Math.ceil(artifact.zip.length / (8 * 1024 * 1024)));
    expect(artifact.blocks).toBeGreaterThan(1);
    expect(artifact.mimeType).toBe('application/zip');
    expect(artifact.blobContentType).toBe('application/zip');
    expect(outcome).toEqual({
      uploaded: true,
      id: artifact.id,
      size: artifact.zip.length,
      digest: createHash('sha256').update(artifact.zip).digest('hex'),
    });
    expect(logger.messages).toContainEqual({
      level: 'info',
      message: expect.stringContaining(
        `Uploaded the workflow artifact mlgate-churn-v1.2.0 (id ${artifact.id}`,
      ),
    });
    // The staging folder is gone, and the library warned about nothing.
    expect(readdirSync(runnerTemp)).toEqual([]);
    expect(stdout.join('')).not.toMatch(/::(warning|error)/);
  });

  it('restores process.env after taking the runner variables from env', async () => {
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    process.env.GITHUB_RETENTION_DAYS = '1';
    await uploadVersionArtifact({ ...versionFiles().req, retentionDays: 30 }, getRecordingLogger(), env());
    expect(process.env.ACTIONS_RUNTIME_TOKEN).toBeUndefined();
    expect(process.env.GITHUB_RETENTION_DAYS).toBe('1');
    // env has no GITHUB_RETENTION_DAYS, so the process's did not cap the retention.
    const expires = Date.parse(fake.artifacts[0].expiresAt ?? '');
    expect(expires - Date.now()).toBeGreaterThan(29 * DAY_MS);
  });

  it('puts the retention days into the CreateArtifact request', async () => {
    const before = Date.now();
    await uploadVersionArtifact({ ...versionFiles().req, retentionDays: 7 }, getRecordingLogger(), env());
    const after = Date.now();
    const create = fake.calls.find((c) => c.method === 'CreateArtifact');
    expect(create?.body.version).toBe(7);
    const expires = Date.parse(String(create?.body.expires_at));
    // The library adds days on the local calendar (setDate), so a DST change may shift it by an hour.
    expect(expires).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 3600_000);
    expect(expires).toBeLessThanOrEqual(after + 7 * DAY_MS + 3600_000);
    expect(fake.artifacts[0].expiresAt).toBe(create?.body.expires_at);
  });

  it('sends no expiry without retention days (the repository default applies)', async () => {
    await uploadVersionArtifact(versionFiles().req, getRecordingLogger(), env());
    expect(fake.calls.find((c) => c.method === 'CreateArtifact')?.body).not.toHaveProperty('expires_at');
  });

  it("caps the retention at the repository's maximum (GITHUB_RETENTION_DAYS) and says so", async () => {
    const logger = getRecordingLogger();
    const before = Date.now();
    await uploadVersionArtifact({ ...versionFiles().req, retentionDays: 30 }, logger, {
      ...env(),
      GITHUB_RETENTION_DAYS: '5',
    });
    const expires = Date.parse(fake.artifacts[0].expiresAt ?? '');
    expect(Math.round((expires - before) / DAY_MS)).toBe(5);
    expect(logger.messages).toContainEqual({
      level: 'info',
      message: expect.stringContaining(
        "artifact-retention-days 30 is above this repository's maximum of 5 days",
      ),
    });
    expect(stdout.join('')).not.toMatch(/::warning/);
  });

  it('reports a name the run already holds (a rerun of the step) as already uploaded, not a failure', async () => {
    const { req } = versionFiles();
    fake.injectConflict(req.name);
    const logger = getRecordingLogger();
    const outcome = await uploadVersionArtifact(req, logger, env());
    expect(outcome).toEqual({
      uploaded: false,
      reason: 'already uploaded: this workflow run has an artifact named mlgate-churn-v1.2.0',
    });
    expect(logger.messages).toContainEqual({
      level: 'info',
      message: expect.stringContaining('already has an artifact named mlgate-churn-v1.2.0'),
    });
    expect(fake.calls.map((c) => [c.method, c.status])).toEqual([['CreateArtifact', 409]]);
    expect(fake.artifacts).toEqual([]);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('uploads once when the same step runs twice in the run', async () => {
    const { req } = versionFiles();
    expect((await uploadVersionArtifact(req, getRecordingLogger(), env())).uploaded).toBe(true);
    const second = await uploadVersionArtifact(req, getRecordingLogger(), env());
    expect(second).toMatchObject({ uploaded: false, reason: expect.stringMatching(/^already uploaded/) });
    expect(fake.artifacts).toHaveLength(1);
  });

  it('throws an error naming the failed call when the service refuses', async () => {
    fake.injectFailure({ at: 'CreateArtifact', status: 403, message: 'the job may not upload artifacts' });
    await expect(uploadVersionArtifact(versionFiles().req, getRecordingLogger(), env())).rejects.toThrow(
      /^Uploading the workflow artifact mlgate-churn-v1\.2\.0 failed: Failed to CreateArtifact: .*\(403\).*the job may not upload artifacts/,
    );
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('throws when blob storage refuses a block, and finalizes nothing', async () => {
    fake.injectFailure({ at: 'block', status: 403, code: 'AuthorizationFailure', message: 'not this time' });
    await expect(uploadVersionArtifact(versionFiles().req, getRecordingLogger(), env())).rejects.toThrow(
      'Uploading the workflow artifact mlgate-churn-v1.2.0 failed: blob storage answered 403 (AuthorizationFailure): not this time',
    );
    expect(fake.calls.map((c) => c.method)).toEqual(['CreateArtifact']);
    expect(fake.artifacts).toEqual([]);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('throws when the service cannot be reached', async () => {
    const { req } = versionFiles();
    await fake.close();
    await expect(uploadVersionArtifact(req, getRecordingLogger(), env())).rejects.toThrow(
      /^Uploading the workflow artifact mlgate-churn-v1\.2\.0 failed: Failed to CreateArtifact: Unable to make request: ECONNREFUSED/,
    );
    expect(readdirSync(runnerTemp)).toEqual([]);
  });

  it('throws naming a file that is missing, before calling the service', async () => {
    const { req } = versionFiles();
    const gone = join(work, 'nowhere', 'evaluation.json');
    await expect(
      uploadVersionArtifact(
        { ...req, files: [...req.files, { name: 'evaluation.json', path: gone }] },
        getRecordingLogger(),
        env(),
      ),
    ).rejects.toThrow(`cannot read ${gone}`);
    expect(fake.calls).toEqual([]);
    expect(readdirSync(runnerTemp)).toEqual([]);
  });
});

describe('uploadVersionArtifact outside Actions', () => {
  it('names both variables when neither is set, without throwing', async () => {
    expect(await uploadVersionArtifact(versionFiles().req, getRecordingLogger(), {})).toEqual({
      uploaded: false,
      reason: 'not inside a GitHub Actions job: ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set',
    });
  });

  it('names the one that is missing', async () => {
    const outcome = await uploadVersionArtifact(versionFiles().req, getRecordingLogger(), {
      ACTIONS_RUNTIME_TOKEN: fake.runtimeToken,
    });
    expect(outcome).toEqual({
      uploaded: false,
      reason: 'not inside a GitHub Actions job: ACTIONS_RESULTS_URL is not set',
    });
    expect(fake.calls).toEqual([]);
  });

  it('skips GitHub Enterprise Server, which the artifacts v4 service does not serve', async () => {
    const outcome = await uploadVersionArtifact(versionFiles().req, getRecordingLogger(), {
      ...env(),
      GITHUB_SERVER_URL: 'https://github.example.com',
    });
    expect(outcome).toMatchObject({
      uploaded: false,
      reason: expect.stringContaining('GitHub Enterprise Server'),
    });
    expect(fake.calls).toEqual([]);
  });
});

describe('artifact retention days', () => {
  it.each([0, 91, 1.5, -3, Number.NaN])(
    'refuses %s naming the input artifact-retention-days',
    async (days) => {
      const attempt = uploadVersionArtifact(
        { ...versionFiles().req, retentionDays: days },
        getRecordingLogger(),
        env(),
      );
      await expect(attempt).rejects.toThrow(ConfigurationError);
      await expect(attempt).rejects.toThrow(
        `Input "artifact-retention-days" must be a whole number of days from 1 to 90; got "${days}".`,
      );
      expect(fake.calls).toEqual([]);
    },
  );

  it('refuses a bad value outside Actions too (a typo should not wait for the runner)', async () => {
    await expect(
      uploadVersionArtifact({ ...versionFiles().req, retentionDays: 120 }, getRecordingLogger(), {}),
    ).rejects.toThrow(ConfigurationError);
  });

  it.each([1, 90])('accepts %s', async (days) => {
    const outcome = await uploadVersionArtifact(
      { ...versionFiles().req, retentionDays: days },
      getRecordingLogger(),
      env(),
    );
    expect(outcome.uploaded).toBe(true);
  });
});

describe('the fake results service', () => {
  const call = (method: string, body: unknown, token = fake.runtimeToken) =>
    fetch(`${fake.url}/twirp/github.actions.results.api.v1.ArtifactService/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ids = () => ({
    workflow_run_backend_id: fake.workflowRunBackendId,
    workflow_job_run_backend_id: fake.workflowJobRunBackendId,
  });

  it('refuses another token with twirp unauthenticated', async () => {
    const res = await call('CreateArtifact', { ...ids(), name: 'a', version: 7 }, 'not-the-token');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
    expect(fake.validationFailures).toHaveLength(1);
  });

  it('refuses a Finalize whose size does not match the committed blob', async () => {
    const created = (await (await call('CreateArtifact', { ...ids(), name: 'a', version: 7 })).json()) as {
      signed_upload_url: string;
    };
    const block = new URL(created.signed_upload_url);
    block.searchParams.set('comp', 'block');
    block.searchParams.set('blockid', 'QUFB');
    expect((await fetch(block, { method: 'PUT', body: 'hello' })).status).toBe(201);
    const commit = new URL(created.signed_upload_url);
    commit.searchParams.set('comp', 'blocklist');
    const xml = '<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>QUFB</Latest></BlockList>';
    expect((await fetch(commit, { method: 'PUT', body: xml })).status).toBe(201);
    const res = await call('FinalizeArtifact', { ...ids(), name: 'a', size: '6' });
    expect(res.status).toBe(400);
    expect(fake.validationFailures).toEqual(['FinalizeArtifact: size 6 but the blob holds 5 bytes']);
    expect(fake.artifacts).toEqual([]);
  });
});
