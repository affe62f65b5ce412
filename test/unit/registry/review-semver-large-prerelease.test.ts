/**
 * Review: failing on purpose. parseSemver turns every numeric pre-release identifier into a JavaScript
 * number, so one above 2^53 - 1 loses digits and formatSemver writes another version: a nightly such as
 * 1.2.0-nightly.20260501120000123 (a millisecond timestamp) becomes 1.2.0-nightly.20260501120000124.
 * recordRelease, promote and parseRegistryTag all go through parseSemver + formatSemver, so the version
 * the user gave is silently recorded, promoted and read back as another one. npm's semver keeps such an
 * identifier as its text (classes/semver.js: a number only below MAX_SAFE_INTEGER); major, minor and
 * patch above it are refused by both.
 */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { parseRegistryTag, versionTag } from '../../../src/core/registry/names.js';
import { formatSemver, parseSemver, parseVersionInput } from '../../../src/core/registry/semver.js';

// From 10^21 on, String(number) is exponent notation: 1.0.0-1000000000000000000000 is written as
// 1.0.0-1e+21, which is not a valid version at all ('+' starts build metadata).
const LARGE = [
  '1.2.0-nightly.20260501120000123',
  '1.0.0-9007199254740993',
  '2.0.0-rc.123456789012345678901',
  '1.0.0-1000000000000000000000',
];

describe('numeric pre-release identifiers above 2^53 - 1 (review)', () => {
  it.each(LARGE)('keeps %s as written, as npm semver does', (text) => {
    expect(semver.parse(text)?.version).toBe(text);
    expect(formatSemver(parseSemver(text)!)).toBe(text);
    expect(formatSemver(parseVersionInput(`v${text}`, 'version'))).toBe(text);
  });

  it.each(LARGE)('reads the tag of %s back as the same version', (text) => {
    const parsed = parseRegistryTag(versionTag('churn', text));
    expect(parsed).toMatchObject({ kind: 'version', name: 'churn', version: text });
  });
});
