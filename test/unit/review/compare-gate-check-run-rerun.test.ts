/**
 * Review: failing on purpose. syncGateCheckRun (src/github/gate/check-run.ts) marks every create/update
 * with external_id `mlgate-gate:<digest of the annotations>:<annotations sent>` and, after a 5xx or a
 * reset, reads the run back and treats the request as applied when the run already carries that mark
 * (lines 333-343). The mark says nothing about the conclusion (nor the title or summary). On a rerun
 * whose annotations are the same as the last run's, the mark the update would write is the one the run
 * already has, so an update that GitHub never applied (a 502 before handling) is taken for done.
 *
 * The case that matters: a failed gate let through by the override label (check run success), then the
 * label is removed (pr-gate.yml reruns on `unlabeled`). The comparison's failed checks give the same
 * annotations both times, so the rerun's update is lost silently: the required check "mlgate gate: churn"
 * stays green while verdict.json, the comment and the step say failure, and branch protection lets the
 * pull request merge. The same with no annotations at all: every run's mark is then `…:<digest of []>:0`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GateInputs } from '../../../src/core/gate/inputs.js';
import { resolveGatePolicy } from '../../../src/core/gate/policy.js';
import { decideGate, type OverrideRequest } from '../../../src/core/gate/verdict.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  gateAnnotations,
  gateCheckRunName,
  syncGateCheckRun,
  type GateCheckRunRequest,
} from '../../../src/github/gate/check-run.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { DEFAULT_HEAD_SHA, startGitHubFake, type GitHubFake } from '../../github-fake/index.js';
import { check, comparisonResult, validationResult } from '../gate/result-files.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
let fake: GitHubFake;

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
});

const source = <T>(kind: string, value: T) => ({
  absolutePath: `/w/out/${kind}.json`,
  path: `out/${kind}.json`,
  sha256: 'f'.repeat(64),
  value,
});

const label: OverrideRequest = {
  via: 'label',
  by: 'alice',
  reason: 'the label "mlgate:override" is on pull request #7',
  label: 'mlgate:override',
};

function gateRequest(inputs: GateInputs, override: OverrideRequest | undefined): GateCheckRunRequest {
  const verdict = decideGate(inputs, resolveGatePolicy(), { name: 'churn', override });
  return {
    name: gateCheckRunName('churn'),
    headSha: DEFAULT_HEAD_SHA,
    conclusion: verdict.conclusion,
    title: verdict.passed ? 'Passed' : 'Failed',
    summary: `verdict ${verdict.verdict}, passed ${verdict.passed}`,
    annotations: gateAnnotations(inputs, verdict, { workspace: '/w', configPath: 'mlgate.yml' }),
  };
}

async function sync(request: GateCheckRunRequest) {
  const logger = getRecordingLogger();
  const client = createGitHubClient({
    token: 'test-token',
    baseUrl: fake.url,
    writeIntervalMs: 0,
    retryDelayMs: 10,
    logger,
  });
  return syncGateCheckRun(client, repo, request, logger, { retryDelayMs: 1 });
}

describe('review: a rerun whose update GitHub did not apply', () => {
  it('label removed after an override: the lost update is sent again and the check run says failure', async () => {
    const inputs: GateInputs = {
      comparison: source(
        'comparison',
        comparisonResult({ checks: [check('roc_auc', 'fail'), check('accuracy', 'inconclusive')] }),
      ),
    };
    const overridden = gateRequest(inputs, label);
    expect(overridden.conclusion).toBe('success');
    await sync(overridden);
    expect(fake.repo(fullName).checkRuns[0].conclusion).toBe('success');

    const failed = gateRequest(inputs, undefined);
    expect(failed.conclusion).toBe('failure');
    // The same findings give the same annotations, hence the same external_id mark.
    expect(failed.annotations).toEqual(overridden.annotations);
    // GitHub answers 502 without doing the work (not afterHandling): the update must be sent again.
    fake.injectFault({ match: 'checks/update', fault: { type: 'status', status: 502 } });
    await sync(failed);

    const runs = fake.repo(fullName).checkRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0].conclusion).toBe('failure');
    expect(runs[0].output.title).toBe('Failed');
  });

  it('no annotations on either run (a failed validation): the lost update is sent again', async () => {
    const passing: GateInputs = { validation: source('validation', validationResult({ passed: true })) };
    const failing: GateInputs = { validation: source('validation', validationResult({ passed: false })) };
    const first = gateRequest(passing, undefined);
    const second = gateRequest(failing, undefined);
    expect([first.conclusion, first.annotations.length]).toEqual(['success', 0]);
    expect([second.conclusion, second.annotations.length]).toEqual(['failure', 0]);
    await sync(first);
    fake.injectFault({ match: 'checks/update', fault: { type: 'status', status: 502 } });
    await sync(second);
    expect(fake.repo(fullName).checkRuns[0].conclusion).toBe('failure');
  });
});
