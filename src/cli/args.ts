import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigurationError, getErrorMessage } from '../core/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with its TypeErrors turned into user mistakes that name the command. */
export function parseCommandArgs<O extends OptionSpec>(
  command: string,
  argv: string[],
  options: O,
  settings: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: settings.positionals ?? false,
    });
  } catch (error) {
    throw new ConfigurationError(`${getErrorMessage(error)}. Run "mlgate ${command} --help".`);
  }
}

export function requireOption(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '') {
    throw new ConfigurationError(`--${name} is required. Run "mlgate ${command} --help".`);
  }
  return value;
}

export function integerOption(
  command: string,
  name: string,
  value: string | undefined,
  min = 0,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigurationError(`--${name} must be an integer ≥ ${min}; got "${value}".`);
  }
  return n;
}

export function enumOption<T extends string>(
  command: string,
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(`--${name} must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}
