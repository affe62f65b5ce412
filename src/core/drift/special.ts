/**
 * The special functions behind the drift p-values, ported from the cephes sources scipy 1.10.1 builds
 * (scipy/special/cephes: ndtr.c, gamma.c, igam.c, lanczos.c/.h, unity.c, polevl.h) step for step, so a
 * p-value equals scipy's to the last few ulps (the only differences left are the platform's exp/log/pow,
 * which V8 and glibc both round to within an ulp) — also far into the tails, where
 * `1 - cdf` would have lost everything:
 *   normalSf(x)      = scipy.stats.norm.sf(x)      = ndtr(-x)
 *   chiSquareSf(x,k) = scipy.stats.chi2.sf(x, k)   = igamc(k/2, x/2)
 * The coefficients are written as the shortest decimal of the double each C literal rounds to (the C
 * sources print 18-21 digits, which eslint's no-loss-of-precision refuses): the same doubles.
 */
import { IGAM_ASYMPTOTIC_D } from './igam-asymptotic-table.js';

const MACHEP = 1.1102230246251565e-16; // 2^-53
const MAXLOG = 709.782712893384; // log(DBL_MAX)
const SQRT1_2 = 0.7071067811865476;
const EULER = 0.5772156649015329;

/** polevl: c[0] x^N + ... + c[N], Horner's order as cephes evaluates it. */
function polevl(x: number, coef: readonly number[], degree: number): number {
  let ans = coef[0];
  for (let i = 1; i <= degree; i++) ans = ans * x + coef[i];
  return ans;
}

/** p1evl: as polevl with an implicit leading coefficient 1 (coef holds the other `degree`). */
function p1evl(x: number, coef: readonly number[], degree: number): number {
  let ans = x + coef[0];
  for (let i = 1; i < degree; i++) ans = ans * x + coef[i];
  return ans;
}

/** ratevl (polevl.h): a rational function, evaluated in 1/x for |x| > 1. */
function ratevl(x: number, num: readonly number[], denom: readonly number[]): number {
  const m = num.length - 1;
  const n = denom.length - 1;
  const absx = Math.abs(x);
  if (absx > 1) {
    const y = 1 / x;
    let numAns = num[m];
    for (let i = m - 1; i >= 0; i--) numAns = numAns * y + num[i];
    let denomAns = denom[n];
    for (let i = n - 1; i >= 0; i--) denomAns = denomAns * y + denom[i];
    return (Math.pow(x, n - m) * numAns) / denomAns;
  }
  let numAns = num[0];
  for (let i = 1; i <= m; i++) numAns = numAns * x + num[i];
  let denomAns = denom[0];
  for (let i = 1; i <= n; i++) denomAns = denomAns * x + denom[i];
  return numAns / denomAns;
}

// ---------------------------------------------------------------------------------------------------
// Normal distribution (ndtr.c)

const ERFC_P = [
  2.461969814735305e-10, 0.5641895648310689, 7.463210564422699, 48.63719709856814, 196.5208329560771,
  526.4451949954773, 934.5285271719576, 1027.5518868951572, 557.5353353693994,
];
const ERFC_Q = [
  13.228195115474499, 86.70721408859897, 354.9377788878199, 975.7085017432055, 1823.9091668790973,
  2246.3376081871097, 1656.6630919416134, 557.5353408177277,
];
const ERFC_R = [
  0.5641895835477551, 1.275366707599781, 5.019050422511805, 6.160210979930536, 7.4097426995044895,
  2.9788666537210022,
];
const ERFC_S = [
  2.2605286322011726, 9.396035249380015, 12.048953980809666, 17.08144507475659, 9.608968090632859,
  3.369076451000815,
];
const ERF_T = [9.604973739870516, 90.02601972038427, 2232.005345946843, 7003.325141128051, 55592.30130103949];
const ERF_U = [
  33.56171416475031, 521.3579497801527, 4594.323829709801, 22629.000061389095, 49267.39426086359,
];

/** cephes erfc. */
export function erfc(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a < 0 ? -a : a;
  if (x < 1) return 1 - erf(a);
  let z = -a * a;
  if (z < -MAXLOG) return a < 0 ? 2 : 0;
  z = Math.exp(z);
  let p: number;
  let q: number;
  if (x < 8) {
    p = polevl(x, ERFC_P, 8);
    q = p1evl(x, ERFC_Q, 8);
  } else {
    p = polevl(x, ERFC_R, 5);
    q = p1evl(x, ERFC_S, 6);
  }
  let y = (z * p) / q;
  if (a < 0) y = 2 - y;
  if (y !== 0) return y;
  return a < 0 ? 2 : 0;
}

