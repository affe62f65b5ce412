/**
 * A local fake of the Actions results service (artifacts v4) and of the blob storage it signs URLs for,
 * enough for @actions/artifact's `uploadArtifact` (6.2.1): the twirp JSON calls
 * `github.actions.results.api.v1.ArtifactService/CreateArtifact` and `/FinalizeArtifact` at
 * ACTIONS_RESULTS_URL with `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>` (a JWT whose `scp` claim holds
 * `Actions.Results:<run backend id>:<job run backend id>`), and between them @azure/storage-blob's
 * `BlockBlobClient.uploadStream` to the signed URL: one `PUT ?comp=block&blockid=…` per 8 MB chunk, then
 * `PUT ?comp=blocklist` with the XML block list. Finalized uploads are unzipped so tests see the files.
 *
 * Behaviour mirrored from the service as clients see it: a second artifact with the same name in the
 * run answers twirp `already_exists` (HTTP 409, "an artifact with this name already exists on the
 * workflow run", the message upload-artifact@v4 users quote, e.g. actions/upload-artifact#634).
 * Checked beyond what the service shows (recorded in `validationFailures`): the token, the backend ids
 * against the token's claim, unknown body fields, the blob signature, block ids in the commit, and
 * that Finalize's size and `sha256:` hash match the committed blob.
 * Not modelled: ListArtifacts, GetSignedArtifactURL, DeleteArtifact (answer twirp `bad_route`), the
 * repository's retention maximum, storage quotas, append blobs. Assumed: an artifact created but never
 * finalized (a failed upload) does not hold its name, so a retry may create it again.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZipEntry, readZipDirectory } from '../../src/core/model/provision/zip-reader.js';

const SERVICE = 'github.actions.results.api.v1.ArtifactService';
const BLOB_PREFIX = '/blob/actions-results/';

/** Twirp's error codes and the HTTP statuses the spec maps them to (twitchtv/twirp docs/spec_v7). */
const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
};

const CREATE_FIELDS = [
  'workflow_run_backend_id',
  'workflow_job_run_backend_id',
  'name',
  'expires_at',
  'version',
  'mime_type',
];
const FINALIZE_FIELDS = ['workflow_run_backend_id', 'workflow_job_run_backend_id', 'name', 'size', 'hash'];

export interface UploadedArtifact {
  id: number;
  name: string;
  /** Bytes of the zip as FinalizeArtifact reported them (checked against the blob). */
  size: number;
  /** sha256 (hex) of the zip. */
  digest: string;
  /** CreateArtifact's `expires_at` (RFC 3339), or null without a retention. */
  expiresAt: string | null;
  mimeType: string | null;
  /** The artifact backend version the client asked for (7 for @actions/artifact 6). */
  version: number | null;
  /** Content type the blob was committed with. */
  blobContentType: string | null;
  /** How many blocks the blob was committed from. */
  blocks: number;
  zip: Buffer;
  /** The zip's entries by name, inflated and CRC-checked. */
  files: Map<string, Buffer>;
}

export interface TwirpCall {
  method: string;
  body: Record<string, unknown>;
  status: number;
}

export interface BlobRequest {
  method: string;
  /** The `comp` query parameter (block, blocklist) or null for a whole-blob put. */
  comp: string | null;
  status: number;
}

export type FailurePoint = 'CreateArtifact' | 'FinalizeArtifact' | 'block' | 'blocklist';

