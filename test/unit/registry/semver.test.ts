/**
 * Our semver against npm's reference implementation (`semver`, strict mode: its default): parsing,
 * precedence and bumps must agree on generated versions from a fixed-seed generator.
 */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import {
  bumpVersion,
  compareSemver,
  compareVersions,
  formatSemver,
  parseSemver,
  parseVersionInput,
  type Semver,
} from '../../../src/core/registry/semver.js';
import type { BumpKind } from '../../../src/core/registry/types.js';

/** mulberry32: a small PRNG with a fixed seed, so every run checks the same versions. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)];

// Small pools so generated versions often share parts and the comparison reaches the later rules.
const NUMBERS = [0, 0, 1, 1, 2, 3, 9, 10, 11, 99, 100, 2 ** 31, Number.MAX_SAFE_INTEGER];
const NUMERIC_IDS = ['0', '1', '2', '9', '10', '11', '99', '123456789012'];
const ALPHA_IDS = [
  'alpha',
  'beta',
  'rc',
  'a',
  'A',
  'Z',
  'z',
  '-',
  '--',
  'x-y',
  '0a',
  '9z',
  'rc1',
  'RC',
  'beta-2',
];
const BUILD_IDS = ['001', '0', 'build', 'sha-5114f85', 'exp', 'x', 'Z-9', '20240101'];

function generateVersion(random: () => number): string {
  // A third share on a few common release numbers, so that pre-releases of one release meet often.
  let text =
    random() < 0.35
      ? pick(random, ['0.0.0', '1.0.0', '1.2.3'])
      : `${pick(random, NUMBERS)}.${pick(random, NUMBERS)}.${pick(random, NUMBERS)}`;
  if (random() < 0.65) {
    const ids: string[] = [];
    const count = 1 + Math.floor(random() * 3);
    for (let i = 0; i < count; i++)
      ids.push(random() < 0.5 ? pick(random, NUMERIC_IDS) : pick(random, ALPHA_IDS));
    text += `-${ids.join('.')}`;
  }
  if (random() < 0.3) {
    const ids: string[] = [];
    const count = 1 + Math.floor(random() * 2);
    for (let i = 0; i < count; i++) ids.push(pick(random, BUILD_IDS));
    text += `+${ids.join('.')}`;
  }
  return text;
}

/** A valid version with one character inserted, removed or replaced: often invalid, sometimes not. */
function mutate(random: () => number, text: string): string {
  const alphabet = ['.', '-', '+', '0', '1', 'a', 'Z', '_', ' ', 'v', '=', 'é', '\t', '00', '..'];
  const at = Math.floor(random() * (text.length + 1));
  const op = random();
  if (op < 0.4) return text.slice(0, at) + pick(random, alphabet) + text.slice(at);
  if (op < 0.7) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + pick(random, alphabet) + text.slice(at + 1);
}

const random = prng(20240501);
const VERSIONS = [...new Set(Array.from({ length: 400 }, () => generateVersion(random)))];
const CANDIDATES = [
  ...new Set([
    ...VERSIONS,
    ...Array.from({ length: 3000 }, () => mutate(random, pick(random, VERSIONS))),
    // Hand-picked near misses of the grammar.
    '1.2',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-01',
    '1.2.3-00',
    '1.2.3-0a',
    '1.2.3-a..b',
    '1.2.3-a.',
    '1.2.3+a..b',
    '1.2.3+00',
    '1.2.3-+',
    '1.2.3-a+b+c',
    '1.2.3-ä',
    '-1.2.3',
    '9007199254740991.0.0',
    '9007199254740992.0.0',
    '0.9007199254740993.0',
    '1.2.3-9007199254740991',
    '',
    'v',
    'latest',
  ]),
];

describe('the generated versions', () => {
  it('are many and mostly distinct, with pre-releases and build metadata among them', () => {
    expect(VERSIONS.length).toBeGreaterThan(300);
    expect(VERSIONS.filter((v) => v.includes('-')).length).toBeGreaterThan(150);
    expect(VERSIONS.filter((v) => v.includes('+')).length).toBeGreaterThan(60);
    const valid = CANDIDATES.filter((c) => semver.valid(c) !== null).length;
    expect(valid).toBeGreaterThan(VERSIONS.length);
    expect(CANDIDATES.length - valid).toBeGreaterThan(1000);
  });
});

describe('parseSemver', () => {
  // npm trims and takes an optional leading v; parseSemver reads the text after a tag's "@v", so it
  // takes neither (parseVersionInput does, below). Both sides must agree on every other string.
  const bare = CANDIDATES.filter((c) => c === c.trim() && !c.startsWith('v'));

  it('accepts exactly the strings npm semver accepts (both directions)', () => {
    const disagreements = bare.filter((c) => (parseSemver(c) !== undefined) !== (semver.valid(c) !== null));
    expect(disagreements).toEqual([]);
    expect(bare.length).toBeGreaterThan(2500);
  });

  it("gives the parts npm's parser gives", () => {
    for (const text of bare) {
      const ours = parseSemver(text);
      const theirs = semver.parse(text);
      if (!ours || !theirs) continue;
      // npm keeps a numeric identifier of 2^53 - 1 or more as a string; ours are numbers: compare the text.
      expect({ ...ours, prerelease: ours.prerelease.map(String) }, text).toEqual({
        major: theirs.major,
        minor: theirs.minor,
        patch: theirs.patch,
        prerelease: theirs.prerelease.map(String),
        build: theirs.build,
      });
      // npm's `version` drops build metadata.
      expect(formatSemver({ ...ours, build: [] })).toBe(theirs.version);
      expect(formatSemver(ours)).toBe(text);
    }
  });

  it('refuses a leading v and surrounding whitespace, which npm takes', () => {
    expect(parseSemver('v1.2.3')).toBeUndefined();
    expect(parseSemver(' 1.2.3')).toBeUndefined();
    expect(parseSemver('1.2.3\n')).toBeUndefined();
    expect(semver.valid('v1.2.3')).toBe('1.2.3');
  });
});

