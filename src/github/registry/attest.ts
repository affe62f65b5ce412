/**
 * The opt-in provenance of a model version (issue 5 item 7): a Sigstore-signed in-toto attestation,
 * through @actions/attest, whose subject is the model's digest and whose predicate is the evaluation
 * verdict with its metrics and the digests of the evaluation and comparison files. `gh attestation
 * verify model.onnx --repo OWNER/REPO --predicate-type <VERDICT_PREDICATE_TYPE>` then shows what the gate
 * said about exactly these bytes.
 *
 * GitHub offers artifact attestations in public repositories on all current plans (not on legacy plans
 * such as Bronze, Silver or Gold), and in private or internal repositories only on GitHub Enterprise
 * Cloud (GitHub's "Using artifact attestations" page, "Who can use this feature?").
 *
 * Honest limits: the real path (an OIDC token from the runner, a certificate from Fulcio, Rekor or
 * GitHub's timestamp authority, then POST /repos/{owner}/{repo}/attestations) needs a GitHub Actions job
 * with `id-token: write` and the network; it cannot run in this repository's tests, which inject
 * `attest` and check what mlgate hands it and how its failures read.
 */
import type { attest as attestFromActions } from '@actions/attest';
import { ConfigurationError, getErrorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Verdict } from '../../core/registry/types.js';
import { GitHubSideEffectError } from '../drift-issue.js';
import { isHttpError } from '../octokit.js';

export const VERDICT_PREDICATE_TYPE = 'https://github.com/mlgate/mlgate/attestation/verdict/v1';

/** The `permissions:` a job needs to attest, as the workflow block spells them. */
export const ATTESTATION_PERMISSIONS = ['id-token: write', 'attestations: write'] as const;

export const ATTESTATION_AVAILABILITY =
  'GitHub offers artifact attestations in public repositories on all current plans, and in private or ' +
  'internal repositories only on GitHub Enterprise Cloud';

export type AttestFn = typeof attestFromActions;

export interface VerdictAttestationRequest {
  model: string;
  version: string;
  /** The model file's sha256: the attestation's subject. */
  sha256: string;
  verdict: Verdict | null;
  metrics: Record<string, number | null>;
  evaluationSha256?: string;
  comparisonSha256?: string;
  /** The workflow run that produced the verdict. */
  runUrl?: string;
}

export interface VerdictAttestationOptions {
  /** A token that may write attestations (the job's `${{ github.token }}` with `attestations: write`). */
  token: string;
  /**
   * Where the OIDC variables and GITHUB_REPOSITORY are checked (default process.env). @actions/attest
   * itself always reads process.env: this is for the check, and for tests.
   */
  env?: NodeJS.ProcessEnv;
  /** Replaces @actions/attest's attest (tests); loaded on first use otherwise. */
  attest?: AttestFn;
  logger: Logger;
}

export interface VerdictAttestationResult {
  /** The id GitHub's attestations API gave the stored attestation. */
  attestationId?: string;
  /** The attestation's page, `<server>/<owner>/<repo>/attestations/<id>`. */
  url?: string;
  /** The Rekor transparency log index (public repositories; private ones use GitHub's timestamp authority). */
  tlogId?: string;
}

/** The predicate mlgate signs: keys snake_case like the result files. */
export interface VerdictPredicate {
  model: { name: string; version: string; tag: string; digest: { sha256: string } };
  verdict: Verdict | null;
  metrics: Record<string, number | null>;
  evaluation: { name: 'evaluation.json'; digest: { sha256: string } } | null;
  comparison: { name: 'comparison.json'; digest: { sha256: string } } | null;
  run_url: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/i;
const VERDICTS: readonly (Verdict | null)[] = ['pass', 'fail', 'inconclusive', null];

function fail(message: string): never {
  throw new ConfigurationError(`Attesting the verdict: ${message}`);
}

function digest(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA256.test(value)) {
    fail(`${field} is ${JSON.stringify(value)}: expected a sha256 of 64 hex digits.`);
  }
  return value.toLowerCase();
}

function text(value: unknown, field: string, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(`${field} is ${JSON.stringify(value)}: expected ${expected}.`);
  return value;
}

/** The subject name: the tag's file, so one digest reads as "this model version" in `gh attestation`. */
export function verdictSubjectName(model: string, version: string): string {
  return `${model}@v${version}/model.onnx`;
}

/** The in-toto subject and predicate for a request; throws a ConfigurationError for unusable input. */
export function buildVerdictStatement(req: VerdictAttestationRequest): {
  subject: { name: string; digest: { sha256: string } };
  predicate: VerdictPredicate;
} {
  if (typeof req !== 'object' || req === null) fail('no request given.');
  const model = text(req.model, 'the model', "the model's name");
  const version = text(req.version, 'the version', 'a version such as 1.2.0');
  const sha256 = digest(req.sha256, "the model's sha256");
  if (!VERDICTS.includes(req.verdict)) {
    fail(`the verdict is ${JSON.stringify(req.verdict)}: expected pass, fail, inconclusive or null.`);
  }
  if (typeof req.metrics !== 'object' || req.metrics === null || Array.isArray(req.metrics)) {
    fail('the metrics must be an object of metric names and numbers.');
  }
  const metrics: Record<string, number | null> = {};
  for (const [name, value] of Object.entries(req.metrics)) {
    // JSON has no NaN or Infinity: JSON.stringify would sign them as null without a word.
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) {
      fail(`the metric ${name} is ${String(value)}: expected a finite number or null.`);
    }
    metrics[name] = value;
  }
  if (req.runUrl !== undefined && req.runUrl !== '' && !/^https?:\/\/\S+$/.test(req.runUrl)) {
    fail(`the run URL is ${JSON.stringify(req.runUrl)}: expected an http(s) URL.`);
  }
  const file = <N extends string>(name: N, value: string | undefined, field: string) =>
    value === undefined || value === '' ? null : { name, digest: { sha256: digest(value, field) } };
  return {
    subject: { name: verdictSubjectName(model, version), digest: { sha256 } },
    predicate: {
      model: { name: model, version, tag: `${model}@v${version}`, digest: { sha256 } },
      verdict: req.verdict,
      metrics,
      evaluation: file('evaluation.json', req.evaluationSha256, "the evaluation's sha256"),
      comparison: file('comparison.json', req.comparisonSha256, "the comparison's sha256"),
      run_url: req.runUrl === undefined || req.runUrl === '' ? null : req.runUrl,
    },
  };
}

