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
} as const;
