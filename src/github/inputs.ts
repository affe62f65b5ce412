import * as core from '@actions/core';
import { ConfigurationError } from '../core/errors.js';

/** Empty means not given (codeql's getOptionalInput). */
export function getOptionalInput(name: string): string | undefined {
  const value = core.getInput(name);
  return value.length > 0 ? value : undefined;
}

/** A list input: one item per line, blank lines and surrounding spaces dropped. */
export function getListInput(name: string): string[] {
  return core
    .getMultilineInput(name)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function getIntegerInput(name: string, options: { min?: number } = {}): number | undefined {
  const raw = getOptionalInput(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (
    !/^[+-]?\d+$/.test(raw.trim()) ||
    !Number.isSafeInteger(value) ||
    (options.min !== undefined && value < options.min)
  ) {
    const range = options.min !== undefined ? ` ≥ ${options.min}` : '';
    throw new ConfigurationError(`Input "${name}" must be an integer${range}; got "${raw}".`);
  }
  return value;
}

export function getEnumInput<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const raw = getOptionalInput(name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigurationError(`Input "${name}" must be one of ${allowed.join(', ')}; got "${raw}".`);
  }
  return raw as T;
}

/** getBooleanInput throws a TypeError on a typo; turn it into a user mistake with the input's name. */
export function getBooleanInputOr(name: string, fallback: boolean): boolean {
  if (getOptionalInput(name) === undefined) return fallback;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new ConfigurationError(
      `Input "${name}" must be a boolean (true or false); got "${core.getInput(name)}".`,
    );
  }
}
