/**
 * Review: failing on purpose. src/core/gate/inputs.ts promises that "another tool's JSON or a file of
 * the wrong kind is a ConfigurationError naming the file and the key, never a crash", and checks every
 * key the gate uses, except validation.json's `checks`: checkValidation (inputs.ts:296) never looks at it,
 * and validationReasons (verdict.ts:118) calls `(v.checks ?? []).filter(...)` on whatever is there. A
 * failed validation.json whose `checks` is an object (checks keyed by name, as other tools write them) or a
 * string ends the gate with "TypeError: (v.checks ?? []).filter is not a function": exit 70 "internal
 * error" from `mlgate gate`, and in the action no verdict, no check run and no comment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { runGateJob } from '../../../src/core/jobs/gate-job.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { validationResult, writeResults } from '../gate/result-files.js';

const dir = mkdtempSync(join(tmpdir(), 'mlgate-review-gate-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('review: validation.json whose "checks" is not a list', () => {
  it.each([
    ['an object of checks by name', { row_count: { passed: false } }],
    ['a string', 'see report.html'],
  ])('checks as %s is a ConfigurationError naming the key, not a TypeError', async (_, checks) => {
    const cwd = mkdtempSync(join(dir, 'case-'));
    const paths = writeResults(cwd, { validation: { ...validationResult({ passed: false }), checks } });
    let caught: unknown;
    try {
      await runGateJob({ cwd, outDir: 'out', paths }, getRecordingLogger());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect(String((caught as Error).message)).toMatch(
      /validation file results\/validation\.json: key "checks"/,
    );
  });
});
