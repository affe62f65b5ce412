/**
 * `scipy.special.smirnov(n, d)`: the exact upper tail P(D⁺ₙ ≥ d) of the one-sided one-sample
 * Kolmogorov–Smirnov statistic, ported from scipy 1.10.1's scipy/special/cephes/kolmogorov.c (van
 * Mulbregt's algorithm: the Birnbaum–Tingey sum in double-double arithmetic with a separately kept binary
 * exponent, stopped once the rest cannot change the sum). One change for speed: only every ANCHOR_EVERY-th
 * term is computed scipy's way, the terms between from the ratio of consecutive terms (below). Only the
 * survival function is ported; the density and CDF that scipy computes alongside are not needed.
 */
import { expm1, log1p } from './special.js';
import * as D from './double-double.js';

const dd = D.dd;
const pow2 = D.pow2;
const DBL_EPSILON = 2.220446049250313e-16;
const DBL_MANT_DIG = 53;
const LN2 = 0.6931471805599453;
const MINLOG = -745.1332191019412; // log(2^-1075)
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;
const SM_UPPER_MAX_TERMS = 3;
const SM_UPPERSUM_MIN_N = 10;
const MAX_EXPONENT = 960; // keeps both words of a double-double normal
/**
 * Every ANCHOR_EVERY-th term of the sum is computed as scipy computes each (powers in double-double), the
 * ones between by the ratio of consecutive terms (a few ulps each, so a run stays within ~4·ANCHOR_EVERY
 * ulps). At n = 500 000 (1 M vs 1 M rows) the sum runs to ~400 000 terms: 740 ms per call term by term,
 * 56 ms with anchors every 32 terms, 42 ms every 64 (largest error against scipy 4.8e-15), 37 ms every
 * 128 (8.8e-15). anchorEvery = 1 is scipy's algorithm operation for operation.
 */
export const ANCHOR_EVERY = 64;

/** pow_D: (ah, al)^m for m ≥ 0 from pow() on the high word and a first-order correction for the low one. */
function powD(ah: number, al: number, m: number): void {
  if (m <= 0) {
    if (m === 0) {
      dd.hi = 1;
      dd.lo = 0;
      return;
    }
    powD(ah, al, -m);
    D.div(1, 0, dd.hi, dd.lo);
    return;
  }
  if (ah === 0) {
    dd.hi = 0;
    dd.lo = 0;
    return;
  }
  const ans = Math.pow(ah, m);
  const r = al / ah;
  let adj = m * r;
  if (Math.abs(adj) > 1e-8) {
    if (Math.abs(adj) < 1e-4) adj += m * r * (((m - 1) / 2) * r);
    else adj = expm1(m * log1p(r));
  }
  D.twoSum(ans, ans * adj);
}

/** nextPowerOf2 of kolmogorov.c, as written there. */
function nextPowerOf2(x: number): number {
  const q = D.ldexp(x, 1 - DBL_MANT_DIG);
  let L = Math.abs(q + x);
  if (L === 0) {
    L = Math.abs(x);
  } else {
    const Lint = Math.trunc(L);
    if (Lint === L) L = Lint;
  }
  return L;
}

/**
 * pow2Scaled_D: (ah, al)^m as a mantissa (in dd) times 2^(returned exponent), split into chunks so the
 * mantissa never underflows. m ≥ 0 in every call the sum makes.
 */
