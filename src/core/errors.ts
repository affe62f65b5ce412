/**
 * A mistake the user can fix: a bad file, input, schema or config. The message says what was given,
 * what is allowed and where. Entries print only the message and exit with code 2 (never a stack trace).
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isConfigurationError(error: unknown): error is ConfigurationError {
  return (
    error instanceof ConfigurationError || (error instanceof Error && error.name === 'ConfigurationError')
  );
}

/**
 * A service mlgate needs (GitHub's API) could not be reached or kept failing after retries. Neither the
 * user's mistake nor mlgate's: entries print the message alone and exit 75 (BSD EX_TEMPFAIL: try again
 * later); see docs/adr/0006.
 */
export class ServiceUnavailableError extends Error {
  override readonly name = 'ServiceUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export function isServiceUnavailableError(error: unknown): error is ServiceUnavailableError {
  return (
    error instanceof ServiceUnavailableError ||
    (error instanceof Error && error.name === 'ServiceUnavailableError')
  );
}

/** Normalises whatever was thrown into a message (never guard only on `instanceof Error`). */
export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Exit codes shared by the CLI and the actions (DESIGN §4). */
export const ExitCode = {
  Passed: 0,
  GateFailed: 1,
  BadInput: 2,
  /** A fault in mlgate itself (BSD EX_SOFTWARE); see docs/adr/0002. */
  InternalError: 70,
  /** GitHub could not be reached or kept failing after retries (BSD EX_TEMPFAIL); see docs/adr/0006. */
  ServiceUnavailable: 75,
} as const;
