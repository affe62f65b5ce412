/**
 * A local GitHub for tests (DESIGN §6): a real HTTP server on 127.0.0.1 that serves the operations of
 * the committed OpenAPI subset from in-memory state, validates every request against GitHub's official
 * description, checks the token's permissions and injects faults on demand. Point octokit (or a bundled
 * action, through GITHUB_API_URL) at `fake.url`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GitHubError, World, type Handler, type HandlerContext, type HandlerResult } from './context.js';
import { takeFault, type FaultKind, type FaultRule, type QueuedFault } from './faults.js';
import { checkHandlers } from './handlers/checks.js';
import { deploymentHandlers } from './handlers/deployments.js';
import { gitHandlers } from './handlers/git.js';
import { issueHandlers } from './handlers/issues.js';
import { findAssetForDownload, releaseHandlers } from './handlers/releases.js';
import {
  matchRoute,
  methodsForPath,
  subset,
  validateParameters,
  validateRequestBody,
  validateResponseBody,
} from './openapi.js';
import { acceptedPermissionsHeader, isAllowed, type TokenPermissions } from './permissions.js';
import type { Urls } from './shapes.js';
import type { CommentState, FakeUser, IssueState, RepoState } from './state.js';

export interface RepoSeed {
  /** `owner/name`. */
  fullName: string;
  defaultBranch?: string;
  /** The default branch's head commit (a fixed sha when omitted). */
  headSha?: string;
  private?: boolean;
  visibility?: RepoState['visibility'];
}

export interface TokenConfig {
  /** The GITHUB_TOKEN's `permissions:`; all when omitted. */
  permissions?: TokenPermissions;
  /** Who the token acts as (default github-actions[bot]). */
  login?: string;
  type?: FakeUser['type'];
}

export interface GitHubFakeOptions {
  /** Repositories to serve (default `['owner/repo']`). */
  repos?: (string | RepoSeed)[];
  /** Tokens with their identity and permissions. Other tokens act as github-actions[bot] with every permission. */
  tokens?: Record<string, TokenConfig>;
  /** Refuse tokens not in `tokens` with GitHub's 401 "Bad credentials". */
  onlyKnownTokens?: boolean;
  /** Check every response against the description's success schema (default true). */
  validateResponses?: boolean;
  /** Clock for timestamps (default: the real one). */
  now?: () => Date;
  /** Base of html_url fields (default https://github.com; not served). */
  webUrl?: string;
}

export interface RecordedRequest {
  method: string;
  /** The path without the query string, still percent-encoded as sent. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw bytes (uploads), or undefined. */
  body: unknown;
  operationId?: string;
  /** The status answered; undefined when the connection was reset. */
  status?: number;
}

export interface ValidationFailure {
  method: string;
  path: string;
  operationId?: string;
  kind: 'unknown-route' | 'method' | 'parameters' | 'body' | 'json';
  errors: string[];
}

export interface ResponseFailure {
  operationId: string;
  status: number;
  errors: string[];
}

export interface PullRequestSeed {
  number?: number;
  headSha: string;
  headRef?: string;
  baseRef?: string;
  title?: string;
  body?: string;
  draft?: boolean;
  author?: string;
  /** Labels, optionally with who applied them (the `labeled` events list-events returns). */
  labels?: (string | { name: string; by: string })[];
}

export interface IssueSeed {
  title: string;
  body?: string;
  labels?: string[];
  state?: 'open' | 'closed';
  author?: string;
}

