/**
 * Rows ranked by a score, sorted once, so ROC AUC and average precision over any weights (bootstrap
 * counts) are one O(N) pass. Ties form groups: every row of a group shares one threshold, which is how
 * scikit-learn's curves treat equal scores (half credit in AUC, one precision step in AP).
 */

const RADIX_MIN = 2048;
/**
 * The widest radix digit. Fewer passes beat smaller digits here: float32 scores vary in 25 bits or so, sorted
 * in 2 passes of 13 bits (3 passes of 9 bits take 1.5× as long on 10 M rows).
 */
const DIGIT_BITS = 16;
/**
 * The two-pass compact sort needs one more Int32 per item than re-reading keys: at 10 M rows that 40 MB
 * pushed a whole evaluation's peak over 512 MB (523 MB), so above this many items memory wins over speed
 * (at 10 M the sort then takes 0.46 s on shuffled scores, and up to ~3× that in a file's own row order).
 */
const COMPACT_MAX_ITEMS = 1 << 23;

/**
 * Positions 0..n-1 ordered by descending key; equal keys keep ascending position (the sort is stable).
 */
export function argsortDescending(keys: Float64Array): Int32Array {
  return sortItems(keys, 1, 0, keys.length, ORDER, undefined, 0, undefined);
}

/**
 * Items in descending score order. One Int32 per position, `row << 1 | start` (start = 1 where a group of
 * equal scores begins), and the true class of each position in the narrowest integer type: 5 bytes a row
 * for a binary ranking.
 */
export interface Ranking {
  items: Int32Array;
  classes: Uint8Array | Uint16Array | Int32Array;
}

type Classes = Ranking['classes'];

/** What sortItems writes: plain items, or a ranking of rows by one column, or of every (row, class) cell. */
const ORDER = 0;
const COLUMN = 1;
const CELLS = 2;

function classArray(k: number, n: number): Classes {
  if (k <= 256) return new Uint8Array(n);
  if (k <= 65536) return new Uint16Array(n);
  return new Int32Array(n);
}

/** Rows ranked by the score of class `column` (proba is row-major N*K). */
export function rankByColumn(proba: Float64Array, k: number, column: number, yTrue: Int32Array): Ranking {
  const n = yTrue.length;
  // Wide rows make strided reads cache-hostile: sort a copy of the column then. Two columns are read
  // in place (the copy would be the largest allocation of a binary evaluation).
  if (k > 2) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = proba[i * k + column];
    const classes = classArray(k, n);
    return { items: sortItems(keys, 1, 0, n, COLUMN, yTrue, k, classes), classes };
  }
  const classes = new Uint8Array(n);
  return { items: sortItems(proba, k, column, n, COLUMN, yTrue, k, classes), classes };
}

/**
 * Every (row, class) cell ranked by its score, as scikit-learn's micro average ravels the binarized labels;
 * `classes` then holds 1 for a cell of the row's true class and 0 otherwise.
 */
export function rankCells(proba: Float64Array, k: number, yTrue: Int32Array): Ranking {
  const cells = yTrue.length * k;
  const classes = new Uint8Array(cells);
  return { items: sortItems(proba, 1, 0, cells, CELLS, yTrue, k, classes), classes };
}

/**
 * Items 0..count-1 ordered by descending `values[item * stride + offset]`, equal keys in ascending item
 * order, with -0 after +0 (their bit patterns differ; they still form one group). Keys are read in place,
 * strided: a binary classifier's positive column is never copied. An LSD radix sort over only the bits
 * where the keys differ (float32 scores vary in about 25 of 64), in digits of at most 16 bits; it needs
 * the result and one spare Int32Array of `count`, nothing else of that size. In COLUMN and CELLS mode the
 * last pass writes the ranking itself (packed rows, group starts and classes), where it reads each key
 * anyway, so no further pass over the scattered rows is needed.
 */