describe('parseVersionInput', () => {
  it('accepts exactly what npm semver accepts, a leading v and whitespace included', () => {
    const accepts = (c: string) => {
      try {
        parseVersionInput(c, 'version');
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return false;
      }
    };
    const disagreements = CANDIDATES.filter((c) => accepts(c) !== (semver.valid(c) !== null));
    expect(disagreements).toEqual([]);
    expect(CANDIDATES.filter((c) => c !== c.trim() || c.startsWith('v')).length).toBeGreaterThan(50);
  });

  it.each([
    ['1.4.0', '1.4.0'],
    ['v1.4.0', '1.4.0'],
    [' v2.0.0-rc.1+b.7 ', '2.0.0-rc.1+b.7'],
  ])('reads %j as %s', (text, expected) => {
    expect(formatSemver(parseVersionInput(text, 'version'))).toBe(expected);
  });

  it.each(['', 'latest', '1.4', 'V1.4.0', 'vv1.4.0', '1.4.0-', 'version 1.4.0', '=1.4.0'])(
    'refuses %j with a message naming the input and the expected form',
    (text) => {
      expect(() => parseVersionInput(text, 'input "version"')).toThrow(ConfigurationError);
      expect(() => parseVersionInput(text, 'input "version"')).toThrow(
        `input "version": "${text}" is not a semantic version; expected MAJOR.MINOR.PATCH such as 1.4.0`,
      );
    },
  );
});

describe('compareSemver', () => {
  const parsed = VERSIONS.map((v) => [v, parseSemver(v)!, new semver.SemVer(v)] as const);

  it("orders every pair of generated versions as npm's semver.compare does", () => {
    const disagreements: string[] = [];
    let preReleasePairs = 0;
    for (const [a, x, sa] of parsed) {
      for (const [b, y, sb] of parsed) {
        if (x.prerelease.length && y.prerelease.length && sa.compareMain(sb) === 0) preReleasePairs++;
        const ours = Math.sign(compareSemver(x, y));
        const theirs = semver.compare(sa, sb);
        if (ours !== theirs) disagreements.push(`${a} vs ${b}: ours ${ours}, semver ${theirs}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Enough pairs must reach the pre-release rules, not only differ in major.minor.patch.
    expect(preReleasePairs).toBeGreaterThan(2000);
  });

  it("follows semver.org's precedence example, with build metadata ignored", () => {
    const chain = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1-0',
      '1.0.1',
    ];
    const shuffled = [...chain].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(chain);
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(compareVersions('1.0.0-rc.1+a', '1.0.0-rc.1')).toBe(0);
  });

  it('sorts version strings as semver.sort does', () => {
    expect([...VERSIONS].sort(compareVersions).map((v) => semver.parse(v)!.version)).toEqual(
      semver.sort([...VERSIONS]).map((v) => semver.parse(v)!.version),
    );
  });
});

describe('bumpVersion', () => {
  const kinds: BumpKind[] = ['major', 'minor', 'patch'];

  it('gives what semver.inc gives for every generated version and every kind', () => {
    const disagreements: string[] = [];
    for (const text of VERSIONS) {
      for (const kind of kinds) {
        const ours = formatSemver(bumpVersion(parseSemver(text), kind));
        const theirs = semver.inc(text, kind);
        if (ours !== theirs) disagreements.push(`${text} ${kind}: ours ${ours}, semver.inc ${theirs}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it.each<[string, BumpKind, string]>([
    ['1.1.0-rc.1', 'minor', '1.1.0'],
    ['1.1.0-rc.1', 'major', '2.0.0'],
    ['1.1.0-rc.1', 'patch', '1.1.0'],
    ['2.0.0-rc.1', 'major', '2.0.0'],
    ['1.2.3-rc.1', 'minor', '1.3.0'],
    ['1.2.3-rc.1', 'patch', '1.2.3'],
    ['1.2.3+build.5', 'patch', '1.2.4'],
    ['1.2.3', 'major', '2.0.0'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'patch', '1.2.4'],
  ])('bumps %s by %s to %s, as semver.inc does', (from, kind, expected) => {
    expect(semver.inc(from, kind)).toBe(expected);
    expect(formatSemver(bumpVersion(parseSemver(from), kind))).toBe(expected);
  });

  it('starts a model with no version at the bump of 0.0.0', () => {
    for (const kind of kinds) {
      const first: Semver = bumpVersion(undefined, kind);
      expect(formatSemver(first)).toBe(semver.inc('0.0.0', kind));
    }
  });
});
