/**
 * Names and tags as DVC's GTO writes them, so GTO (and Studio) read an mlgate registry:
 * `<name>@v<semver>` registers a version, `<name>#<stage>#<n>` assigns a stage (the n-th assignment).
 * GTO's name rule (gto/constants.py): lowercase letters, digits, '-' and '/', starting with a letter and
 * ending with a letter or digit, at least two characters. It also keeps every tag a valid git ref.
 */
import { ConfigurationError } from '../errors.js';
import { formatSemver, parseSemver, type Semver } from './semver.js';

const NAME = /^[a-z][a-z0-9\-/]*[a-z0-9]$/;

/** A suggestion for a name GTO refuses: lowercase, other characters become '-'. */
function suggestName(value: string): string | undefined {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9\-/]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/[^a-z0-9]+$/, '')
    .replace(/\/{2,}/g, '/');
  return NAME.test(s) && !s.includes('//') ? s : undefined;
}

function check(value: string, what: 'model name' | 'stage', where: string): string {
  if (NAME.test(value) && !value.includes('//')) return value;
  const suggestion = suggestName(value);
  throw new ConfigurationError(
    `${where}: the ${what} "${value}" cannot be part of a registry tag. Expected lowercase letters, digits, ` +
      "'-' and '/', starting with a letter and ending with a letter or digit, at least 2 characters " +
      `(GTO's rule, so tags read as ${what === 'stage' ? '<name>#<stage>#<n>' : '<name>@v<version>'})` +
      (suggestion ? `; for example "${suggestion}".` : '.'),
  );
}

export function checkModelName(value: string, where = 'name'): string {
  return check(value, 'model name', where);
}

export function checkStageName(value: string, where = 'stage'): string {
  return check(value, 'stage', where);
}

export function versionTag(name: string, version: string): string {
  return `${name}@v${version}`;
}

export function stageTag(name: string, stage: string, n: number): string {
  return `${name}#${stage}#${n}`;
}

export type RegistryTag =
  | { kind: 'version'; name: string; version: string; semver: Semver }
  | { kind: 'stage'; name: string; stage: string; n: number };

/** Reads a tag mlgate (or GTO) wrote; undefined for any other tag. GTO's deregistrations (`!`) are not ours. */
export function parseRegistryTag(tag: string): RegistryTag | undefined {
  const at = tag.lastIndexOf('@v');
  if (at > 0 && !tag.includes('#')) {
    const name = tag.slice(0, at);
    const semver = parseSemver(tag.slice(at + 2));
    if (NAME.test(name) && semver) return { kind: 'version', name, version: formatSemver(semver), semver };
    return undefined;
  }
  const parts = tag.split('#');
  if (parts.length === 3 && /^[1-9][0-9]*$/.test(parts[2])) {
    const [name, stage, n] = parts;
    if (NAME.test(name) && NAME.test(stage)) return { kind: 'stage', name, stage, n: Number(n) };
  }
  return undefined;
}
