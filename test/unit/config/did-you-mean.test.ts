import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../../src/core/config/did-you-mean.js';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['uniq', 'unique', 2],
    ['colmun', 'column', 1], // adjacent transposition counts once
    ['ca', 'abc', 3], // OSA, not unrestricted Damerau (which gives 2)
    ['max-violation', 'max-violations', 1],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('stops at the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});

describe('suggest', () => {
  const keys = ['data', 'schema', 'checks-file', 'checks', 'max-violations', 'fail-on'];

  it.each([
    ['max-violation', 'max-violations'],
    ['maxViolations', 'max-violations'],
    ['max_violations', 'max-violations'],
    ['FAIL-ON', 'fail-on'],
    ['shcema', 'schema'],
    ['check', 'checks'],
    ['checksfile', 'checks-file'],
    ['dat', 'data'],
  ])('%s → %s', (word, expected) => {
    expect(suggest(word, keys)).toBe(expected);
  });

  it.each(['evaluate', 'model', 'x', 'id', 'thresholds'])('no hint for %s', (word) => {
    expect(suggest(word, keys)).toBeUndefined();
  });

  it('allows a third of the length for long words', () => {
    expect(suggest('allowed-vals', ['allowed-values'])).toBe('allowed-values'); // distance 2
    expect(suggest('alowd-valus', ['allowed-values'])).toBe('allowed-values'); // distance 3, 11 letters
    expect(suggest('uniq', ['row-count', 'columns', 'unique'])).toBe('unique');
  });

  it('prefers the closest candidate, then the first listed', () => {
    expect(suggest('mein', ['min', 'mean', 'main'])).toBe('min');
    expect(suggest('mean', ['mean', 'meat'])).toBe('meat'); // the word itself is not a suggestion
  });

  it('never replaces the whole word', () => {
    expect(suggest('id', ['at', 'ix'])).toBe('ix');
    expect(suggest('ab', ['cd'])).toBeUndefined();
  });
});
