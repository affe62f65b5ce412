/**
 * The two-sided one-sample Kolmogorov–Smirnov distribution, `scipy.stats.kstwo`, ported from scipy
 * 1.10.1's scipy/stats/_ksstats.py (`_kolmogn` and its helpers: Ruben–Gambino bounds, the Durbin matrix in
 * Marsaglia–Tsang–Wang's form, Pomeranz's recursion, the Pelz–Good expansion and twice the one-sided
 * Smirnov tail, chosen by Simard & L'Ecuyer's rules). ks_2samp's asymptotic p-value is
 * `kstwo.sf(d, round(n1·n2 / (n1 + n2)))`.
 *
 * Differences left: numpy multiplies the Durbin matrices and convolves Pomeranz's rows through OpenBLAS
 * (FMA kernels, their own summation order), here plain loops do; and scipy runs the rescaled ends of both
 * algorithms in x87 long double (its 2^±128 constants are np.longdouble), here in double-double. Measured
 * against scipy (test/unit/drift/special.test.ts): ≤ 6e-15 relative except Pomeranz's range (n ≤ 140,
 * 0.754693 < n·d² ≤ 4), where sf = 1 − cdf magnifies the CDF's last-bit differences to ≤ 1.6e-12.
 */
import { numpySum } from './numpy-reduce-sum.js';
import * as D from './double-double.js';
import { ldexp } from './double-double.js';
import { smirnov } from './smirnov.js';

const dd = D.dd;

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = 2.5066282746310002;
const LOG_2PI = 1.8378770664093453;
const MIN_LOG = -708;
const SQRT3 = 1.7320508075688772;
const PI_SQUARED = 9.869604401089358;
const PI_FOUR = 97.40909103400242;
const PI_SIX = 961.3891935753043;
const STIRLING_COEFFS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

/** CDF and SF of one evaluation (scipy's `_select_and_clip_prob` picks one, clipped to [0, 1]). */
interface Probabilities {
  cdf: number;
  sf: number;
}

/** A CDF from the Durbin or Pomeranz loops: a double, or (scipy: long double) a double-double. */
interface LoopCdf {
  hi: number;
  lo: number;
}

function plain(p: number): LoopCdf {
  return { hi: p, lo: 0 };
}

function extended(hi: number, lo: number): LoopCdf {
  return { hi, lo };
}

/** Both tails of a loop's CDF: 1 - cdf before rounding, as scipy's long double subtraction does. */
function fromLoop(c: LoopCdf): Probabilities {
  D.twoSum(c.hi, c.lo);
  const hi = dd.hi;
  const lo = dd.lo;
  D.sub(1, 0, hi, lo);
  return both(hi, dd.hi);
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

function both(cdf: number, sf: number): Probabilities {
  return { cdf: clip01(cdf), sf: clip01(sf) };
}

/** log(n! / n^n) by Stirling's series with n·log(n) taken out first. */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Pr(D_n ≤ d) by the Durbin matrix algorithm as Marsaglia, Tsang & Wang compute it. */
function durbinMatrixCdf(n: number, d: number): LoopCdf {
  if (d >= 1) return plain(1);
  const nd = n * d;
  if (nd <= 0.5) return plain(0);
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - Math.pow(h, j);
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;

  let H: Float64Array<ArrayBuffer> = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let power: Float64Array<ArrayBuffer> = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  const centre = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      power = matmul(power, H, m);
      expnt += hExpnt;
    }
    H = matmul(H, H, m);
    hExpnt *= 2;
    if (Math.abs(H[centre]) > EP128) {
      for (let i = 0; i < m * m; i++) H[i] /= EP128;
      hExpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }
  // n!/n^n. scipy's loop turns to long double at its first rescaling (a float64 times the np.longdouble
  // 2^128 is a long double); from that step on it runs in double-double here, at least as precise.
  let p = power[centre];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
      let ph = p;
      let pl = 0;
      for (let j = i + 1; j <= n; j++) {
        D.mulSmallInteger(ph, pl, j);
        D.div(dd.hi, dd.lo, n, 0);
        ph = dd.hi;
        pl = dd.lo;
        if (Math.abs(ph) < EM128) {
          ph *= EP128;
          pl *= EP128;
          expnt -= E128;
        }
      }
      return extended(ldexp(ph, expnt), ldexp(pl, expnt));
    }
  }
  return plain(expnt !== 0 ? ldexp(p, expnt) : p);
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l];
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += ail * b[l * m + j];
    }
  }
  return out;
}

