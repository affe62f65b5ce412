import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  GitHubSideEffectError,
  MAX_BODY_LENGTH,
  driftModelMarker,
  driftRunMarker,
  escapeMarkerValue,
  isGitHubSideEffectError,
  syncDriftIssue,
  type DriftIssueInput,
} from '../../../src/github/drift-issue.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
const runUrl = (id: string) => `https://github.com/octo/models/actions/runs/${id}`;
let fake: GitHubFake;
let savedEnv: NodeJS.ProcessEnv;

beforeEach(async () => {
  savedEnv = { ...process.env };
  delete process.env.GITHUB_API_URL;
  delete process.env.MLGATE_GITHUB_WRITE_INTERVAL_MS;
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: {
      'issues-read': { permissions: { issues: 'read', contents: 'read' } },
      'contents-only': { permissions: { contents: 'write' } },
    },
  });
});
afterEach(async () => {
  // Every request of every test matched GitHub's description.
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  process.env = savedEnv;
  await fake.close();
});

const client = (token = 'test-token') =>
  createGitHubClient({ token, baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 10 });

function sync(input: Partial<DriftIssueInput> = {}, token?: string) {
  const logger = getRecordingLogger();
  const runId = input.runId ?? '100';
  const full: DriftIssueInput = {
    model: 'churn',
    drifted: true,
    tested: true,
    body: `Report of run ${runId}`,
    runId,
    runUrl: runUrl(runId),
    ...input,
  };
  return { logger, result: syncDriftIssue(client(token), repo, full, logger, { retryDelayMs: 1 }) };
}

const run = async (input: Partial<DriftIssueInput> = {}, token?: string) => sync(input, token).result;

const state = () => fake.repo(fullName);
const openIssues = () => state().issues.filter((i) => i.state === 'open' && !i.pullRequest);
const commentsOn = (number: number) => state().comments.filter((c) => c.issueNumber === number);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('markers', () => {
  it('percent-encodes everything that could end the comment or spell another marker', () => {
    expect(escapeMarkerValue('churn-model_v2.1~x')).toBe('churn-model_v2.1~x');
    expect(escapeMarkerValue('a b')).toBe('a%20b');
    expect(escapeMarkerValue('--> <!-- mlgate:drift model=other -->')).toBe(
      '--%3E%20%3C%21--%20mlgate%3Adrift%20model%3Dother%20--%3E',
    );
    expect(escapeMarkerValue('100%')).toBe('100%25');
    expect(escapeMarkerValue('modèle')).toBe('mod%C3%A8le');
    expect(driftModelMarker('a b')).toBe('<!-- mlgate:drift model=a%20b -->');
    expect(driftRunMarker('123')).toBe('<!-- mlgate:drift-run id=123 -->');
  });

  it('gives different names different markers (a literal %20 is not a space)', () => {
    expect(driftModelMarker('a%20b')).not.toBe(driftModelMarker('a b'));
    expect(driftModelMarker('A')).not.toBe(driftModelMarker('a'));
  });
});

