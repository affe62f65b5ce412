/**
 * "Did you mean" hints for unknown keys and values. Distance is Damerau-Levenshtein (optimal string
 * alignment: insertions, deletions, substitutions and adjacent transpositions), case-insensitive.
 */

/** Optimal string alignment distance; stops early and returns `limit + 1` once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  // Three rolling rows: the transposition step looks two rows back.
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length];
}

/** Largest distance still worth a hint: 2, or a third of the word for long words. */
function allowedDistance(word: string): number {
  return Math.max(2, Math.floor(word.length / 3));
}

/** Spelling variants that mean the same key: `maxViolations`, `max_violations`, `Max-Violations`. */
function squash(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a plausible typo.
 * A candidate must also keep at least one character of the word (so "id" never suggests "at").
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length === 0 || candidates.length === 0) return undefined;
  const squashed = squash(word);
  const sameKey = candidates.find((c) => c !== word && squash(c) === squashed);
  if (sameKey !== undefined) return sameKey;

  const lower = word.toLowerCase();
  const limit = allowedDistance(lower);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(lower, candidate.toLowerCase(), limit);
    if (d < bestDistance && d < Math.min(lower.length, candidate.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