export interface InjectedFailure {
  at: FailurePoint;
  status: number;
  /** Twirp: the error code (default from the status) and msg; blob: the x-ms-error-code and message. */
  code?: string;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface ResultsService {
  /** The service's origin (twirp and blob storage share it). */
  url: string;
  runtimeToken: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  /** What a runner sets for a step: ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL, GITHUB_SERVER_URL. */
  env: Record<string, string>;
  /** Finalized artifacts, in order. */
  artifacts: UploadedArtifact[];
  calls: TwirpCall[];
  blobRequests: BlobRequest[];
  /** Requests the real service would refuse or that show a client bug; tests expect none. */
  validationFailures: string[];
  /** An artifact of this name already exists in the run (an earlier attempt of the step uploaded it). */
  injectConflict(name: string): void;
  injectFailure(failure: InjectedFailure): void;
  close(): Promise<void>;
}

interface PendingArtifact {
  name: string;
  expiresAt: string | null;
  mimeType: string | null;
  version: number | null;
  blobPath: string;
  sig: string;
  blocks: Map<string, Buffer>;
  committed?: { data: Buffer; contentType: string | null; blocks: number };
}

class TwirpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

class BlobError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT shaped like the runner's (RS256 header, unverified signature: jwt-decode only reads the claims). */
function runtimeTokenFor(runId: string, jobId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', x5t: base64url(randomBytes(20)) };
  const claims = {
    nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
    scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${runId}:${jobId} Actions.UploadArtifacts:00000000-0000-0000-0000-000000000000/1:Build/Build/1`,
    iss: 'vstoken.actions.githubusercontent.com',
    aud: 'vstoken.actions.githubusercontent.com',
    nbf: now - 60,
    exp: now + 6 * 3600,
  };
  return [
    base64url(JSON.stringify(header)),
    base64url(JSON.stringify(claims)),
    base64url(randomBytes(32)),
  ].join('.');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function unzipArtifact(zip: Buffer): Promise<Map<string, Buffer>> {
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-fake-artifact-'));
  try {
    const file = join(dir, 'artifact.zip');
    writeFileSync(file, zip);
    const files = new Map<string, Buffer>();
    let i = 0;
    for (const entry of readZipDirectory(file)) {
      const out = join(dir, `entry-${i++}`);
      await extractZipEntry(file, entry, out);
      files.set(entry.name, readFileSync(out));
    }
    return files;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Block ids in the commit body: `<Latest>`, `<Committed>` or `<Uncommitted>` elements, in order. */
function parseBlockList(xml: string): string[] | undefined {
  if (!/<BlockList>[\s\S]*<\/BlockList>/.test(xml)) return undefined;
  const ids: string[] = [];
  for (const m of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) {
    ids.push(
      m[2]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    );
  }
  return ids;
}

export async function startResultsService(
  options: { workflowRunBackendId?: string; workflowJobRunBackendId?: string } = {},
): Promise<ResultsService> {
  const runId = options.workflowRunBackendId ?? randomUUID();
  const jobId = options.workflowJobRunBackendId ?? randomUUID();
  const runtimeToken = runtimeTokenFor(runId, jobId);
  const artifacts: UploadedArtifact[] = [];
  const calls: TwirpCall[] = [];
  const blobRequests: BlobRequest[] = [];
  const validationFailures: string[] = [];
  const conflicts = new Set<string>();
  const failures: InjectedFailure[] = [];
  const pending = new Map<string, PendingArtifact>();
  let nextId = 4_200_000_001;
  let origin = '';

  function takeFailure(at: FailurePoint): InjectedFailure | undefined {
    const i = failures.findIndex((f) => f.at === at);
    if (i === -1) return undefined;
    const failure = failures[i];
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) failures.splice(i, 1);
    return failure;
  }

  function fail(message: string): never {
    validationFailures.push(message);
    throw new TwirpError('invalid_argument', message);
  }

  function checkIds(method: string, body: Record<string, unknown>, fields: string[]): string {
    const unknown = Object.keys(body).filter((k) => !fields.includes(k));
    if (unknown.length) fail(`${method}: unknown field(s) ${unknown.join(', ')}`);
    if (body.workflow_run_backend_id !== runId || body.workflow_job_run_backend_id !== jobId) {
      validationFailures.push(
        `${method}: backend ids do not match the runtime token's Actions.Results claim`,
      );
      throw new TwirpError('permission_denied', 'the backend ids do not match the token');
    }
    if (typeof body.name !== 'string' || body.name === '') fail(`${method}: name is missing`);
    return body.name;
  }

  function createArtifact(body: Record<string, unknown>): unknown {
    const name = checkIds('CreateArtifact', body, CREATE_FIELDS);
    if (/[":<>|*?\\/\r\n]/.test(name))
      fail(`CreateArtifact: the name ${JSON.stringify(name)} holds a character artifacts refuse`);
    if (conflicts.has(name) || artifacts.some((a) => a.name === name)) {
      throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
    }
    if (
      body.expires_at !== undefined &&
      (typeof body.expires_at !== 'string' || Number.isNaN(Date.parse(body.expires_at)))
    ) {
      fail(`CreateArtifact: expires_at ${JSON.stringify(body.expires_at)} is not an RFC 3339 timestamp`);
    }
    const sig = base64url(randomBytes(24));
    const blobPath = `${BLOB_PREFIX}${runId}/workflow-job-run-${jobId}/artifacts/${createHash('sha256').update(name).digest('hex')}.zip`;
    pending.set(name, {
      name,
      expiresAt: (body.expires_at as string | undefined) ?? null,
      mimeType: typeof body.mime_type === 'string' ? body.mime_type : null,
      version: typeof body.version === 'number' ? body.version : null,
      blobPath,
      sig,
      blocks: new Map(),
    });
    const se = new Date(Date.now() + 3600_000).toISOString();
    return {
      ok: true,
      signed_upload_url: `${origin}${blobPath}?sv=2019-12-12&sr=b&sp=cw&se=${encodeURIComponent(se)}&sig=${encodeURIComponent(sig)}`,
    };
  }

  async function finalizeArtifact(body: Record<string, unknown>): Promise<unknown> {
    const name = checkIds('FinalizeArtifact', body, FINALIZE_FIELDS);
    const artifact = pending.get(name);
    if (!artifact) {
      validationFailures.push(`FinalizeArtifact: no artifact ${name} was created`);
      throw new TwirpError('not_found', `artifact ${name} not found`);
    }
    if (!artifact.committed) {
      validationFailures.push(`FinalizeArtifact: the blob of ${name} was never committed`);
      throw new TwirpError('failed_precondition', 'the artifact has no uploaded content');
    }
    const { data } = artifact.committed;
    const digest = createHash('sha256').update(data).digest('hex');
    // int64 travels as a JSON string in protobuf's JSON mapping.
    if (body.size !== String(data.length))
      fail(`FinalizeArtifact: size ${String(body.size)} but the blob holds ${data.length} bytes`);
    if (body.hash !== undefined && body.hash !== `sha256:${digest}`)
      fail(`FinalizeArtifact: hash ${String(body.hash)} but the blob's is sha256:${digest}`);
    let files = new Map<string, Buffer>();
    try {
      files = await unzipArtifact(data);
    } catch (error) {
      validationFailures.push(
        `FinalizeArtifact: the blob of ${name} is not a readable zip: ${String(error)}`,
      );
    }
    pending.delete(name);
    const id = nextId++;
    artifacts.push({
      id,
      name,
      size: data.length,
      digest,
      expiresAt: artifact.expiresAt,
      mimeType: artifact.mimeType,
      version: artifact.version,
      blobContentType: artifact.committed.contentType,
      blocks: artifact.committed.blocks,
      zip: data,
      files,
    });
    return { ok: true, artifact_id: String(id) };
  }

  async function twirp(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    let body: Record<string, unknown> = {};
    let status = 200;
    let answer: unknown;
    try {
      if (req.method !== 'POST')
        throw new TwirpError('bad_route', `unsupported method ${req.method} (only POST is allowed)`);
      if (req.headers.authorization !== `Bearer ${runtimeToken}`) {
        validationFailures.push(`${method}: authorization is not Bearer <runtime token>`);
        throw new TwirpError('unauthenticated', 'missing or invalid token');
      }
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        fail(`${method}: content-type ${String(req.headers['content-type'])}, expected application/json`);
      }
      const raw = (await readBody(req)).toString('utf8');
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        validationFailures.push(`${method}: the body is not JSON`);
        throw new TwirpError('malformed', 'the body is not JSON');
      }
      const injected =
        method === 'CreateArtifact' || method === 'FinalizeArtifact' ? takeFailure(method) : undefined;
      if (injected) {
        const code =
          injected.code ??
          Object.entries(TWIRP_STATUS).find(([, s]) => s === injected.status)?.[0] ??
          'internal';
        status = injected.status;
        answer = { code, msg: injected.message ?? `injected failure (${injected.status})` };
      } else if (method === 'CreateArtifact') answer = createArtifact(body);
      else if (method === 'FinalizeArtifact') answer = await finalizeArtifact(body);
      else throw new TwirpError('bad_route', `no handler for path /twirp/${SERVICE}/${method}`);
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error;
      status = TWIRP_STATUS[error.code] ?? 500;
      answer = { code: error.code, msg: error.message };
    }
    calls.push({ method, body, status });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  async function blob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const comp = url.searchParams.get('comp');
    const data = await readBody(req);
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': '2019-12-12',
      date: new Date().toUTCString(),
    };
    let status = 201;
    try {
      const artifact = [...pending.values()].find((a) => a.blobPath === url.pathname);
      if (!artifact || url.searchParams.get('sig') !== artifact.sig) {
        validationFailures.push(
          `blob ${req.method} ${url.pathname}: no artifact was created for it or the signature is wrong`,
        );
        throw new BlobError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.');
      }
      if (req.method !== 'PUT')
        throw new BlobError(405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method}.`);
      const injected = takeFailure(comp === 'blocklist' ? 'blocklist' : 'block');
      if (injected)
        throw new BlobError(
          injected.status,
          injected.code ?? 'InternalError',
          injected.message ?? 'injected failure',
        );
      if (comp === 'block') {
        const id = url.searchParams.get('blockid');
        if (!id) throw new BlobError(400, 'InvalidQueryParameterValue', 'blockid is missing');
        if (Number(req.headers['content-length']) !== data.length) {
          throw new BlobError(400, 'InvalidHeaderValue', 'content-length does not match the body');
        }
        artifact.blocks.set(id, data);
      } else if (comp === 'blocklist') {
        const ids = parseBlockList(data.toString('utf8'));
        if (!ids) {
          validationFailures.push('blocklist: the body is not a <BlockList>');
          throw new BlobError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
        }
        const missing = ids.filter((id) => !artifact.blocks.has(id));
        if (missing.length) {
          validationFailures.push(`blocklist: ${missing.length} block id(s) were never staged`);
          throw new BlobError(400, 'InvalidBlockList', 'The specified block list is invalid.');
        }
        const contentType = req.headers['x-ms-blob-content-type'];
        artifact.committed = {
          data: Buffer.concat(ids.map((id) => artifact.blocks.get(id) as Buffer)),
          contentType: typeof contentType === 'string' ? contentType : null,
          blocks: ids.length,
        };
        artifact.blocks.clear();
        headers.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`;
        headers['last-modified'] = new Date().toUTCString();
        headers['x-ms-request-server-encrypted'] = 'true';
      } else if (comp === null && req.headers['x-ms-blob-type'] === 'BlockBlob') {
        const contentType = req.headers['x-ms-blob-content-type'];
        artifact.committed = {
          data,
          contentType: typeof contentType === 'string' ? contentType : null,
          blocks: 1,
        };
        headers.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`;
      } else {
        validationFailures.push(
          `blob PUT with comp=${String(comp)}: not an operation of a block blob upload`,
        );
        throw new BlobError(400, 'InvalidQueryParameterValue', `comp=${String(comp)} is not supported here`);
      }
    } catch (error) {
      if (!(error instanceof BlobError)) throw error;
      status = error.status;
      headers['x-ms-error-code'] = error.code;
      headers['content-type'] = 'application/xml';
      blobRequests.push({ method: req.method ?? '', comp, status });
      res.writeHead(status, headers);
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${error.message}</Message></Error>`,
      );
      return;
    }
    blobRequests.push({ method: req.method ?? '', comp, status });
    res.writeHead(status, { ...headers, 'content-length': '0' });
    res.end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = /^\/twirp\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const handle =
      route && route[1] === SERVICE
        ? twirp(req, res, route[2])
        : url.pathname.startsWith(BLOB_PREFIX)
          ? blob(req, res, url)
          : Promise.resolve().then(() => {
              validationFailures.push(`unknown route ${req.method} ${url.pathname}`);
              res.writeHead(404, { 'content-type': 'application/json' });
              res.end(JSON.stringify({ code: 'bad_route', msg: `no route ${url.pathname}` }));
            });
    handle.catch((error: unknown) => {
      validationFailures.push(`fake fault on ${req.method} ${url.pathname}: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'internal', msg: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    runtimeToken,
    workflowRunBackendId: runId,
    workflowJobRunBackendId: jobId,
    env: {
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      // The runner's value ends with '/'; the client keeps only the origin.
      ACTIONS_RESULTS_URL: `${origin}/`,
      GITHUB_SERVER_URL: 'https://github.com',
    },
    artifacts,
    calls,
    blobRequests,
    validationFailures,
    injectConflict: (name) => void conflicts.add(name),
    injectFailure: (failure) => void failures.push({ ...failure }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