function pow2ScaledD(ah: number, al: number, m: number): number {
  if (m <= 0) {
    if (m === 0) {
      dd.hi = 1;
      dd.lo = 0;
      return 0;
    }
    const aE1 = pow2ScaledD(ah, al, -m);
    D.div(1, 0, dd.hi, dd.lo);
    const aE2 = D.frexp(dd.hi, dd.lo);
    return -aE1 + aE2;
  }
  const yE = D.frexp(ah, al);
  const yh = dd.hi;
  const yl = dd.lo;
  if (m === 1) return yE;
  let maxExpt = MAX_EXPONENT;
  if ((m * (yh - 1)) / yh < -MAX_EXPONENT * LN2) {
    const lg2y = Math.log(yh) / LN2;
    const lgAns = m * lg2y;
    if (lgAns <= -MAX_EXPONENT) maxExpt = Math.trunc(nextPowerOf2(-MAX_EXPONENT / lg2y + 1) / 2);
  }
  if (m <= maxExpt) {
    powD(yh, yl, m);
    const ansE = D.frexp(dd.hi, dd.lo);
    return ansE + m * yE;
  }
  const q = Math.trunc(m / maxExpt);
  const r = m % maxExpt;
  const y2rE = pow2ScaledD(yh, yl, r);
  const y2rh = dd.hi;
  const y2rl = dd.lo;
  const y2mE = pow2ScaledD(yh, yl, maxExpt);
  let y2mqE = pow2ScaledD(dd.hi, dd.lo, q);
  D.mul(y2rh, y2rl, dd.hi, dd.lo);
  let ansE = D.frexp(dd.hi, dd.lo);
  y2mqE += y2mE * q;
  ansE += y2mqE + y2rE;
  ansE += m * yE;
  return ansE;
}

/**
 * (a + b)^m: pow2 of kolmogorov.c, and its pow4_D(a, b, 1, 0, m), whose double-double division by 1 + 0
 * returns a + b unchanged.
 */
function powSum(a: number, b: number, m: number): void {
  D.twoSum(a, b);
  if (dd.hi === 0) {
    dd.lo = 0;
    return;
  }
  powD(dd.hi, dd.lo, m);
}