function sortItems(
  values: Float64Array,
  stride: number,
  offset: number,
  count: number,
  mode: number,
  yTrue: Int32Array | undefined,
  k: number,
  classes: Classes | undefined,
): Int32Array {
  const identity = (): Int32Array => {
    const order = new Int32Array(count);
    for (let i = 0; i < count; i++) order[i] = i;
    return order;
  };
  const finish = (order: Int32Array): Int32Array =>
    mode === ORDER ? order : pack(order, values, stride, offset, mode, yTrue!, k, classes!);
  if (count < RADIX_MIN) {
    return finish(identity().sort((a, b) => values[b * stride + offset] - values[a * stride + offset]));
  }
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  // Which bits of the (order-mapped) keys vary at all, and where -0 would follow +0.
  let orHi = 0;
  let orLo = 0;
  let andHi = -1;
  let andLo = -1;
  let nonNegative = 0;
  let zeros = 0;
  let negativeZeros = 0;
  for (let item = 0; item < count; item++) {
    const at = (item * stride + offset) * 2;
    let h = bits[at + 1];
    let l = bits[at];
    if ((h & 0x7fffffff) === 0 && l === 0) {
      zeros++;
      if (h !== 0) negativeZeros++;
    }
    if ((h & 0x80000000) === 0) {
      nonNegative++;
      h ^= 0x7fffffff;
      l = ~l;
    }
    orHi |= h;
    andHi &= h;
    orLo |= l;
    andLo &= l;
  }
  const varyHi = (orHi ^ andHi) >>> 0;
  const varyLo = (orLo ^ andLo) >>> 0;
  if (varyHi === 0 && varyLo === 0) return finish(identity());
  const highBit = varyHi !== 0 ? 63 - Math.clz32(varyHi) : 31 - Math.clz32(varyLo);
  const lowBit = varyLo !== 0 ? lowestBit(varyLo) : 32 + lowestBit(varyHi);
  const range = highBit - lowBit + 1;
  const passes = Math.ceil(range / DIGIT_BITS);
  const width = Math.ceil(range / passes);
  const buckets = 1 << width;
  const mask = buckets - 1;

  // Every pass's histogram in one sequential read, turned into start offsets.
  const counts = new Int32Array(passes * buckets);
  for (let item = 0; item < count; item++) {
    const at = (item * stride + offset) * 2;
    let h = bits[at + 1];
    let l = bits[at];
    if ((h & 0x80000000) === 0) {
      h ^= 0x7fffffff;
      l = ~l;
    }
    for (let p = 0; p < passes; p++) counts[p * buckets + digit(h, l, lowBit + p * width, mask)]++;
  }
  const moves: number[] = []; // passes where the keys' digits differ
  for (let p = 0; p < passes; p++) {
    const base = p * buckets;
    let total = 0;
    let single = false;
    for (let d = 0; d < buckets; d++) {
      const c = counts[base + d];
      if (c === count) single = true;
      counts[base + d] = total;
      total += c;
    }
    if (!single) moves.push(p);
  }

  // The class of each item rides in the low bits of the sorted values when they fit, so the last pass
  // does not look labels up at scattered rows.
  let carry = 0;
  if (mode !== ORDER) {
    const classBits = mode === CELLS ? 1 : 32 - Math.clz32(k - 1);
    if (count <= 2 ** (32 - classBits)) carry = classBits;
  }
  const carried = (1 << carry) - 1;
  const labels = yTrue!;
  const classOf = (item: number): number => {
    if (mode === COLUMN) return labels[item];
    const row = Math.floor(item / k);
    return labels[row] === item - row * k ? 1 : 0;
  };

  if (moves.length === 2 && range <= 32 && count <= COMPACT_MAX_ITEMS) {
    return twoPassCompact(bits, stride, offset, count, mode, lowBit, range, width, counts, moves, {
      k,
      carry,
      classOf,
      classes,
      zeros,
      negativeZeros,
      nonNegative,
    });
  }

  let src: Int32Array | undefined;
  let dst: Int32Array | undefined;
  for (let m = 0; m < moves.length; m++) {
    const p = moves[m];
    const base = p * buckets;
    const shift = lowBit + p * width;
    dst ??= new Int32Array(count);
    if (m < moves.length - 1 || mode === ORDER) {
      for (let i = 0; i < count; i++) {
        const v = src !== undefined ? src[i] : carry === 0 ? i : (i << carry) | classOf(i);
        const at = ((v >>> carry) * stride + offset) * 2;
        let h = bits[at + 1];
        let l = bits[at];
        if ((h & 0x80000000) === 0) {
          h ^= 0x7fffffff;
          l = ~l;
        }
        dst[counts[base + digit(h, l, shift, mask)]++] = v;
      }
    } else {
      // The last pass: within a bucket, items arrive in their final order, so the previous key of the
      // bucket is the previous key of the ranking (a bucket's first item starts a group).
      const firsts = counts.slice(base, base + buckets);
      const lastKey = new Float64Array(buckets);
      const out = classes!;
      for (let i = 0; i < count; i++) {
        const v = src !== undefined ? src[i] : carry === 0 ? i : (i << carry) | classOf(i);
        const item = v >>> carry;
        const at = (item * stride + offset) * 2;
        let h = bits[at + 1];
        let l = bits[at];
        if ((h & 0x80000000) === 0) {
          h ^= 0x7fffffff;
          l = ~l;
        }
        const d = digit(h, l, shift, mask);
        const position = counts[base + d]++;
        const key = values[item * stride + offset];
        const start = position === firsts[d] || key !== lastKey[d] ? 1 : 0;
        lastKey[d] = key;
        const row = mode === COLUMN ? item : Math.floor(item / k);
        dst[position] = (row << 1) | start;
        out[position] = carry === 0 ? classOf(item) : v & carried;
      }
      // -0 equals +0: when both occur, the first -0 (right after the last +0) continues their group.
      if (negativeZeros > 0 && negativeZeros < zeros) dst[nonNegative] &= ~1;
    }
    const done = dst;
    dst = src;
    src = done;
  }
  return src ?? finish(identity());
}