export interface GitHubFake {
  /** `http://127.0.0.1:PORT`: the API base, the upload host and the asset download host. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Requests that did not match the description (answered 422 or 404). Tests assert it stays empty. */
  readonly validationFailures: ValidationFailure[];
  /** Responses of the fake that did not match the description's success schema (a bug in the fake). */
  readonly responseFailures: ResponseFailure[];
  /** Queued faults not yet used up. */
  readonly faults: QueuedFault[];
  repo(fullName: string): RepoState;
  addRepo(seed: string | RepoSeed): RepoState;
  setToken(token: string, config: TokenConfig): void;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Recorded requests of one operation. */
  requestsFor(operationId: string): RecordedRequest[];
  clearRequests(): void;
  seedPullRequest(repo: string, seed: PullRequestSeed): IssueState;
  seedIssue(repo: string, seed: IssueSeed): IssueState;
  /** A comment by `author` (default github-actions[bot]: an earlier run's sticky comment). */
  seedComment(repo: string, issueNumber: number, body: string, author?: string): CommentState;
  /** A label applied by someone (a `labeled` event by `by`), as when a maintainer labels a PR. */
  applyLabel(repo: string, issueNumber: number, label: string, by: string): void;
  /** Sets a ref (`heads/feature`, `tags/v1`, or `refs/…`) to a commit sha. */
  seedRef(repo: string, ref: string, sha: string): void;
  close(): Promise<void>;
}

const handlers: Record<string, Handler> = {
  ...checkHandlers,
  ...issueHandlers,
  ...releaseHandlers,
  ...gitHandlers,
  ...deploymentHandlers,
};

const missingHandlers = Object.keys(subset.operations).filter((id) => !handlers[id]);
if (missingHandlers.length > 0) throw new Error(`GitHub fake: no handler for ${missingHandlers.join(', ')}`);

const GITHUB_ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
export const DEFAULT_HEAD_SHA = 'c0ffee0000000000000000000000000000000001';