/** The interval of non-zero entries in row i of Pomeranz's recursion. */
function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pr(D_n ≤ x) by Pomeranz's recursion (two rows of Poisson convolutions, scaled against underflow). */
function pomeranzCdf(n: number, x: number): LoopCdf {
  const t = n * x;
  const ll = Math.floor(t);
  const f = 1 * (t - ll);
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let j1 = pomeranzJ1J2(0, n, ll, ceilf, roundf)[0];
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    const swap = V0;
    V0 = V1;
    V1 = swap;
    const swapS = V0s;
    V0s = V1s;
    V1s = swapS;
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]) with numpy's slice truncation.
      const aStart = k1 - V0s;
      const aLen = Math.min(ln2, npwrs - aStart);
      const bLen = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      for (let c = 0; c < convLen; c++) {
        const kk = convStart + c;
        let s = 0;
        const lo = Math.max(0, kk - bLen + 1);
        const hi = Math.min(kk, aLen - 1);
        for (let a = lo; a <= hi; a++) s += V0[aStart + a] * pwrs[kk - a];
        V1[c] = s;
      }
      let max = 0;
      for (let c = 0; c < npwrs; c++) if (V1[c] > max) max = V1[c];
      if (max > 0 && max < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  // × n!, as above: double until the first rescaling, then (scipy: long double) double-double.
  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      let ah = ans * EM128;
      let al = 0;
      expnt += E128;
      for (let j = m; j <= n; j++) {
        if (j > m && Math.abs(ah) > EP128) {
          ah *= EM128;
          al *= EM128;
          expnt += E128;
        }
        D.mulSmallInteger(ah, al, j);
        ah = dd.hi;
        al = dd.lo;
      }
      return extended(ldexp(ah, expnt), ldexp(al, expnt));
    }
    ans *= m;
  }
  return plain(expnt !== 0 ? ldexp(ans, expnt) : ans);
}

/** The Pelz–Good approximation to Pr(D_n ≤ x) (Li-Chien/Korolyuk's series turned for small z). */
function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = z * z;
  const zthree = Math.pow(z, 3);
  const zfour = Math.pow(z, 4);
  const zsix = Math.pow(z, 6);
  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);

  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16;
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64;
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * Math.pow(z, 8);

  let K0 = 0;
  let K1 = 0;
  let K2 = 0;
  let K3 = 0;
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const msquared = m * m;
    const mfour = msquared * msquared;
    const msix = mfour * msquared;
    const qpower = Math.pow(q, 8 * k);
    K0 = K0 * qpower + 1;
    K1 = K1 * qpower + (k1a + k1b * msquared);
    K2 = K2 * qpower + (k2a + k2b * msquared + k2c * mfour);
    K3 = K3 * qpower + (k3a + k3b * msquared + k3c * mfour + k3d * msix);
  }
  K0 = (K0 * q * SQRT2PI) / z;
  K1 = (K1 * q * SQRT2PI) / (6 * zfour);
  K2 = (K2 * q * SQRT2PI) / (72 * Math.pow(z, 7));
  K3 = (K3 * q * SQRT2PI) / (6480 * Math.pow(z, 10));

  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  // np.sum over k = maxk..1 of small arrays: numpy's pairwise order.
  const terms2 = new Float64Array(maxk);
  const terms3 = new Float64Array(maxk);
  for (let idx = 0; idx < maxk; idx++) {
    const k = maxk - idx;
    const ksquared = k * k;
    const kspi = Math.PI * k;
    const qpwer = Math.pow(q, ksquared);
    terms2[idx] = ksquared * qpwer;
    terms3[idx] = (sqrt3z + kspi) * (sqrt3z - kspi) * ksquared * qpwer;
  }
  let k2extra = numpySum(terms2);
  k2extra *= (PI_SQUARED * SQRT2PI) / (-36 * zthree);
  K2 += k2extra;
  let k3extra = numpySum(terms3);
  k3extra *= (PI_SQUARED * SQRT2PI) / (216 * zsix);
  K3 += k3extra;
  K1 /= Math.pow(n, 0.5);
  K2 /= Math.pow(n, 1);
  K3 /= Math.pow(n, 1.5);
  return 0 + K0 + K1 + K2 + K3;
}

/** `_kolmogn(n, x)`: both CDF and SF of D_n at x for integer n ≥ 1. */
function kolmogn(n: number, x: number, wantSf: boolean): Probabilities {
  if (x >= 1) return both(1, 0);
  if (x <= 0) return both(0, 1);
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return both(0, 1);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return both(prob, 1 - prob);
  }
  if (t >= n - 1) {
    const prob = 2 * Math.pow(1 - x, n);
    return both(1 - prob, prob);
  }
  if (x >= 0.5) {
    const prob = 2 * smirnov(n, x);
    return both(1 - prob, prob);
  }
  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return fromLoop(durbinMatrixCdf(n, x));
    if (nxsquared <= 4) return fromLoop(pomeranzCdf(n, x));
    const prob = 2 * smirnov(n, x);
    return both(1 - prob, prob);
  }
  if (wantSf) {
    if (nxsquared >= 370) return { cdf: 1, sf: 0 };
    if (nxsquared >= 2.2) {
      const prob = clip01(2 * smirnov(n, x));
      return { cdf: 1 - prob, sf: prob };
    }
  }
  if (nxsquared >= 18) return both(1, 0);
  if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) return fromLoop(durbinMatrixCdf(n, x));
  const cdfprob = pelzGoodCdf(n, x);
  return both(cdfprob, 1 - cdfprob);
}

/**
 * `scipy.stats.kstwo.sf(d, n)`: Pr(D_n ≥ d). scipy's generic sf returns 1 at and below the support's
 * start 0.5/n and 0 from its end 1 on; n must be a positive integer.
 */
export function kstwoSf(d: number, n: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN;
  if (d <= 0.5 / n) return 1;
  if (d >= 1) return 0;
  return kolmogn(n, d, true).sf;
}

/** `scipy.stats.kstwo.cdf(d, n)`: Pr(D_n ≤ d). */
export function kstwoCdf(d: number, n: number): number {
  if (!(n >= 1) || !Number.isInteger(n) || Number.isNaN(d)) return NaN;
  if (d <= 0.5 / n) return 0;
  if (d >= 1) return 1;
  return kolmogn(n, d, false).cdf;
}