/** cephes erf. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (Math.abs(x) > 1) return 1 - erfc(x);
  const z = x * x;
  return (x * polevl(z, ERF_T, 4)) / p1evl(z, ERF_U, 5);
}

/** cephes ndtr: the standard normal CDF. */
export function ndtr(a: number): number {
  if (Number.isNaN(a)) return NaN;
  const x = a * SQRT1_2;
  const z = Math.abs(x);
  if (z < SQRT1_2) return 0.5 + 0.5 * erf(x);
  let y = 0.5 * erfc(z);
  if (x > 0) y = 1 - y;
  return y;
}

/** `scipy.stats.norm.sf(x)`: the upper tail, exact to ~1e-14 relative down to 1e-308 (x ≈ 37.5). */
export function normalSf(x: number): number {
  return ndtr(-x);
}

// ---------------------------------------------------------------------------------------------------
// log Gamma (gamma.c)

const LGAM_A = [
  0.0008116141674705085, -0.0005950619042843014, 0.0007936503404577169, -0.002777777777300997,
  0.08333333333333319,
];
const LGAM_B = [
  -1378.2515256912086, -38801.631513463784, -331612.9927388712, -1162370.974927623, -1721737.0082083966,
  -853555.6642457654,
];
const LGAM_C = [
  -351.81570143652345, -17064.210665188115, -220528.59055385445, -1139334.4436798252, -2532523.0717758294,
  -2018891.4143353277,
];
const LS2PI = 0.9189385332046728;
const LOGPI = 1.1447298858494002;
const MAXLGM = 2.556348e305;

/** cephes lgam: log |Γ(x)|. */
export function lgam(xIn: number): number {
  let x = xIn;
  if (!Number.isFinite(x)) return x;
  if (x < -34) {
    const q = -x;
    const w = lgam(q);
    let p = Math.floor(q);
    if (p === q) return Infinity;
    let z = q - p;
    if (z > 0.5) {
      p += 1;
      z = p - q;
    }
    z = q * Math.sin(Math.PI * z);
    if (z === 0) return Infinity;
    return LOGPI - Math.log(z) - w;
  }
  if (x < 13) {
    let z = 1;
    let p = 0;
    let u = x;
    while (u >= 3) {
      p -= 1;
      u = x + p;
      z *= u;
    }
    while (u < 2) {
      if (u === 0) return Infinity;
      z /= u;
      p += 1;
      u = x + p;
    }
    if (z < 0) z = -z;
    if (u === 2) return Math.log(z);
    p -= 2;
    x = x + p;
    p = (x * polevl(x, LGAM_B, 5)) / p1evl(x, LGAM_C, 6);
    return Math.log(z) + p;
  }
  if (x > MAXLGM) return Infinity;
  let q = (x - 0.5) * Math.log(x) - x + LS2PI;
  if (x > 1e8) return q;
  const p = 1 / (x * x);
  if (x >= 1000) {
    q += ((0.0007936507936507937 * p - 0.002777777777777778) * p + 0.08333333333333333) / x;
  } else {
    q += polevl(p, LGAM_A, 4) / x;
  }
  return q;
}

// ---------------------------------------------------------------------------------------------------
// Lanczos approximation (lanczos.c/.h, from Boost) and the helpers of unity.c

const LANCZOS_G = 6.02468004077673;
const LANCZOS_SUM_EXPG_SCALED_NUM = [
  0.006061842346248907, 0.5098416655656676, 19.519927882476175, 449.9445569063168, 6955.999602515376,
  75999.29304014542, 601859.6171681099, 3481712.154980646, 14605578.087685067, 43338889.32467614,
  86363131.2881386, 103794043.11634454, 56906521.913471565,
];
const LANCZOS_SUM_EXPG_SCALED_DENOM = [
  1, 66, 1925, 32670, 357423, 2637558, 13339535, 45995730, 105258076, 150917976, 120543840, 39916800, 0,
];

function lanczosSumExpgScaled(x: number): number {
  return ratevl(x, LANCZOS_SUM_EXPG_SCALED_NUM, LANCZOS_SUM_EXPG_SCALED_DENOM);
}

const LOG1P_P = [
  0.0000452700008624452, 0.49854102823193375, 6.578732594206104, 29.911919328553072, 60.94966798098779,
  57.11296359058554, 20.039553499201283,
];
const LOG1P_Q = [
  15.062909083469192, 83.04756596796722, 221.76239823732857, 309.09872225312057, 216.42788614495947,
  60.11866049760384,
];

/** cephes log1p (unity.c; scipy compiles it in place of libm's). */
export function log1p(x: number): number {
  let z = 1 + x;
  if (z < SQRT1_2 || z > Math.SQRT2) return Math.log(z);
  z = x * x;
  z = -0.5 * z + x * ((z * polevl(x, LOG1P_P, 6)) / p1evl(x, LOG1P_Q, 6));
  return x + z;
}