const PERMISSIONS_BLOCK = ATTESTATION_PERMISSIONS.map((p) => `\`${p}\``).join(' and ');

/**
 * Before anything is recorded: throws the same ConfigurationError attestVerdict would, when the job
 * cannot ask for an OIDC token (record-release checks it first, so a version is not published and then
 * left without the attestation the workflow asked for).
 */
export function checkAttestationEnvironment(model: string, env: NodeJS.ProcessEnv = process.env): void {
  checkEnvironment(env, `the verdict of ${model}`);
}

/** Throws a ConfigurationError unless the job can ask for an OIDC token and names its repository. */
function checkEnvironment(
  env: NodeJS.ProcessEnv,
  subject: string,
): { repository: string; serverUrl: string } {
  const missing = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) {
    throw new ConfigurationError(
      `Attesting ${subject} needs an OIDC token, and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} ` +
        `not set: give the job \`permissions:\` ${PERMISSIONS_BLOCK} (a pull request from a fork gets no ` +
        `OIDC token whatever the workflow says). ${ATTESTATION_AVAILABILITY}.`,
    );
  }
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) {
    throw new ConfigurationError(
      `Attesting ${subject} needs GITHUB_REPOSITORY (owner/name), which is ${repository === '' ? 'not set' : `"${repository}"`}: ` +
        'attestations are stored in the repository the workflow runs in.',
    );
  }
  return { repository, serverUrl: (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '') };
}

/**
 * The HTTP status behind an attest failure. @actions/attest rethrows the attestations API's error as
 * `Failed to persist attestation: <GitHub's message>` without the status, so GitHub's message decides.
 */
function refusalStatus(error: unknown): 403 | 404 | undefined {
  if (isHttpError(error)) return error.status === 403 || error.status === 404 ? error.status : undefined;
  const match = /Failed to persist attestation: (.*)/s.exec(getErrorMessage(error));
  if (!match) return undefined;
  if (/not accessible by integration|\b403\b|forbidden/i.test(match[1])) return 403;
  if (/^Not Found\b|\b404\b/i.test(match[1])) return 404;
  return undefined;
}

function failure(error: unknown, subject: string): GitHubSideEffectError {
  const status = refusalStatus(error);
  const detail = getErrorMessage(error).split(' - https://')[0];
  if (status !== undefined) {
    return new GitHubSideEffectError(
      `Attesting ${subject} failed: GitHub's attestations API answered ${status} (${detail}). Give the job ` +
        `\`permissions:\` ${PERMISSIONS_BLOCK}; if it has them, artifact attestations may not be available ` +
        `for this repository: ${ATTESTATION_AVAILABILITY}.`,
      status,
      { cause: error },
    );
  }
  return new GitHubSideEffectError(
    `Attesting ${subject} failed: ${detail}`,
    isHttpError(error) ? error.status : undefined,
    { cause: error },
  );
}

/**
 * Signs and stores an attestation binding the model's sha256 to its verdict (see the file comment).
 * Throws a ConfigurationError for unusable input or a job without OIDC (before loading @actions/attest),
 * and a GitHubSideEffectError when signing or storing fails (a 403/404 names the permissions).
 */
export async function attestVerdict(
  req: VerdictAttestationRequest,
  options: VerdictAttestationOptions,
): Promise<VerdictAttestationResult> {
  const { subject, predicate } = buildVerdictStatement(req);
  const what = `the verdict of ${predicate.model.tag}`;
  if (typeof options.token !== 'string' || options.token === '') {
    throw new ConfigurationError(
      `Attesting ${what} needs a token that may write attestations: give the step \${{ github.token }} and the ` +
        `job \`permissions:\` ${PERMISSIONS_BLOCK}.`,
    );
  }
  const { repository, serverUrl } = checkEnvironment(options.env ?? process.env, what);
  // Loaded here: it pulls in Sigstore's signing stack, which steps that do not attest never need.
  const attest = options.attest ?? (await import('@actions/attest')).attest;

  let attestation: Awaited<ReturnType<AttestFn>>;
  try {
    attestation = await attest({
      subjects: [subject],
      predicateType: VERDICT_PREDICATE_TYPE,
      predicate,
      token: options.token,
    });
  } catch (error) {
    throw failure(error, what);
  }
  const attestationId =
    attestation.attestationID === undefined ? undefined : String(attestation.attestationID);
  const tlogId = attestation.tlogID === undefined ? undefined : String(attestation.tlogID);
  const url =
    attestationId === undefined ? undefined : `${serverUrl}/${repository}/attestations/${attestationId}`;
  options.logger.info(
    `Attested ${what} (model sha256 ${subject.digest.sha256}, verdict ${predicate.verdict ?? 'none'})` +
      `${url ? `: ${url}` : ''}${tlogId ? `, transparency log entry ${tlogId}` : ''}.`,
  );
  return {
    ...(attestationId === undefined ? {} : { attestationId }),
    ...(url === undefined ? {} : { url }),
    ...(tlogId === undefined ? {} : { tlogId }),
  };
}
