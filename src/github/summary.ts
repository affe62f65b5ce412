import * as core from '@actions/core';
import { getErrorMessage } from '../core/errors.js';

/** A failed summary write is a warning, never a failed job (actions/cache's habit). */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    await core.summary.addRaw(markdown, true).write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${getErrorMessage(error)}`);
  }
}