const EXPM1_P = [0.00012617719307481058, 0.030299440770744195, 1];
const EXPM1_Q = [0.0000030019850513866446, 0.002524483403496841, 0.22726554820815503, 2];

/** cephes expm1 (unity.c). */
export function expm1(x: number): number {
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x) || x > 0) return x;
    return -1;
  }
  if (x < -0.5 || x > 0.5) return Math.exp(x) - 1;
  const xx = x * x;
  let r = x * polevl(xx, EXPM1_P, 2);
  r = r / (polevl(xx, EXPM1_Q, 3) - r);
  return r + r;
}

/** log(1 + x) - x without the cancellation (unity.c). */
function log1pmx(x: number): number {
  if (Math.abs(x) < 0.5) {
    let xfac = x;
    let res = 0;
    for (let n = 2; n < 2000; n++) {
      xfac *= -x;
      const term = xfac / n;
      res += term;
      if (Math.abs(term) < MACHEP * Math.abs(res)) break;
    }
    return res;
  }
  return log1p(x) - x;
}

/** ζ(n) for n = 2..41 as scipy.special.zeta(n, 1) returns them (the Taylor series of lgam1p needs them). */
const ZETA = [
  1.6449340668482266, 1.202056903159594, 1.0823232337111381, 1.0369277551433704, 1.0173430619844488,
  1.008349277381923, 1.0040773561979446, 1.0020083928260826, 1.0009945751278182, 1.0004941886041194,
  1.0002460865533078, 1.0001227133475785, 1.0000612481350586, 1.0000305882363072, 1.0000152822594084,
  1.0000076371976376, 1.000003817293265, 1.0000019082127163, 1.0000009539620338, 1.0000004769329867,
  1.0000002384505027, 1.000000119219926, 1.000000059608189, 1.0000000298035034, 1.0000000149015549,
  1.0000000074507118, 1.000000003725334, 1.0000000018626598, 1.0000000009313275, 1.0000000004656628,
  1.000000000232831, 1.0000000001164155, 1.0000000000582077, 1.0000000000291038, 1.000000000014552,
  1.000000000007276, 1.000000000003638, 1.000000000001819, 1.0000000000009095, 1.0000000000004547,
];

function lgam1pTaylor(x: number): number {
  if (x === 0) return 0;
  let res = -EULER * x;
  let xfac = -x;
  for (let n = 2; n < 42; n++) {
    xfac *= -x;
    const coeff = (ZETA[n - 2] * xfac) / n;
    res += coeff;
    if (Math.abs(coeff) < MACHEP * Math.abs(res)) break;
  }
  return res;
}

/** log Γ(1 + x), accurate near x = 0 and x = 1 (unity.c). */
function lgam1p(x: number): number {
  if (Math.abs(x) <= 0.5) return lgam1pTaylor(x);
  if (Math.abs(x - 1) < 0.5) return Math.log(x) + lgam1pTaylor(x - 1);
  return lgam(x + 1);
}

// ---------------------------------------------------------------------------------------------------
// Regularized incomplete gamma (igam.c)

const IGAM_MAXITER = 2000;
const IGAM_SMALL = 20;
const IGAM_LARGE = 200;
const IGAM_SMALLRATIO = 0.3;
const IGAM_LARGERATIO = 4.5;
const BIG = 4.503599627370496e15;
const BIGINV = 2.220446049250313e-16;

/** x^a e^(-x) / Γ(a), through the Lanczos approximation when a ≈ x (igam_fac). */
function igamFac(a: number, x: number): number {
  if (Math.abs(a - x) > 0.4 * Math.abs(a)) {
    const ax = a * Math.log(x) - x - lgam(a);
    if (ax < -MAXLOG) return 0;
    return Math.exp(ax);
  }
  const fac = a + LANCZOS_G - 0.5;
  let res = Math.sqrt(fac / Math.exp(1)) / lanczosSumExpgScaled(a);
  if (a < 200 && x < 200) {
    res *= Math.exp(a - x) * Math.pow(x / fac, a);
  } else {
    const num = x - a - LANCZOS_G + 0.5;
    res *= Math.exp(a * log1pmx(num / fac) + (x * (0.5 - LANCZOS_G)) / fac);
  }
  return res;
}

