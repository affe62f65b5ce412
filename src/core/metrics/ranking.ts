/**
 * Rows ranked by a score, sorted once, so ROC AUC and average precision over any weights (bootstrap
 * counts) are one O(N) pass. Ties form groups: every row of a group shares one threshold, which is how
 * scikit-learn's curves treat equal scores (half credit in AUC, one precision step in AP).
 */

const RADIX_MIN = 2048;

/**
 * Positions 0..n-1 ordered by descending key (order within equal keys unspecified). An LSD radix sort over
 * the keys' IEEE bits: 4 passes of 16 bits, a pass skipped when every key shares its digit.
 */
export function argsortDescending(keys: Float64Array): Int32Array {
  const n = keys.length;
  if (n < RADIX_MIN) {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => keys[b] - keys[a]);
  }
  const bits = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + 1];
    let l = bits[2 * i];
    // Map floats to unsigned integers in the same order, then invert for descending order.
    if (h & 0x80000000) {
      h = ~h;
      l = ~l;
    } else {
      h ^= 0x80000000;
    }
    hi[i] = ~h >>> 0;
    lo[i] = ~l >>> 0;
  }
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Int32Array(n);
  const counts = new Int32Array(65536);
  for (const [word, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(word[i] >>> shift) & 0xffff]++;
    if (counts[(word[0] >>> shift) & 0xffff] === n) continue;
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const item = src[i];
      dst[counts[(word[item] >>> shift) & 0xffff]++] = item;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Items in descending score order: the row and the true class of each, and where each tie group ends. */
export interface Ranking {
  rows: Int32Array;
  classes: Int32Array;
  /** Exclusive end position of every group of equal scores, ascending. */
  groupEnds: Int32Array;
}

function rankingFrom(
  keys: Float64Array,
  rowOf: (item: number) => number,
  classOf: (item: number, row: number) => number,
): Ranking {
  const order = argsortDescending(keys);
  const n = order.length;
  const rows = new Int32Array(n);
  const classes = new Int32Array(n);
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = order[i];
    const row = rowOf(item);
    rows[i] = row;
    classes[i] = classOf(item, row);
    if (i > 0 && keys[item] !== keys[order[i - 1]]) ends.push(i);
  }
  if (n > 0) ends.push(n);
  return { rows, classes, groupEnds: Int32Array.from(ends) };
}

/** Rows ranked by the score of class `column` (proba is row-major N*K). */
export function rankByColumn(proba: Float64Array, k: number, column: number, yTrue: Int32Array): Ranking {
  const n = yTrue.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = proba[i * k + column];
  return rankingFrom(
    keys,
    (item) => item,
    (_, row) => yTrue[row],
  );
}

/**
 * Every (row, class) cell ranked by its score, as scikit-learn's micro average ravels the binarized labels;
 * `classes` then holds 1 for a cell of the row's true class and 0 otherwise.
 */
export function rankCells(proba: Float64Array, k: number, yTrue: Int32Array): Ranking {
  const n = yTrue.length;
  return rankingFrom(
    proba.subarray(0, n * k),
    (item) => Math.floor(item / k),
    (item, row) => (yTrue[row] === item % k ? 1 : 0),
  );
}

/** What one pass over a ranking gives for the class `positive` against every other class. */
export interface ClassPass {
  /** Twice the ROC area (in weight², ties half) of `positive` against each class b; 0 at b = positive. */
  area2: Float64Array;
  /** Weight of each true class among the ranked items. */
  totals: Float64Array;
  /** Σ (R_n − R_{n−1}) · P_n over the thresholds, scikit-learn's step-sum average precision. */
  averagePrecision: number;
}

/** One O(N) pass; `weights` are per row (absent = 1). Zero-weight rows count as absent. */
export function classPass(
  ranking: Ranking,
  positive: number,
  k: number,
  weights: Float64Array | undefined,
): ClassPass {
  const { rows, classes, groupEnds } = ranking;
  const area2 = new Float64Array(k);
  const totals = new Float64Array(k);
  let above = 0; // positive weight ranked strictly above the current group
  let falsePositives = 0;
  let apSum = 0;
  let start = 0;
  for (let g = 0; g < groupEnds.length; g++) {
    const end = groupEnds[g];
    let groupPositive = 0;
    let groupNegative = 0;
    for (let i = start; i < end; i++) {
      const w = weights === undefined ? 1 : weights[rows[i]];
      if (classes[i] === positive) groupPositive += w;
      else groupNegative += w;
    }
    if (groupNegative > 0) {
      const base = 2 * above + groupPositive;
      for (let i = start; i < end; i++) {
        const c = classes[i];
        if (c === positive) continue;
        const w = weights === undefined ? 1 : weights[rows[i]];
        area2[c] += w * base;
        totals[c] += w;
      }
    }
    above += groupPositive;
    falsePositives += groupNegative;
    if (groupPositive > 0) apSum += groupPositive * (above / (above + falsePositives));
    start = end;
  }
  totals[positive] = above;
  return { area2, totals, averagePrecision: above === 0 ? 0 : apSum / above };
}