/**
 * Two passes over keys whose varying bits fit 32 (float32 scores: about 29). The first pass reads the keys
 * in item order and writes each item's compact key next to it, so the second reads both sequentially:
 * re-reading the key of each item at its scattered position cost 2–3 times as much on a million real
 * scores (70 ms instead of 25), for one more array of `count`.
 */
function twoPassCompact(
  bits: Uint32Array,
  stride: number,
  offset: number,
  count: number,
  mode: number,
  lowBit: number,
  range: number,
  width: number,
  counts: Int32Array,
  moves: number[],
  ctx: {
    k: number;
    carry: number;
    classOf: (item: number) => number;
    classes: Classes | undefined;
    zeros: number;
    negativeZeros: number;
    nonNegative: number;
  },
): Int32Array {
  const { carry, classOf } = ctx;
  const buckets = 1 << width;
  const mask = buckets - 1;
  // The two digits span 2 × width bits, one more than `range` when it is odd: the histogram (sortItems)
  // counted that constant top bit in, so the compact keys must keep it too.
  const keyBits = 2 * width;
  const keyMask = keyBits >= 32 ? -1 : (1 << keyBits) - 1;
  const carried = (1 << carry) - 1;
  const items = new Int32Array(count);
  const keys = new Uint32Array(count);
  const base0 = moves[0] * buckets;
  const shift0 = moves[0] * width;
  for (let i = 0; i < count; i++) {
    const at = (i * stride + offset) * 2;
    let h = bits[at + 1];
    let l = bits[at];
    if ((h & 0x80000000) === 0) {
      h ^= 0x7fffffff;
      l = ~l;
    }
    const key = digit(h, l, lowBit, keyMask) >>> 0;
    const position = counts[base0 + ((key >>> shift0) & mask)]++;
    items[position] = carry === 0 ? i : (i << carry) | classOf(i);
    keys[position] = key;
  }
  const base1 = moves[1] * buckets;
  const shift1 = moves[1] * width;
  const dst = new Int32Array(count);
  if (mode === ORDER) {
    for (let i = 0; i < count; i++) dst[counts[base1 + ((keys[i] >>> shift1) & mask)]++] = items[i];
    return dst;
  }
  // Within a bucket, items arrive in their final order: the previous key of the bucket is the previous
  // key of the ranking (a bucket's first item starts a group).
  const firsts = counts.slice(base1, base1 + buckets);
  const lastKey = new Uint32Array(buckets);
  const out = ctx.classes!;
  for (let i = 0; i < count; i++) {
    const v = items[i];
    const key = keys[i];
    const d = (key >>> shift1) & mask;
    const position = counts[base1 + d]++;
    const start = position === firsts[d] || key !== lastKey[d] ? 1 : 0;
    lastKey[d] = key;
    const item = v >>> carry;
    const row = mode === COLUMN ? item : Math.floor(item / ctx.k);
    dst[position] = (row << 1) | start;
    out[position] = carry === 0 ? classOf(item) : v & carried;
  }
  // -0 equals +0: when both occur, the first -0 (right after the last +0) continues their group.
  if (ctx.negativeZeros > 0 && ctx.negativeZeros < ctx.zeros) dst[ctx.nonNegative] &= ~1;
  return dst;
}