/** DLMF 8.9.2. */
function igamcContinuedFraction(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0) return 0;
  let y = 1 - a;
  let z = x + y + 1;
  let c = 0;
  let pkm2 = 1;
  let qkm2 = x;
  let pkm1 = x + 1;
  let qkm1 = z * x;
  let ans = pkm1 / qkm1;
  for (let i = 0; i < IGAM_MAXITER; i++) {
    c += 1;
    y += 1;
    z += 2;
    const yc = y * c;
    const pk = pkm1 * z - pkm2 * yc;
    const qk = qkm1 * z - qkm2 * yc;
    let t: number;
    if (qk !== 0) {
      const r = pk / qk;
      t = Math.abs((ans - r) / r);
      ans = r;
    } else {
      t = 1;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (Math.abs(pk) > BIG) {
      pkm2 *= BIGINV;
      pkm1 *= BIGINV;
      qkm2 *= BIGINV;
      qkm1 *= BIGINV;
    }
    if (t <= MACHEP) break;
  }
  return ans * ax;
}

/** DLMF 8.11.4. */
function igamSeries(a: number, x: number): number {
  const ax = igamFac(a, x);
  if (ax === 0) return 0;
  let r = a;
  let c = 1;
  let ans = 1;
  for (let i = 0; i < IGAM_MAXITER; i++) {
    r += 1;
    c *= x / r;
    ans += c;
    if (c <= MACHEP * ans) break;
  }
  return (ans * ax) / a;
}

/** DLMF 8.7.3, arranged against cancellation at small x. */
function igamcSeries(a: number, x: number): number {
  let fac = 1;
  let sum = 0;
  for (let n = 1; n < IGAM_MAXITER; n++) {
    fac *= -x / n;
    const term = fac / (a + n);
    sum += term;
    if (Math.abs(term) <= MACHEP * Math.abs(sum)) break;
  }
  const logx = Math.log(x);
  const term = -expm1(a * logx - lgam1p(a));
  return term - Math.exp(a * logx - lgam(a)) * sum;
}

/** DLMF 8.12.4 (Temme's expansion) for the upper function when a ≈ x. */
function igamcAsymptotic(a: number, x: number): number {
  const K = IGAM_ASYMPTOTIC_D.length;
  const N = IGAM_ASYMPTOTIC_D[0].length;
  const lambda = x / a;
  const sigma = (x - a) / a;
  let eta: number;
  if (lambda > 1) eta = Math.sqrt(-2 * log1pmx(sigma));
  else if (lambda < 1) eta = -Math.sqrt(-2 * log1pmx(sigma));
  else eta = 0;
  let res = 0.5 * erfc(eta * Math.sqrt(a / 2));
  const etapow = new Float64Array(N);
  etapow[0] = 1;
  let maxpow = 0;
  let sum = 0;
  let afac = 1;
  let absoldterm = Infinity;
  for (let k = 0; k < K; k++) {
    const d = IGAM_ASYMPTOTIC_D[k];
    let ck = d[0];
    for (let n = 1; n < N; n++) {
      if (n > maxpow) {
        etapow[n] = eta * etapow[n - 1];
        maxpow += 1;
      }
      const ckterm = d[n] * etapow[n];
      ck += ckterm;
      if (Math.abs(ckterm) < MACHEP * Math.abs(ck)) break;
    }
    const term = ck * afac;
    const absterm = Math.abs(term);
    if (absterm > absoldterm) break;
    sum += term;
    if (absterm < MACHEP * Math.abs(sum)) break;
    absoldterm = absterm;
    afac /= a;
  }
  res += (Math.exp(-0.5 * a * eta * eta) * sum) / Math.sqrt(2 * Math.PI * a);
  return res;
}

/** cephes igamc(a, x) = Q(a, x), the regularized upper incomplete gamma function (scipy's gammaincc). */
export function igamc(a: number, x: number): number {
  if (x < 0 || a <= 0 || Number.isNaN(x) || Number.isNaN(a)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const absxmaA = Math.abs(x - a) / a;
  if (a > IGAM_SMALL && a < IGAM_LARGE && absxmaA < IGAM_SMALLRATIO) return igamcAsymptotic(a, x);
  if (a > IGAM_LARGE && absxmaA < IGAM_LARGERATIO / Math.sqrt(a)) return igamcAsymptotic(a, x);
  if (x > 1.1) {
    if (x < a) return 1 - igamSeries(a, x);
    return igamcContinuedFraction(a, x);
  }
  if (x <= 0.5) {
    if (-0.4 / Math.log(x) < a) return 1 - igamSeries(a, x);
    return igamcSeries(a, x);
  }
  if (x * 1.1 < a) return 1 - igamSeries(a, x);
  return igamcSeries(a, x);
}

/**
 * `scipy.stats.chi2.sf(x, dof)`: scipy's generic sf returns 1 at and below the support's start (x ≤ 0)
 * and calls chdtrc(dof, x) = igamc(dof/2, x/2) inside it.
 */
export function chiSquareSf(x: number, dof: number): number {
  if (!(dof > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return igamc(dof / 2, x / 2);
}
