/**
 * attestVerdict with an injected `attest`: the real Sigstore path (an OIDC token from the runner, a
 * Fulcio certificate, Rekor or GitHub's timestamp authority) cannot run here: there is no OIDC and no
 * network. What runs for real is @actions/attest's own storage step (writeAttestation, its POST to
 * /repos/{owner}/{repo}/attestations) against a local server, so the error mapping is pinned to the
 * messages the installed library actually throws.
 *
 * Modules that load @actions/github are imported in beforeAll, after GITHUB_API_URL points at the local
 * server: @actions/github reads it once, when it is first loaded.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import type * as AttestModule from '../../../src/github/registry/attest.js';
import type { AttestFn, VerdictAttestationRequest } from '../../../src/github/registry/attest.js';

type AttestOptions = Parameters<AttestFn>[0];
type Attestation = Awaited<ReturnType<AttestFn>>;

const modelSha = 'c3'.repeat(32);
const evaluationSha = '1e'.repeat(32);
const comparisonSha = 'c0'.repeat(32);
const runUrl = 'https://github.com/octo/models/actions/runs/42';
const oidcEnv: NodeJS.ProcessEnv = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/oidc?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-token',
  GITHUB_REPOSITORY: 'octo/models',
  GITHUB_SERVER_URL: 'https://github.com',
};

let attestModule: typeof AttestModule;
let server: Server;
let serverUrl: string;
let savedEnv: NodeJS.ProcessEnv;

/** What the local attestations API answers next, and what it was sent. */
let answer: { status: number; body: unknown } = { status: 201, body: { id: 4242 } };
const received: { method?: string; url?: string; authorization?: string; body: unknown }[] = [];

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readJson(request).then((body) => {
      received.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body,
      });
      response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.GITHUB_API_URL = serverUrl;
  attestModule = await import('../../../src/github/registry/attest.js');
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
});
beforeEach(() => {
  savedEnv = { ...process.env };
  received.length = 0;
  answer = { status: 201, body: { id: 4242 } };
});
afterEach(() => {
  process.env = savedEnv;
});

const request = (more: Partial<VerdictAttestationRequest> = {}): VerdictAttestationRequest => ({
  model: 'churn',
  version: '1.2.0',
  sha256: modelSha,
  verdict: 'pass',
  metrics: { accuracy: 0.9123, roc_auc: 0.95, log_loss: null },
  evaluationSha256: evaluationSha,
  comparisonSha256: comparisonSha,
  runUrl,
  ...more,
});

