import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import {
  checkModelName,
  checkStageName,
  parseRegistryTag,
  stageTag,
  versionTag,
} from '../../../src/core/registry/names.js';

/** The caught error of `fn`, which must throw a ConfigurationError. */
function refusal(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError, nothing was thrown');
}

// GTO's rule as the file comment states it: lowercase letters, digits, '-' and '/', starting with a letter,
// ending with a letter or digit, at least two characters; and every tag a valid git ref (no '//').
describe('checkModelName and checkStageName', () => {
  it.each([
    'ab',
    'a1',
    'churn',
    'churn-eu',
    'churn/eu',
    'team/churn/v2',
    'c-3po',
    'x--y',
    'model2',
    'production',
  ])('accepts %j', (name) => {
    expect(checkModelName(name)).toBe(name);
    expect(checkStageName(name)).toBe(name);
  });

  it.each<[string, string, string | undefined]>([
    ['a', 'one character', undefined],
    ['', 'empty', undefined],
    ['1abc', 'starts with a digit', 'abc'],
    ['-churn', "starts with '-'", 'churn'],
    ['/churn', "starts with '/'", 'churn'],
    ['Churn', 'uppercase', 'churn'],
    ['churn_eu', 'underscore', 'churn-eu'],
    ['churn eu', 'space', 'churn-eu'],
    ['churn.eu', 'dot', 'churn-eu'],
    ['churn-', "ends with '-'", 'churn'],
    ['churn/', "ends with '/'", 'churn'],
    ['a//b', "'//' (not a git ref)", 'a/b'],
    ['churn@v1', "'@' (the version separator)", 'churn-v1'],
    ['churn#prod', "'#' (the stage separator)", 'churn-prod'],
    ['Churn Model!', 'several mistakes at once', 'churn-model'],
    ['café', 'a non-ASCII letter', 'caf'],
    ['123', 'digits only (nothing to suggest)', undefined],
  ])('refuses %j (%s) and suggests %j', (name, _why, suggestion) => {
    for (const [check, what] of [
      [checkModelName, 'model name'],
      [checkStageName, 'stage'],
    ] as const) {
      const error = refusal(() => check(name, 'input "name"'));
      expect(error.message).toMatch(/^input "name": /);
      expect(error.message).toContain(`the ${what} "${name}" cannot be part of a registry tag`);
      expect(error.message).toContain("lowercase letters, digits, '-' and '/'");
      expect(error.message).toContain('at least 2 characters');
      if (suggestion === undefined) {
        expect(error.message).not.toContain('for example');
        expect(error.message.endsWith(').')).toBe(true);
      } else {
        expect(error.message).toContain(`; for example "${suggestion}".`);
        // The suggestion itself must pass the rule it is offered for.
        expect(check(suggestion)).toBe(suggestion);
      }
    }
  });

  it('names the tag shape each check protects', () => {
    expect(refusal(() => checkModelName('Churn')).message).toContain('<name>@v<version>');
    expect(refusal(() => checkStageName('Prod')).message).toContain('<name>#<stage>#<n>');
  });

  it("defaults the message's place to the input it checks", () => {
    expect(refusal(() => checkModelName('X')).message).toMatch(/^name: /);
    expect(refusal(() => checkStageName('X')).message).toMatch(/^stage: /);
  });
});

describe('versionTag and stageTag', () => {
  it("write GTO's notation", () => {
    expect(versionTag('churn', '1.2.3')).toBe('churn@v1.2.3');
    expect(versionTag('team/churn', '1.0.0-rc.1+build.5')).toBe('team/churn@v1.0.0-rc.1+build.5');
    expect(stageTag('churn', 'production', 1)).toBe('churn#production#1');
    expect(stageTag('team/churn', 'staging', 12)).toBe('team/churn#staging#12');
  });
});

describe('parseRegistryTag', () => {
  it.each([
    ['churn', '1.2.3'],
    ['churn', '0.0.0'],
    ['team/churn-eu', '10.20.30'],
    ['churn', '1.0.0-rc.1'],
    ['churn', '1.0.0-alpha.beta.0+build.7'],
    ['a1', '1.0.0+sha.5114f85'],
  ])('round-trips the version tag of %s %s', (name, version) => {
    const tag = versionTag(name, version);
    const parsed = parseRegistryTag(tag);
    expect(parsed).toMatchObject({ kind: 'version', name, version });
    expect(parsed?.kind === 'version' && versionTag(parsed.name, parsed.version)).toBe(tag);
  });

  it('gives the parsed semver of a version tag', () => {
    expect(parseRegistryTag('churn@v1.20.3-rc.2')).toEqual({
      kind: 'version',
      name: 'churn',
      version: '1.20.3-rc.2',
      semver: { major: 1, minor: 20, patch: 3, prerelease: ['rc', 2], build: [] },
    });
  });

  it.each<[string, string, number]>([
    ['churn', 'production', 1],
    ['churn', 'staging', 9],
    ['team/churn', 'prod/eu', 123],
  ])('round-trips the stage tag of %s %s %d', (name, stage, n) => {
    const tag = stageTag(name, stage, n);
    expect(parseRegistryTag(tag)).toEqual({ kind: 'stage', name, stage, n });
  });

  it.each<[string, string]>([
    ['churn@v1.2', 'a version with two parts'],
    ['churn@v1.2.3.4', 'a version with four parts'],
    ['churn@v01.2.3', 'a leading zero'],
    ['churn@v1.0.0!', "GTO's deregistration of a version"],
    ['churn@1.2.3', 'no v before the version'],
    ['churn@vv1.2.3', 'two vs'],
    ['@v1.2.3', 'no name'],
    ['Churn@v1.2.3', 'a name GTO refuses'],
    ['churn_eu@v1.2.3', 'a name GTO refuses'],
    ['churn#prod#0', 'the counter starts at 1'],
    ['churn#prod#01', 'a counter with a leading zero'],
    ['churn#prod#-1', 'a negative counter'],
    ['churn#prod#x', 'a counter that is not a number'],
    ['churn#prod', 'no counter'],
    ['churn#prod#1!', "GTO's unassignment of a stage"],
    ['churn#prod#1#2', 'too many parts'],
    ['churn#Prod#1', 'a stage GTO refuses'],
    ['churn#p#1', 'a one-letter stage'],
    ['churn@v1.0.0#prod#1', 'a version and a stage'],
    ['churn@deprecated', "GTO's deprecation"],
    ['v1.2.3', 'a plain release tag'],
    ['release-2024', 'another tag'],
  ])('reads %j as no registry tag (%s)', (tag) => {
    expect(parseRegistryTag(tag)).toBeUndefined();
  });
});