/** `scipy.special.smirnov(n, x)` for integer n ≥ 1 and x in [0, 1]; NaN outside. */
export function smirnov(n: number, x: number, anchorEvery = ANCHOR_EVERY): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  // modNX: floor(n·x) and the remainder, exactly.
  D.twoProd(n, x);
  const nxh = dd.hi;
  const nxl = dd.lo;
  D.floor(nxh, nxl);
  const flh = dd.hi;
  const fll = dd.lo;
  D.sub(nxh, nxl, flh, fll);
  let alpha = dd.hi;
  let nxfl = Math.trunc(flh);
  if (alpha === 1) {
    nxfl += 1;
    alpha = 0;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  let n1mxceil = n - nxfl;
  if (alpha === 0) {
    n1mxfl -= 1;
    n1mxceil += 1;
  }

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    powSum(1, x, n - 1);
    return clip01(1 - x * dd.hi);
  }
  if (-2 * n * x * x < MINLOG) return 0;
  if (nxfl >= n - 1) {
    powSum(1, -x, n);
    return clip01(dd.hi);
  }
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
    if (logp < -LN2) return clip01(Math.exp(logp));
    return clip01(1 - -expm1(logp));
  }

  const nUpperTerms = n - n1mxceil + 1;
  const useUpperSum =
    (nUpperTerms <= 1 && x < 0.5) ||
    (n >= SM_UPPERSUM_MIN_N && nUpperTerms <= SM_UPPER_MAX_TERMS && x <= 0.5 / Math.sqrt(n));

  let start = 0;
  let step = 1;
  let nTerms = n1mxfl + 1;
  const vmid = Math.trunc(n / 2);
  let ajh: number;
  let ajl: number;
  if (useUpperSum) {
    start = n;
    step = -1;
    nTerms = n - n1mxceil + 1;
    powSum(1, x, n - 1);
    ajh = dd.hi;
    ajl = dd.lo;
  } else {
    powSum(1, -x, n);
    D.div(dd.hi, dd.lo, x, 0);
    ajh = dd.hi;
    ajl = dd.lo;
  }
  D.add(0, 0, ajh, ajl);
  let sumh = dd.hi;
  let suml = dd.lo;

  // The binomial coefficient C(n, v) as a double-double mantissa and a binary exponent, brought from one
  // exactly computed term to the next by the products of the factors (n - i) / (i + 1) in between.
  let cmanh = 1;
  let cmanl = 0;
  let cexpt = 0;
  let numh = n;
  let numl = 0;
  let denh = 1;
  let denl = 0;
  let ratioExp = 0; // the products' binary exponents taken out against overflow
  // The current term as mantissa · 2^exponent, for the ratio steps between exactly computed terms.
  let termMan = 0;
  let termExp = 0;
  let termScale = 0;

  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step;
    if (step < 0 || (j - 1) % anchorEvery === 0) {
      D.div(numh, numl, denh, denl);
      D.mul(cmanh, cmanl, dd.hi, dd.lo);
      cexpt += D.frexp(dd.hi, dd.lo) + ratioExp;
      cmanh = dd.hi;
      cmanl = dd.lo;
      numh = 1;
      numl = 0;
      denh = 1;
      denl = 0;
      ratioExp = 0;
      // computeAv: A_v = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1), as scipy computes every term.
      D.div(n - v, 0, n, 0);
      D.subDouble(dd.hi, dd.lo, x);
      const t2E = pow2ScaledD(dd.hi, dd.lo, n - v);
      const t2h = dd.hi;
      const t2l = dd.lo;
      D.div(v, 0, n, 0);
      D.addDouble(dd.hi, dd.lo, x);
      const t1E = pow2ScaledD(dd.hi, dd.lo, v - 1);
      D.mul(dd.hi, dd.lo, t2h, t2l);
      D.mul(dd.hi, dd.lo, cmanh, cmanl);
      const ansE = cexpt + t1E + t2E;
      termMan = dd.hi;
      termExp = ansE;
      termScale = termExp >= -1022 && termExp <= 1023 ? pow2(termExp) : 0;
      ajh = D.ldexp(dd.hi, ansE);
      ajl = D.ldexp(dd.lo, ansE);
    } else {
      // A_v / A_(v-1) = (n-v+1)/v · (a+v-1)/(n-a-v+1) · (1 + 1/(a+v-1))^(v-1) · (1 - 1/(n-a-v+1))^(n-v)
      // with a = n·x: each factor to an ulp or two, so a run of anchorEvery - 1 steps stays within
      // ~4·anchorEvery ulps of the term scipy computes directly.
      const up = nxh + (v - 1) + nxl;
      const down = n - v + 1 - nxh - nxl;
      const ratio =
        ((n - v + 1) / v) *
        (up / down) *
        Math.exp((v - 1) * Math.log1p(1 / up) + (n - v) * Math.log1p(-1 / down));
      termMan *= ratio;
      if (!(termMan > 1e-200 && termMan < 1e200)) {
        const e = D.frexpExponent(termMan);
        termMan = D.ldexp(termMan, -e);
        termExp += e;
        termScale = termExp >= -1022 && termExp <= 1023 ? pow2(termExp) : 0;
      }
      ajh = termScale !== 0 ? termMan * termScale : D.ldexp(termMan, termExp);
      ajl = 0;
    }

    if (Number.isFinite(ajh) && ajh !== 0) {
      if (ajl === 0) D.addDouble(sumh, suml, ajh);
      else D.add(sumh, suml, ajh, ajl);
      sumh = dd.hi;
      suml = dd.lo;
    }
    // Safe to stop: the remaining terms cannot reach the sum's last bit.
    if (ajh !== 0) {
      if (4 * (nTerms - j) * Math.abs(ajh) < DBL_EPSILON * sumh && j !== nTerms - 1) break;
    } else if (j > vmid) {
      break;
    }
    // updateBinomial: C(n, j+1) = C(n, j) (n - j) / (j + 1), kept as a product until the next anchor.
    D.mulSmallInteger(numh, numl, n - j);
    numh = dd.hi;
    numl = dd.lo;
    D.mulSmallInteger(denh, denl, j + 1);
    denh = dd.hi;
    denl = dd.lo;
    if (numh > 1e200 || denh > 1e200) {
      const eNum = D.frexpExponent(numh);
      const eDen = D.frexpExponent(denh);
      numh = D.ldexp(numh, -eNum);
      numl = D.ldexp(numl, -eNum);
      denh = D.ldexp(denh, -eDen);
      denl = D.ldexp(denl, -eDen);
      ratioExp += eNum - eDen;
    }
  }
  D.mulDouble(sumh, suml, x);
  const prob = dd.hi;
  return clip01(step < 0 ? 1 - prob : prob);
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}