describe('syncDriftIssue against the GitHub fake', () => {
  it('opens, updates on a rerun, comments per run, closes when drift clears, then opens a new issue', async () => {
    // Run 100 finds drift: one issue, labelled, with the markers, the report and the run link.
    const opened = await run({ runId: '100' });
    expect(opened.action).toBe('opened');
    expect(openIssues()).toHaveLength(1);
    const issue = openIssues()[0];
    expect(opened.issue).toEqual({
      number: issue.number,
      url: `https://github.com/octo/models/issues/${issue.number}`,
    });
    expect(issue.title).toBe('Data drift detected: churn');
    expect(issue.labels).toEqual(['mlgate-drift']);
    expect(state().labels.map((l) => l.name)).toEqual(['mlgate-drift']);
    expect(issue.body).toMatch(/^<!-- mlgate:drift model=churn -->\n<!-- mlgate:drift-run id=100 -->\n/);
    expect(issue.body).toContain('Report of run 100');
    expect(issue.body).toContain(`[workflow run 100](${runUrl('100')})`);

    // A rerun of run 100 (attempt 2) refreshes the issue instead of adding anything.
    const rerun = await run({ runId: '100', runAttempt: '2', body: 'Report of run 100, attempt 2' });
    expect(rerun).toEqual({ action: 'updated', issue: opened.issue });
    expect(openIssues()).toHaveLength(1);
    expect(commentsOn(issue.number)).toHaveLength(0);
    expect(openIssues()[0].body).toContain('Report of run 100, attempt 2');
    expect(openIssues()[0].body).toContain('[workflow run 100, attempt 2]');

    // Run 101 still drifted: one comment; its rerun updates that comment.
    expect(await run({ runId: '101' })).toEqual({ action: 'commented', issue: opened.issue });
    expect(await run({ runId: '101', runAttempt: '3', body: 'Report of run 101 again' })).toEqual({
      action: 'updated',
      issue: opened.issue,
    });
    expect(commentsOn(issue.number)).toHaveLength(1);
    expect(commentsOn(issue.number)[0].body).toMatch(/^<!-- mlgate:drift-run id=101 -->\n/);
    expect(commentsOn(issue.number)[0].body).toContain('Report of run 101 again');

    // Run 102 sees no drift: a comment that says so, then the issue is closed as completed.
    expect(await run({ runId: '102', drifted: false })).toEqual({ action: 'closed', issue: opened.issue });
    const closed = state().issues.find((i) => i.number === issue.number)!;
    expect(closed.state).toBe('closed');
    expect(closed.stateReason).toBe('completed');
    const cleared = commentsOn(issue.number)[1];
    expect(cleared.body).toContain('**Drift cleared** for model churn');
    expect(cleared.body).toContain(`(${runUrl('102')})`);
    // Its rerun finds nothing open: nothing to do.
    expect((await run({ runId: '102', drifted: false, runAttempt: '2' })).action).toBe('none');
    expect(commentsOn(issue.number)).toHaveLength(2);

    // Drift is back in run 103: a new issue (reopen is off by default).
    const again = await run({ runId: '103' });
    expect(again.action).toBe('opened');
    expect(again.issue!.number).not.toBe(issue.number);
    expect(openIssues().map((i) => i.number)).toEqual([again.issue!.number]);
    expect(state().issues.find((i) => i.number === issue.number)!.state).toBe('closed');
  });

  it("reopens the model's last closed issue when asked, with this run's comment", async () => {
    const first = await run({ runId: '1' });
    await run({ runId: '2', drifted: false });
    const back = await run({ runId: '3', reopen: true });
    expect(back).toEqual({ action: 'opened', issue: first.issue, reopened: true });
    const issue = state().issues.find((i) => i.number === first.issue!.number)!;
    expect(issue.state).toBe('open');
    expect(issue.events.map((e) => e.event)).toEqual(['labeled', 'closed', 'reopened']);
    expect(commentsOn(issue.number).map((c) => c.body.split('\n')[0])).toEqual([
      driftRunMarker('2'),
      driftRunMarker('3'),
    ]);
    // A rerun of the reopening run updates its comment.
    expect((await run({ runId: '3', reopen: true, runAttempt: '2' })).action).toBe('updated');
    expect(openIssues()).toHaveLength(1);
    expect(commentsOn(issue.number)).toHaveLength(2);
  });

  it('keeps one issue per model', async () => {
    const churn = await run({ model: 'churn' });
    const fraud = await run({ model: 'fraud' });
    expect(churn.issue!.number).not.toBe(fraud.issue!.number);
    expect((await run({ model: 'fraud', runId: '200', drifted: false })).action).toBe('closed');
    expect(openIssues().map((i) => i.number)).toEqual([churn.issue!.number]);
    expect((await run({ model: 'churn', runId: '201' })).action).toBe('commented');
    expect(commentsOn(churn.issue!.number)).toHaveLength(1);
  });

  it("leaves pull requests, unmarked issues and other models' issues with a similar title alone", async () => {
    const pr = fake.seedPullRequest(fullName, {
      headSha: 'a'.repeat(40),
      title: 'Data drift detected: churn',
      body: `${driftModelMarker('churn')}\nA PR that quotes the marker.`,
      labels: ['mlgate-drift'],
    });
    const unmarked = fake.seedIssue(fullName, {
      title: 'Data drift detected: churn',
      body: 'Opened by hand.',
      labels: ['mlgate-drift'],
    });
    const other = fake.seedIssue(fullName, {
      title: 'Data drift detected: churn',
      body: `${driftModelMarker('churn-v2')}\nAnother model.`,
      labels: ['mlgate-drift'],
    });
    const opened = await run({ runId: '1' });
    expect(opened.action).toBe('opened');
    expect([pr.number, unmarked.number, other.number]).not.toContain(opened.issue!.number);
    expect((await run({ runId: '2', drifted: false })).action).toBe('closed');
    for (const untouched of [pr, unmarked, other]) {
      expect(state().issues.find((i) => i.number === untouched.number)!.state).toBe('open');
      expect(commentsOn(untouched.number)).toEqual([]);
    }
  });

  it('finds the issue by its marker even when its title was edited', async () => {
    const opened = await run({ runId: '1' });
    state().issues.find((i) => i.number === opened.issue!.number)!.title = 'Renamed by a maintainer';
    expect(await run({ runId: '2' })).toEqual({ action: 'commented', issue: opened.issue });
  });

  it("does not let a hostile model name or a quoted marker take over another model's issue", async () => {
    const other = await run({ model: 'other', runId: '1' });
    const hostileName = '--> <!-- mlgate:drift model=other -->';
    const hostile = await run({ model: hostileName, runId: '2' });
    expect(hostile.action).toBe('opened');
    expect(hostile.issue!.number).not.toBe(other.issue!.number);
    const body = state().issues.find((i) => i.number === hostile.issue!.number)!.body!;
    expect(body.match(/<!-- mlgate:drift model=\S* -->/g)).toEqual([driftModelMarker(hostileName)]);
    expect(body).not.toContain('model=other');

    // A report that quotes other's marker (say, in a column name) does not make it other's issue.
    const quoting = await run({ model: 'third', runId: '3', body: `column ${driftModelMarker('other')}` });
    expect(quoting.action).toBe('opened');
    expect(await run({ model: 'third', runId: '6' })).toEqual({ action: 'commented', issue: quoting.issue });

    // Clearing the hostile model closes its own issue only; other's stays open and uncommented.
    expect((await run({ model: hostileName, runId: '4', drifted: false })).issue).toEqual(hostile.issue);
    const { result, logger } = sync({ model: 'other', runId: '5' });
    expect((await result).issue).toEqual(other.issue);
    expect(logger.messages.filter((m) => m.level === 'warning')).toEqual([]);
    expect(commentsOn(other.issue!.number)).toHaveLength(1);
    expect(state().issues.find((i) => i.number === other.issue!.number)!.state).toBe('open');
    // The cleared comment spells the name as text, not as a comment that could hide anything.
    const cleared = commentsOn(hostile.issue!.number)[0].body;
    expect(cleared.match(/<!--/g)).toHaveLength(1);
  });

  it('truncates a long report under the limit, keeping the markers and the footer', async () => {
    // Astral characters count once for GitHub and twice in UTF-16; an open fence must be closed.
    const line = `| col | 😀 ${'x'.repeat(70)} |\n`;
    const body = `# Report\n\n\`\`\`text\n${line.repeat(3000)}`;
    const opened = await run({ runId: '1', body });
    expect(opened.action).toBe('opened');
    const issueBody = state().issues.find((i) => i.number === opened.issue!.number)!.body!;
    expect(issueBody.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(issueBody.length).toBeGreaterThan(MAX_BODY_LENGTH - 2100);
    expect(issueBody.startsWith(`${driftModelMarker('churn')}\n${driftRunMarker('1')}\n\n# Report`)).toBe(
      true,
    );
    expect(issueBody).toContain(
      `**Report truncated:** it is longer than the 65,536 characters GitHub allows here`,
    );
    expect(issueBody).toContain(`the artifacts of [the workflow run](${runUrl('1')})`);
    expect(issueBody.endsWith(`[workflow run 1](${runUrl('1')})</sub>\n`)).toBe(true);
    // Cut at a line break, the fence closed before the note.
    expect(issueBody).toMatch(/x \|\n```\n\n> \*\*Report truncated/);
    expect(issueBody.match(/^```/gm)).toHaveLength(2);

    // The same for a comment, and a body exactly at the limit is not cut.
    expect((await run({ runId: '2', body })).action).toBe('commented');
    const comment = commentsOn(opened.issue!.number)[0].body;
    expect(comment.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(comment).toContain('**Report truncated:**');
  });

  it('keeps the limit when the cut finds no line break and leaves a fence open', async () => {
    const body = `\`\`\`\n${'z'.repeat(100_000)}`;
    const opened = await run({ runId: '1', body });
    const issueBody = state().issues.find((i) => i.number === opened.issue!.number)!.body!;
    expect(issueBody.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
    expect(issueBody).toMatch(/z\n```\n\n> \*\*Report truncated/);
  });

  it('does not cut a report that fits', async () => {
    const head = `${driftModelMarker('churn')}\n${driftRunMarker('1')}\n\n`;
    const foot = `\n\n---\n<sub>Posted by mlgate drift-check · [workflow run 1](${runUrl('1')})</sub>\n`;
    const body = 'y'.repeat(MAX_BODY_LENGTH - head.length - foot.length);
    const opened = await run({ runId: '1', body });
    const issueBody = state().issues.find((i) => i.number === opened.issue!.number)!.body!;
    expect(issueBody).toBe(head + body + foot);
    expect(issueBody.length).toBe(MAX_BODY_LENGTH);
  });

  it.each([
    ['a 502 after GitHub created it', { type: 'status', status: 502, afterHandling: true } as const],
    ['a reset after GitHub created it', { type: 'reset', afterHandling: true } as const],
  ])('opens one issue after %s, found again instead of created twice', async (_name, fault) => {
    fake.injectFault({ match: 'issues/create', fault });
    const { result, logger } = sync({ runId: '1' });
    const opened = await result;
    expect(opened.action).toBe('opened');
    expect(openIssues()).toHaveLength(1);
    expect(opened.issue!.number).toBe(openIssues()[0].number);
    expect(fake.requestsFor('issues/create')).toHaveLength(1);
    expect(logger.messages.map((m) => m.message).join('\n')).toContain('the earlier attempt went through');
  });

  it('sends the create again after a 502 where GitHub did nothing', async () => {
    fake.injectFault({ match: 'issues/create', fault: { type: 'status', status: 502 } });
    expect((await run({ runId: '1' })).action).toBe('opened');
    expect(openIssues()).toHaveLength(1);
    expect(fake.requestsFor('issues/create')).toHaveLength(2);
  });

  it('adds one comment after a lost comment response', async () => {
    const opened = await run({ runId: '1' });
    fake.injectFault({
      match: 'issues/create-comment',
      fault: { type: 'status', status: 502, afterHandling: true },
    });
    expect((await run({ runId: '2' })).action).toBe('commented');
    expect(commentsOn(opened.issue!.number)).toHaveLength(1);
    expect(fake.requestsFor('issues/create-comment')).toHaveLength(1);
  });

  it('gives up on a create that keeps failing, as a GitHubSideEffectError', async () => {
    fake.injectFault({ match: 'issues/create', fault: { type: 'status', status: 503 }, times: Infinity });
    const error = await rejection(run({ runId: '1' }));
    expect(isGitHubSideEffectError(error)).toBe(true);
    expect((error as GitHubSideEffectError).status).toBe(503);
    expect((error as Error).message).toMatch(
      /^Opening a drift issue for model churn failed: GitHub answered 503/,
    );
    expect(fake.requestsFor('issues/create')).toHaveLength(3);
    expect(openIssues()).toHaveLength(0);
  });

  it('names `permissions: issues: write` when the token may not write issues', async () => {
    const error = await rejection(run({ runId: '1' }, 'issues-read'));
    expect(error).toBeInstanceOf(GitHubSideEffectError);
    expect((error as GitHubSideEffectError).status).toBe(403);
    expect((error as Error).message).toContain('Opening a drift issue for model churn failed');
    expect((error as Error).message).toContain('`permissions: issues: write`');
    // Without issues permission even the listing fails, with the same advice.
    const listing = await rejection(run({ runId: '1', drifted: false }, 'contents-only'));
    expect((listing as Error).message).toMatch(
      /^Listing the open drift issues of octo\/models failed: .*`permissions: issues: write`/,
    );
    // Reading is enough when there is nothing to do.
    expect((await run({ runId: '1', drifted: false }, 'issues-read')).action).toBe('none');
  });

  it('finds its issue past the first page of open labelled issues', async () => {
    for (let i = 0; i < 120; i++) {
      fake.seedIssue(fullName, {
        title: `Data drift detected: model-${i}`,
        body: `${driftModelMarker(`model-${i}`)}\n`,
        labels: ['mlgate-drift'],
      });
    }
    const opened = await run({ runId: '1' });
    expect(opened.action).toBe('opened');
    expect(opened.issue!.number).toBe(121);
    fake.clearRequests();
    expect(await run({ runId: '2' })).toEqual({ action: 'commented', issue: opened.issue });
    const lists = fake.requestsFor('issues/list-for-repo');
    expect(lists.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    expect(lists[0].query).toMatchObject({ labels: 'mlgate-drift', state: 'open', per_page: '100' });
  });

  it('uses the oldest of two open issues for one model and warns about the other', async () => {
    const older = fake.seedIssue(fullName, {
      title: 'a',
      body: driftModelMarker('churn'),
      labels: ['mlgate-drift'],
    });
    const newer = fake.seedIssue(fullName, {
      title: 'b',
      body: driftModelMarker('churn'),
      labels: ['mlgate-drift'],
    });
    const { result, logger } = sync({ runId: '9' });
    expect((await result).issue!.number).toBe(older.number);
    expect(logger.messages).toContainEqual({
      level: 'warning',
      message: expect.stringContaining(`(#${older.number}, #${newer.number}): mlgate uses the oldest`),
    });
  });

  it('leaves everything as it is when drift was not tested, without a request', async () => {
    const { result, logger } = sync({ tested: false, drifted: true });
    expect(await result).toEqual({ action: 'none' });
    expect(fake.requests).toHaveLength(0);
    expect(logger.messages[0].message).toContain('was not tested (too little data)');
  });

  it('comments on every sync when there is no run id', async () => {
    const opened = await run({ runId: '', runUrl: undefined });
    expect((await run({ runId: '', runUrl: undefined })).action).toBe('commented');
    expect((await run({ runId: '', runUrl: undefined })).action).toBe('commented');
    expect(commentsOn(opened.issue!.number)).toHaveLength(2);
    expect(commentsOn(opened.issue!.number)[0].body).toContain(
      'Posted by mlgate drift-check · workflow run</sub>',
    );
  });

  it("uses the given title and labels, cut to GitHub's title limit", async () => {
    const opened = await run({ title: 'T'.repeat(300), labels: ['ml', 'drift'] });
    const issue = state().issues.find((i) => i.number === opened.issue!.number)!;
    expect(issue.title).toBe(`${'T'.repeat(255)}…`);
    expect(issue.labels).toEqual(['ml', 'drift']);
    expect(fake.requestsFor('issues/list-for-repo')[0].query.labels).toBe('ml');
  });

  it.each([
    [{ model: '' }, /model name is "": expected a non-empty name/],
    [{ model: '   ' }, /expected a non-empty name/],
    [{ labels: ['a,b'] }, /label "a,b" is not usable/],
    [{ runUrl: 'javascript:alert(1)' }, /run URL "javascript:alert\(1\)" is not an http\(s\) URL/],
    [{ drifted: 'yes' as unknown as boolean }, /drifted is "yes": expected true or false/],
  ])('refuses unusable input %o before any request', async (input, message) => {
    const error = await rejection(run(input));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });
});