/** The ranking of an order sorted some other way: rows packed with group starts, classes alongside. */
function pack(
  order: Int32Array,
  values: Float64Array,
  stride: number,
  offset: number,
  mode: number,
  yTrue: Int32Array,
  k: number,
  classes: Classes,
): Int32Array {
  let previous = NaN;
  for (let i = 0; i < order.length; i++) {
    const item = order[i];
    const key = values[item * stride + offset];
    const start = i === 0 || key !== previous ? 1 : 0;
    previous = key;
    const row = mode === CELLS ? Math.floor(item / k) : item;
    order[i] = (row << 1) | start;
    classes[i] = mode === CELLS ? (yTrue[row] === item - row * k ? 1 : 0) : yTrue[row];
  }
  return order;
}

function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** `width` bits of the 64-bit key (hi, lo) from bit `shift` up. */
function digit(h: number, l: number, shift: number, mask: number): number {
  if (shift >= 32) return (h >>> (shift - 32)) & mask;
  if (shift === 0) return l & mask;
  return ((l >>> shift) | (h << (32 - shift))) & mask;
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
  given: Float64Array | undefined,
): ClassPass {
  const { items, classes } = ranking;
  const weights = given === undefined ? undefined : (smallCounts(given) ?? given);
  const n = items.length;
  const area2 = new Float64Array(k);
  const totals = new Float64Array(k);
  if (k === 2) return binaryPass(items, classes, positive, weights, area2, totals);
  let above = 0; // positive weight ranked strictly above the current group
  let falsePositives = 0;
  let apSum = 0;
  let start = 0;
  while (start < n) {
    let groupPositive = 0;
    let groupNegative = 0;
    let end = start;
    do {
      const w = weights === undefined ? 1 : weights[items[end] >>> 1];
      if (classes[end] === positive) groupPositive += w;
      else groupNegative += w;
      end++;
    } while (end < n && (items[end] & 1) === 0);
    if (groupNegative > 0) {
      const base = 2 * above + groupPositive;
      for (let i = start; i < end; i++) {
        const c = classes[i];
        if (c === positive) continue;
        const w = weights === undefined ? 1 : weights[items[i] >>> 1];
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

/**
 * classPass for two classes: every negative row of a group gets the same `2·above + groupPositive`, so
 * the group's negative weight times it is the area (one walk instead of two; the bootstrap's hot path).
 * With whole-number weights (none, or bootstrap counts) every product and sum is an exact integer, so the
 * numbers equal the general pass's; with fractional weights they agree up to rounding (the negative weight
 * of a group is its total less its positive weight).
 */
function binaryPass(
  items: Int32Array,
  classes: ArrayLike<number>,
  positive: number,
  weights: Float64Array | Uint8Array | undefined,
  area2: Float64Array,
  totals: Float64Array,
): ClassPass {
  const n = items.length;
  const negative = 1 - positive;
  // classes are 0 or 1: a row is positive when (class xor flip) is 1. Branch-free sums: with scores
  // mostly distinct, "is this row positive" is a coin flip a branch predictor cannot learn.
  const flip = positive === 1 ? 0 : 1;
  if ((weights === undefined || weights instanceof Uint8Array) && n * 255 < 2 ** 31) {
    return binaryPassCounts(items, classes, flip, weights, area2, totals, negative, positive);
  }
  let above = 0;
  let falsePositives = 0;
  let apSum = 0;
  let area = 0;
  let start = 0;
  while (start < n) {
    let groupPositive = 0;
    let groupWeight = 0;
    let end = start;
    do {
      const w = weights === undefined ? 1 : weights[items[end] >>> 1];
      groupPositive += w * (classes[end] ^ flip);
      groupWeight += w;
      end++;
    } while (end < n && (items[end] & 1) === 0);
    const groupNegative = groupWeight - groupPositive;
    area += groupNegative * (2 * above + groupPositive);
    above += groupPositive;
    falsePositives += groupNegative;
    // A group without positive weight adds 0 (0 · x); the divisor is never 0 once weight was seen.
    apSum += groupPositive * (above / (above + falsePositives || 1));
    start = end;
  }
  area2[negative] = area;
  totals[negative] = falsePositives;
  totals[positive] = above;
  return { area2, totals, averagePrecision: above === 0 ? 0 : apSum / above };
}

/**
 * binaryPass for whole-number weights below 256 (none, or bootstrap counts as bytes): the running sums
 * are int32 (no float add chain per row), the area's integer terms go to two accumulators (exact: every
 * sum stays below 2^53), and average precision adds its terms in the same order as binaryPass.
 */
function binaryPassCounts(
  items: Int32Array,
  classes: ArrayLike<number>,
  flip: number,
  weights: Uint8Array | undefined,
  area2: Float64Array,
  totals: Float64Array,
  negative: number,
  positive: number,
): ClassPass {
  const n = items.length;
  let above = 0;
  let falsePositives = 0;
  let startAbove = 0;
  let groupPositive = 0;
  let groupNegative = 0;
  let area0 = 0;
  let area1 = 0;
  let apSum = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i];
    if (i > 0 && (item & 1) !== 0) {
      // The group that ended at i - 1: its negatives rank below startAbove positive weight.
      const term = groupNegative * (2 * startAbove + groupPositive);
      if ((i & 1) === 0) area0 += term;
      else area1 += term;
      apSum += groupPositive * (above / (above + falsePositives || 1));
      startAbove = above;
      groupPositive = 0;
      groupNegative = 0;
    }
    const w = weights === undefined ? 1 : weights[item >>> 1];
    const p = w * (classes[i] ^ flip);
    groupPositive = (groupPositive + p) | 0;
    groupNegative = (groupNegative + w - p) | 0;
    above = (above + p) | 0;
    falsePositives = (falsePositives + w - p) | 0;
  }
  if (n > 0) {
    area0 += groupNegative * (2 * startAbove + groupPositive);
    apSum += groupPositive * (above / (above + falsePositives || 1));
  }
  area2[negative] = area0 + area1;
  totals[negative] = falsePositives;
  totals[positive] = above;
  return { area2, totals, averagePrecision: above === 0 ? 0 : apSum / above };
}

const COMPACT_MIN = 65536;

/**
 * Bootstrap counts (whole numbers 0..255) as bytes: the pass reads them in rank order, i.e. at scattered
 * rows, and an N-byte array stays in cache where N doubles do not. The same numbers, so the same sums.
 */
function smallCounts(weights: Float64Array): Uint8Array | undefined {
  const n = weights.length;
  if (n < COMPACT_MIN) return undefined;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w !== (w & 255)) return undefined;
    bytes[i] = w;
  }
  return bytes;
}