/** Stands in for @actions/attest's attest: records what it was given and returns a fixed attestation. */
function recordingAttest(result: Partial<Attestation> = { attestationID: '123456', tlogID: '98765' }) {
  const calls: AttestOptions[] = [];
  const attest = (async (options: AttestOptions) => {
    calls.push(options);
    return { bundle: {} as Attestation['bundle'], certificate: 'PEM', ...result };
  }) as AttestFn;
  return { calls, attest };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('attestVerdict with an injected attest', () => {
  it("signs the model's digest as the subject and the verdict as the predicate", async () => {
    const { calls, attest } = recordingAttest();
    const logger = getRecordingLogger();
    const result = await attestModule.attestVerdict(request(), {
      token: 'ghs_token',
      env: oidcEnv,
      attest,
      logger,
    });

    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({
      subjects: [{ name: 'churn@v1.2.0/model.onnx', digest: { sha256: modelSha } }],
      predicateType: 'https://github.com/mlgate/mlgate/attestation/verdict/v1',
      predicate: {
        model: { name: 'churn', version: '1.2.0', tag: 'churn@v1.2.0', digest: { sha256: modelSha } },
        verdict: 'pass',
        metrics: { accuracy: 0.9123, roc_auc: 0.95, log_loss: null },
        evaluation: { name: 'evaluation.json', digest: { sha256: evaluationSha } },
        comparison: { name: 'comparison.json', digest: { sha256: comparisonSha } },
        run_url: runUrl,
      },
      token: 'ghs_token',
    });
    expect(calls[0].predicateType).toBe(attestModule.VERDICT_PREDICATE_TYPE);
    expect(result).toEqual({
      attestationId: '123456',
      url: 'https://github.com/octo/models/attestations/123456',
      tlogId: '98765',
    });
    expect(logger.messages.map((m) => m.message)).toContain(
      `Attested the verdict of churn@v1.2.0 (model sha256 ${modelSha}, verdict pass): ` +
        'https://github.com/octo/models/attestations/123456, transparency log entry 98765.',
    );
  });

  it('writes nulls for what is unknown and lower-cases the digests', async () => {
    const { calls, attest } = recordingAttest({});
    const result = await attestModule.attestVerdict(
      request({
        sha256: modelSha.toUpperCase(),
        verdict: null,
        metrics: {},
        evaluationSha256: undefined,
        comparisonSha256: '',
        runUrl: undefined,
      }),
      { token: 't', env: oidcEnv, attest, logger: getRecordingLogger() },
    );
    expect(calls[0].subjects).toEqual([{ name: 'churn@v1.2.0/model.onnx', digest: { sha256: modelSha } }]);
    expect(calls[0].predicate).toEqual({
      model: { name: 'churn', version: '1.2.0', tag: 'churn@v1.2.0', digest: { sha256: modelSha } },
      verdict: null,
      metrics: {},
      evaluation: null,
      comparison: null,
      run_url: null,
    });
    // No attestation id (nothing stored): no URL either.
    expect(result).toEqual({});
  });

  it('builds the page URL from GITHUB_SERVER_URL (GitHub Enterprise Cloud with data residency)', async () => {
    const { attest } = recordingAttest({ attestationID: '7' });
    const result = await attestModule.attestVerdict(request(), {
      token: 't',
      env: { ...oidcEnv, GITHUB_SERVER_URL: 'https://octo.ghe.com/' },
      attest,
      logger: getRecordingLogger(),
    });
    expect(result.url).toBe('https://octo.ghe.com/octo/models/attestations/7');
  });
});

describe('attestVerdict before any signing', () => {
  it.each([
    ['ACTIONS_ID_TOKEN_REQUEST_URL', 'is'],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'is'],
  ])(
    'refuses a job without %s, naming the permissions and where GitHub offers attestations',
    async (name) => {
      const { calls, attest } = recordingAttest();
      const env = { ...oidcEnv };
      delete env[name];
      const error = await rejection(
        attestModule.attestVerdict(request(), { token: 't', env, attest, logger: getRecordingLogger() }),
      );
      expect(error).toBeInstanceOf(ConfigurationError);
      const message = (error as Error).message;
      expect(message).toContain(
        `Attesting the verdict of churn@v1.2.0 needs an OIDC token, and ${name} is not set`,
      );
      expect(message).toContain('`permissions:` `id-token: write` and `attestations: write`');
      expect(message).toContain(
        'GitHub offers artifact attestations in public repositories on all current plans, and in private or ' +
          'internal repositories only on GitHub Enterprise Cloud.',
      );
      expect(calls).toHaveLength(0);
    },
  );

  it('names both variables when neither is set (the default env of a job without id-token: write)', async () => {
    const { attest } = recordingAttest();
    const error = await rejection(
      attestModule.attestVerdict(request(), {
        token: 't',
        env: { GITHUB_REPOSITORY: 'octo/models' },
        attest,
        logger: getRecordingLogger(),
      }),
    );
    expect((error as Error).message).toContain(
      'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set',
    );
  });

  it('refuses outside a workflow run before loading @actions/attest (no attest injected)', async () => {
    const error = await rejection(
      attestModule.attestVerdict(request(), { token: 't', env: {}, logger: getRecordingLogger() }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('needs an OIDC token');
  });

  it('refuses a job without GITHUB_REPOSITORY, and an empty token', async () => {
    const { calls, attest } = recordingAttest();
    const logger = getRecordingLogger();
    const env = { ...oidcEnv, GITHUB_REPOSITORY: '' };
    await expect(attestModule.attestVerdict(request(), { token: 't', env, attest, logger })).rejects.toThrow(
      /needs GITHUB_REPOSITORY \(owner\/name\), which is not set/,
    );
    await expect(
      attestModule.attestVerdict(request(), { token: '', env: oidcEnv, attest, logger }),
    ).rejects.toThrow(/needs a token that may write attestations/);
    expect(calls).toHaveLength(0);
  });

  it.each<[string, Partial<VerdictAttestationRequest>, RegExp]>([
    ['no model', { model: '' }, /the model is "": expected the model's name/],
    ['a short model digest', { sha256: 'abc' }, /the model's sha256 is "abc": expected a sha256 of 64 hex/],
    [
      'an unknown verdict',
      { verdict: 'passed' as unknown as 'pass' },
      /the verdict is "passed": expected pass, fail, inconclusive or null/,
    ],
    [
      'a NaN metric',
      { metrics: { accuracy: Number.NaN } },
      /the metric accuracy is NaN: expected a finite number/,
    ],
    ['an infinite metric', { metrics: { mse: Infinity } }, /the metric mse is Infinity/],
    ['a bad evaluation digest', { evaluationSha256: 'z'.repeat(64) }, /the evaluation's sha256 is "z+"/],
    ['a run URL that is not http(s)', { runUrl: 'file:///tmp/x' }, /the run URL is "file:\/\/\/tmp\/x"/],
  ])('refuses %s as a ConfigurationError', async (_name, more, message) => {
    const { calls, attest } = recordingAttest();
    const error = await rejection(
      attestModule.attestVerdict(request(more), {
        token: 't',
        env: oidcEnv,
        attest,
        logger: getRecordingLogger(),
      }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^Attesting the verdict: /);
    expect((error as Error).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });
});

/** @actions/attest's storage step, loaded from its file (the package exports only its index). */
async function writeAttestation(): Promise<(bundle: object, token: string) => Promise<string | undefined>> {
  const path = resolve('node_modules/@actions/attest/lib/store.js');
  const store = (await import(pathToFileURL(path).href)) as {
    writeAttestation: (bundle: object, token: string) => Promise<string | undefined>;
  };
  return store.writeAttestation;
}

/** An attest that skips signing (no OIDC, no network here) and stores through the real writeAttestation. */
async function storingAttest(): Promise<AttestFn> {
  const write = await writeAttestation();
  return (async (options: AttestOptions) => {
    const attestationID = await write(
      { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
      options.token,
    );
    return { bundle: {} as Attestation['bundle'], certificate: 'PEM', attestationID };
  }) as AttestFn;
}

describe("attestVerdict with @actions/attest's real storage step (local attestations API)", () => {
  const attempt = async () =>
    rejection(
      attestModule.attestVerdict(request(), {
        token: 'ghs_token',
        env: oidcEnv,
        attest: await storingAttest(),
        logger: getRecordingLogger(),
      }),
    );

  it('returns the id the attestations API gave', async () => {
    process.env.GITHUB_REPOSITORY = 'octo/models';
    const result = await attestModule.attestVerdict(request(), {
      token: 'ghs_token',
      env: oidcEnv,
      attest: await storingAttest(),
      logger: getRecordingLogger(),
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/repos/octo/models/attestations' });
    expect(received[0].authorization).toMatch(/ghs_token$/);
    expect(result).toMatchObject({
      attestationId: '4242',
      url: 'https://github.com/octo/models/attestations/4242',
    });
  });

  it('maps a 403 (the token may not write attestations) to a message naming the permissions', async () => {
    process.env.GITHUB_REPOSITORY = 'octo/models';
    answer = {
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/repos/attestations#create-an-attestation',
        status: '403',
      },
    };
    const error = await attempt();
    expect((error as Error).name).toBe('GitHubSideEffectError');
    expect((error as { status?: number }).status).toBe(403);
    expect((error as Error).message).toBe(
      "Attesting the verdict of churn@v1.2.0 failed: GitHub's attestations API answered 403 (Failed to persist " +
        'attestation: Resource not accessible by integration). Give the job `permissions:` `id-token: write` and ' +
        '`attestations: write`; if it has them, artifact attestations may not be available for this repository: ' +
        'GitHub offers artifact attestations in public repositories on all current plans, and in private or ' +
        'internal repositories only on GitHub Enterprise Cloud.',
    );
    // 4xx answers are not retried by @actions/attest's octokit.
    expect(received).toHaveLength(1);
  });

  it('maps a 404 the same way (a plan without attestations, or no access)', async () => {
    process.env.GITHUB_REPOSITORY = 'octo/models';
    answer = {
      status: 404,
      body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
    };
    const error = await attempt();
    expect((error as { status?: number }).status).toBe(404);
    expect((error as Error).message).toContain(
      "GitHub's attestations API answered 404 (Failed to persist attestation: Not Found)",
    );
    expect((error as Error).message).toContain('`id-token: write` and `attestations: write`');
  });

  it('passes any other failure on with what was being done', async () => {
    process.env.GITHUB_REPOSITORY = 'octo/models';
    answer = {
      status: 422,
      body: { message: 'Invalid bundle', documentation_url: 'https://docs.github.com/rest', status: '422' },
    };
    const error = await attempt();
    expect((error as Error).name).toBe('GitHubSideEffectError');
    expect((error as { status?: number }).status).toBeUndefined();
    expect((error as Error).message).toBe(
      'Attesting the verdict of churn@v1.2.0 failed: Failed to persist attestation: Invalid bundle',
    );
  });
});

describe('attestVerdict error mapping of thrown HTTP errors', () => {
  it.each([
    [403, 'Forbidden'],
    [404, 'Not Found'],
  ])('names the permissions for an HTTP error with status %d', async (status, message) => {
    const attest = (async () => {
      throw Object.assign(new Error(message), { status });
    }) as AttestFn;
    const error = await rejection(
      attestModule.attestVerdict(request(), {
        token: 't',
        env: oidcEnv,
        attest,
        logger: getRecordingLogger(),
      }),
    );
    expect((error as { status?: number }).status).toBe(status);
    expect((error as Error).message).toContain(`answered ${status} (${message})`);
    expect((error as Error).message).toContain('`attestations: write`');
  });

  it('keeps the status of other HTTP errors and the message of signing failures', async () => {
    const failing = (error: Error) =>
      (async () => {
        throw error;
      }) as AttestFn;
    const serverError = await rejection(
      attestModule.attestVerdict(request(), {
        token: 't',
        env: oidcEnv,
        attest: failing(Object.assign(new Error('Bad Gateway'), { status: 502 })),
        logger: getRecordingLogger(),
      }),
    );
    expect((serverError as { status?: number }).status).toBe(502);
    const signing = await rejection(
      attestModule.attestVerdict(request(), {
        token: 't',
        env: oidcEnv,
        attest: failing(new Error('Error creating signing certificate - (500) internal error')),
        logger: getRecordingLogger(),
      }),
    );
    expect((signing as Error).message).toBe(
      'Attesting the verdict of churn@v1.2.0 failed: Error creating signing certificate - (500) internal error',
    );
    expect((signing as { cause?: unknown }).cause).toBeInstanceOf(Error);
  });
});

describe('@actions/attest', () => {
  it('loads as the dynamic import in attestVerdict does, with the attest it calls', async () => {
    const attest: AttestFn = (await import('@actions/attest')).attest;
    expect(typeof attest).toBe('function');
  });
});