const userIds = new Map<string, number>();
function userFor(login: string, type: FakeUser['type'] = 'User'): FakeUser {
  if (login === GITHUB_ACTIONS_BOT.login) return GITHUB_ACTIONS_BOT;
  if (!userIds.has(login)) userIds.set(login, 5_000_000 + userIds.size);
  return { login, id: userIds.get(login)!, type };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const world = new World(options.now ?? (() => new Date()));
  const tokens = new Map(Object.entries(options.tokens ?? {}));
  const validateResponses = options.validateResponses ?? true;
  const requests: RecordedRequest[] = [];
  const validationFailures: ValidationFailure[] = [];
  const responseFailures: ResponseFailure[] = [];
  const faults: QueuedFault[] = [];
  const sockets = new Set<Socket>();
  let urls: Urls = { api: '', web: options.webUrl ?? 'https://github.com' };
  let requestCount = 0;

  function addRepo(seed: string | RepoSeed): RepoState {
    const s = typeof seed === 'string' ? { fullName: seed } : seed;
    const [owner, name, extra] = s.fullName.split('/');
    if (!owner || !name || extra !== undefined)
      throw new Error(`GitHub fake: repo "${s.fullName}" is not owner/name`);
    const defaultBranch = s.defaultBranch ?? 'main';
    const repo: RepoState = {
      id: world.nextId(),
      owner,
      name,
      fullName: s.fullName,
      defaultBranch,
      private: s.private ?? false,
      visibility: s.visibility ?? (s.private ? 'private' : 'public'),
      issues: [],
      comments: [],
      labels: [],
      checkRuns: [],
      releases: [],
      refs: new Map(),
      tagObjects: new Map(),
      deployments: [],
      dispatches: [],
    };
    const head = `refs/heads/${defaultBranch}`;
    repo.refs.set(head, { ref: head, sha: s.headSha ?? DEFAULT_HEAD_SHA, type: 'commit' });
    world.repos.set(s.fullName.toLowerCase(), repo);
    return repo;
  }
  for (const seed of options.repos ?? ['owner/repo']) addRepo(seed);

  function repo(fullName: string): RepoState {
    const found = world.repos.get(fullName.toLowerCase());
    if (!found)
      throw new Error(`GitHub fake: no repo ${fullName} (have ${[...world.repos.keys()].join(', ')})`);
    return found;
  }

  function send(
    response: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string | undefined> = {},
  ): void {
    requestCount++;
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const all: Record<string, string> = {
      'x-github-request-id': `FAKE:${requestCount}`,
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(5000 - requestCount, 1)),
      'x-ratelimit-used': String(Math.min(requestCount, 4999)),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-resource': 'core',
    };
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) all[k] = v;
    if (body === undefined) {
      response.writeHead(status, all).end();
      return;
    }
    const text = JSON.stringify(body);
    all['content-type'] = 'application/json; charset=utf-8';
    all['content-length'] = String(Buffer.byteLength(text));
    response.writeHead(status, all).end(text);
  }

  function sendFault(response: ServerResponse, fault: FaultKind, record: RecordedRequest): boolean {
    const docsUrl = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';
    if (fault.type === 'reset') {
      record.status = undefined;
      response.socket?.destroy();
      return true;
    }
    if (fault.type === 'status') {
      record.status = fault.status;
      send(response, fault.status, fault.body ?? { message: 'Server Error' });
      return true;
    }
    if (fault.type === 'primary-rate-limit') {
      const status = fault.status ?? 403;
      record.status = status;
      send(
        response,
        status,
        {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url: docsUrl,
          status: String(status),
        },
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + fault.resetInSeconds),
        },
      );
      return true;
    }
    if (fault.type === 'secondary-rate-limit') {
      const status = fault.status ?? 403;
      record.status = status;
      send(
        response,
        status,
        {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
            'If you reach out to GitHub Support for help, please include the request ID FAKE.',
          documentation_url: `${docsUrl}#about-secondary-rate-limits`,
          status: String(status),
        },
        {
          'retry-after': fault.retryAfterSeconds === undefined ? undefined : String(fault.retryAfterSeconds),
        },
      );
      return true;
    }
    return false;
  }

  /** Release asset bytes: the 302 target of get-release-asset and browser_download_url. No token. */
  function serveDownload(path: string, response: ServerResponse, record: RecordedRequest): boolean {
    const byId = /^\/_fake\/asset-downloads\/([^/]+)\/([^/]+)\/(\d+)\/([^/]+)$/.exec(path);
    const byTag = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(path);
    const match = byId ?? byTag;
    if (!match) return false;
    const found = world.findRepo(decodeURIComponent(match[1]), decodeURIComponent(match[2]));
    const name = decodeURIComponent(match[4]);
    const asset =
      found &&
      findAssetForDownload(
        found,
        byId ? { assetId: Number(match[3]), name } : { tag: decodeURIComponent(match[3]), name },
      );
    if (!asset) {
      record.status = 404;
      send(response, 404, { message: 'Not Found' });
      return true;
    }
    asset.downloadCount++;
    record.status = 200;
    response
      .writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(asset.data.length),
        'content-disposition': `attachment; filename=${asset.name}`,
      })
      .end(asset.data);
    return true;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', urls.api);
    const path = url.pathname;
    const raw = await readBody(request);
    const route = matchRoute(method, path);
    const record: RecordedRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      body: undefined,
      operationId: route?.operationId,
    };
    requests.push(record);
    const jsonBody = route?.operation.requestBody?.contentType.includes('json') ?? true;
    if (raw.length > 0) {
      if (!jsonBody) record.body = raw;
      else {
        try {
          record.body = JSON.parse(raw.toString('utf8'));
        } catch {
          record.body = raw.toString('utf8');
        }
      }
    }

    const fault = takeFault(faults, { method, path, operationId: route?.operationId });
    if (fault?.type === 'delay') await sleep(fault.ms);
    else if (
      fault &&
      !('afterHandling' in fault && fault.afterHandling) &&
      sendFault(response, fault, record)
    )
      return;

    if (method === 'GET' && serveDownload(path, response, record)) return;

    if (!route) {
      const methods = methodsForPath(path);
      const kind = methods.length > 0 ? 'method' : 'unknown-route';
      const message =
        kind === 'method'
          ? `${method} ${path}: the subset serves ${methods.join(', ')} here`
          : `${method} ${path}: no operation of the OpenAPI subset matches (add it to scripts/openapi-subset.mjs)`;
      validationFailures.push({ method, path, kind, errors: [message] });
      record.status = 404;
      send(response, 404, {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
        status: '404',
      });
      return;
    }
    const { operationId, operation } = route;
    const docs = operation.documentationUrl ?? 'https://docs.github.com/rest';
    const fail = (status: number, body: Record<string, unknown>) => {
      record.status = status;
      send(response, status, body, {
        'x-accepted-github-permissions': acceptedPermissionsHeader(operationId),
      });
    };

    // Authentication: `token …` or `bearer …`, as GitHub accepts.
    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''));
    if (!auth) {
      fail(401, { message: 'Requires authentication', documentation_url: docs, status: '401' });
      return;
    }
    const tokenConfig = tokens.get(auth[1]);
    if (!tokenConfig && options.onlyKnownTokens) {
      fail(401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    const actor = tokenConfig?.login ? userFor(tokenConfig.login, tokenConfig.type) : GITHUB_ACTIONS_BOT;

    const params: Record<string, unknown> = { ...route.params };
    const query: Record<string, unknown> = { ...record.query };
    const errors = [
      ...validateParameters(operationId, 'path', params),
      ...validateParameters(operationId, 'query', query),
    ];
    const body: unknown = jsonBody ? (record.body ?? (operation.requestBody ? {} : undefined)) : raw;
    if (jsonBody && raw.length > 0 && typeof record.body === 'string') {
      validationFailures.push({ method, path, operationId, kind: 'json', errors: ['body is not JSON'] });
      fail(400, { message: 'Problems parsing JSON', documentation_url: docs, status: '400' });
      return;
    }
    const bodyErrors = jsonBody && body !== undefined ? validateRequestBody(operationId, body) : [];
    // Every request is checked and recorded; the answer follows GitHub's order (404, 403, then 422).
    if (errors.length > 0 || bodyErrors.length > 0) {
      validationFailures.push({
        method,
        path,
        operationId,
        kind: errors.length > 0 ? 'parameters' : 'body',
        errors: [...errors, ...bodyErrors],
      });
    }
    const target = world.findRepo(String(params.owner), String(params.repo));
    if (!target) {
      fail(404, { message: 'Not Found', documentation_url: docs, status: '404' });
      return;
    }
    if (!isAllowed(operationId, tokenConfig?.permissions)) {
      fail(403, {
        message: 'Resource not accessible by integration',
        documentation_url: docs,
        status: '403',
      });
      return;
    }

    if (errors.length > 0 || bodyErrors.length > 0) {
      fail(422, {
        message: `Invalid request.\n\n${[...errors, ...bodyErrors].join('\n')}`,
        documentation_url: docs,
        status: '422',
      });
      return;
    }

    const ctx: HandlerContext = {
      operationId,
      operation,
      repo: target,
      params,
      query,
      body: body ?? {},
      headers: request.headers,
      actor,
      permissions: tokenConfig?.permissions,
      urls,
      world,
      url,
    };
    let result: HandlerResult;
    try {
      result = handlers[operationId](ctx);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      fail(error.status, error.body);
      return;
    }
    if (fault && 'afterHandling' in fault && fault.afterHandling && sendFault(response, fault, record))
      return;
    if (validateResponses && result.status < 300) {
      const problems = validateResponseBody(operationId, result.status, result.body);
      if (problems.length > 0)
        responseFailures.push({ operationId, status: result.status, errors: problems });
    }
    record.status = result.status;
    send(response, result.status, result.body, {
      ...result.headers,
      'x-accepted-github-permissions': acceptedPermissionsHeader(operationId),
    });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A bug in the fake: answer 500 and keep the message visible to the test.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      responseFailures.push({ operationId: 'internal', status: 500, errors: [message] });
      if (!response.headersSent) send(response, 500, { message: `GitHub fake: ${message}` });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  urls = { ...urls, api: `http://127.0.0.1:${port}` };

  const fake: GitHubFake = {
    url: urls.api,
    requests,
    validationFailures,
    responseFailures,
    faults,
    repo,
    addRepo,
    setToken: (token, config) => void tokens.set(token, config),
    injectFault: (rule) => void faults.push({ ...rule, hits: 0 }),
    clearFaults: () => void faults.splice(0),
    requestsFor: (operationId) => requests.filter((r) => r.operationId === operationId),
    clearRequests: () => void requests.splice(0),
    seedPullRequest(fullName, seed) {
      const r = repo(fullName);
      const now = world.now();
      const number = seed.number ?? Math.max(0, ...r.issues.map((i) => i.number)) + 1;
      if (r.issues.some((i) => i.number === number))
        throw new Error(`GitHub fake: #${number} exists in ${fullName}`);
      const issue: IssueState = {
        id: world.nextId(),
        number,
        title: seed.title ?? `Pull request ${number}`,
        body: seed.body ?? null,
        state: 'open',
        stateReason: null,
        labels: [],
        user: userFor(seed.author ?? 'octocat'),
        createdAt: now,
        updatedAt: now,
        closedAt: null,
        closedBy: null,
        events: [],
        pullRequest: {
          id: world.nextId(),
          headSha: seed.headSha,
          headRef: seed.headRef ?? `feature-${number}`,
          baseRef: seed.baseRef ?? r.defaultBranch,
          baseSha: r.refs.get(`refs/heads/${seed.baseRef ?? r.defaultBranch}`)?.sha ?? DEFAULT_HEAD_SHA,
          draft: seed.draft ?? false,
        },
      };
      r.issues.push(issue);
      r.refs.set(`refs/heads/${issue.pullRequest!.headRef}`, {
        ref: `refs/heads/${issue.pullRequest!.headRef}`,
        sha: seed.headSha,
        type: 'commit',
      });
      for (const label of seed.labels ?? []) {
        const { name, by } = typeof label === 'string' ? { name: label, by: issue.user.login } : label;
        fake.applyLabel(fullName, number, name, by);
      }
      return issue;
    },
    seedIssue(fullName, seed) {
      const r = repo(fullName);
      const now = world.now();
      const issue: IssueState = {
        id: world.nextId(),
        number: Math.max(0, ...r.issues.map((i) => i.number)) + 1,
        title: seed.title,
        body: seed.body ?? null,
        state: seed.state ?? 'open',
        stateReason: seed.state === 'closed' ? 'completed' : null,
        labels: [],
        user: userFor(seed.author ?? 'octocat'),
        createdAt: now,
        updatedAt: now,
        closedAt: seed.state === 'closed' ? now : null,
        closedBy: null,
        events: [],
      };
      r.issues.push(issue);
      for (const label of seed.labels ?? []) fake.applyLabel(fullName, issue.number, label, issue.user.login);
      return issue;
    },
    seedComment(fullName, issueNumber, body, author) {
      const r = repo(fullName);
      if (!r.issues.some((i) => i.number === issueNumber))
        throw new Error(`GitHub fake: no #${issueNumber} in ${fullName}`);
      const now = world.now();
      const comment: CommentState = {
        id: world.nextId(),
        issueNumber,
        body,
        user: author === undefined ? GITHUB_ACTIONS_BOT : userFor(author),
        createdAt: now,
        updatedAt: now,
      };
      r.comments.push(comment);
      return comment;
    },
    applyLabel(fullName, issueNumber, label, by) {
      const r = repo(fullName);
      const issue = r.issues.find((i) => i.number === issueNumber);
      if (!issue) throw new Error(`GitHub fake: no #${issueNumber} in ${fullName}`);
      let state = r.labels.find((l) => l.name.toLowerCase() === label.toLowerCase());
      if (!state) {
        state = { id: world.nextId(), name: label, color: 'ededed', description: null };
        r.labels.push(state);
      }
      if (!issue.labels.includes(state.name)) issue.labels.push(state.name);
      issue.events.push({
        id: world.nextId(),
        event: 'labeled',
        actor: userFor(by),
        createdAt: world.now(),
        label: { name: state.name, color: state.color },
      });
    },
    seedRef(fullName, ref, sha) {
      const name = ref.startsWith('refs/') ? ref : `refs/${ref}`;
      repo(fullName).refs.set(name, { ref: name, sha, type: 'commit' });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}
