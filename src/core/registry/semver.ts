/**
 * Semantic Versioning 2.0.0: parsing (semver.org's regular expression), precedence (§11) and the next
 * version of a bump. Build metadata is kept but takes no part in precedence.
 */
import { ConfigurationError } from '../errors.js';
import type { BumpKind } from './types.js';

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
  build: string[];
}

// semver.org's suggested expression (without the leading v).
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemver(text: string): Semver | undefined {
  const m = SEMVER.exec(text);
  if (!m) return undefined;
  const numbers = [m[1], m[2], m[3]].map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  return {
    major: numbers[0],
    minor: numbers[1],
    patch: numbers[2],
    // Numeric identifiers become numbers only when exact: 20260501120000123 stays text (npm's semver does so).
    prerelease: m[4]
      ? m[4].split('.').map((p) => (/^\d+$/.test(p) && Number.isSafeInteger(Number(p)) ? Number(p) : p))
      : [],
    build: m[5] ? m[5].split('.') : [],
  };
}

/** A version given by a user (an input or flag); a leading v is accepted. */
export function parseVersionInput(text: string, where: string): Semver {
  const v = parseSemver(text.trim().replace(/^v/, ''));
  if (!v) {
    throw new ConfigurationError(
      `${where}: "${text}" is not a semantic version; expected MAJOR.MINOR.PATCH such as 1.4.0 ` +
        '(optionally -prerelease and +build, see semver.org).',
    );
  }
  return v;
}

export function formatSemver(v: Semver): string {
  return (
    `${v.major}.${v.minor}.${v.patch}` +
    (v.prerelease.length ? `-${v.prerelease.join('.')}` : '') +
    (v.build.length ? `+${v.build.join('.')}` : '')
  );
}

/** Precedence (semver §11): negative when a < b. Build metadata is ignored. */
export function compareSemver(a: Semver, b: Semver): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  // A pre-release has lower precedence than the release.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return a.prerelease.length === b.prerelease.length ? 0 : a.prerelease.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    if (i >= a.prerelease.length) return -1;
    if (i >= b.prerelease.length) return 1;
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === y) continue;
    // Numeric identifiers compare as numbers (exactly, however long) and before alphanumeric ones.
    const xn = typeof x === 'number' || /^\d+$/.test(x);
    const yn = typeof y === 'number' || /^\d+$/.test(y);
    if (xn && yn) {
      const [bx, by] = [BigInt(x), BigInt(y)];
      if (bx === by) continue;
      return bx < by ? -1 : 1;
    }
    if (xn) return -1;
    if (yn) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  return compareSemver(x, y);
}

/**
 * The version after `from` for a bump. With no earlier version the first is 0.0.1 (patch), 0.1.0
 * (minor) or 1.0.0 (major). Bumping a pre-release of the same level releases it (1.1.0-rc.1 → minor → 1.1.0),
 * as npm's semver does.
 */
export function bumpVersion(from: Semver | undefined, kind: BumpKind): Semver {
  const base = { prerelease: [], build: [] };
  if (!from) {
    if (kind === 'major') return { major: 1, minor: 0, patch: 0, ...base };
    if (kind === 'minor') return { major: 0, minor: 1, patch: 0, ...base };
    return { major: 0, minor: 0, patch: 1, ...base };
  }
  const pre = from.prerelease.length > 0;
  if (kind === 'major') {
    const release = pre && from.minor === 0 && from.patch === 0;
    return { major: release ? from.major : from.major + 1, minor: 0, patch: 0, ...base };
  }
  if (kind === 'minor') {
    const release = pre && from.patch === 0;
    return { major: from.major, minor: release ? from.minor : from.minor + 1, patch: 0, ...base };
  }
  return { major: from.major, minor: from.minor, patch: pre ? from.patch : from.patch + 1, ...base };
}
