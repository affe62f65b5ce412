import * as core from '@actions/core';
import {
  ExitCode,
  getErrorMessage,
  isConfigurationError,
  isServiceUnavailableError,
} from '../core/errors.js';

/**
 * Runs an action's main function (codeql-action's runWrapper). A user mistake fails the step with its
 * message alone and exit code 2; anything else is an internal fault, reported as such with the stack
 * in the debug log so the user is not left guessing whose fault it was.
 */
export async function runAction(actionName: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isConfigurationError(error)) {
      core.setFailed(getErrorMessage(error));
      process.exitCode = ExitCode.BadInput;
      return;
    }
    if (isServiceUnavailableError(error)) {
      core.setFailed(getErrorMessage(error));
      process.exitCode = ExitCode.ServiceUnavailable;
      return;
    }
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(`mlgate ${actionName} failed with an internal error: ${getErrorMessage(error)}`);
    // Not 1 (a failed gate) nor 2 (a user mistake): a workflow can tell that mlgate itself broke.
    process.exitCode = ExitCode.InternalError;
  }
}
