/**
 * The double-double arithmetic (a value hi + lo, |lo| ≤ ulp(hi)/2) that scipy's one-sided Smirnov
 * distribution computes in: the operations of the QD package as scipy/special/cephes/dd_real_idefs.h and
 * dd_real.c hold them, step for step. Each operation leaves its result in the registers `dd.hi`/`dd.lo`
 * instead of returning an object, so the Smirnov sum (up to a million terms) allocates nothing.
 */

/** The result of the last operation. */
export const dd = { hi: 0, lo: 0 };

const SPLITTER = 134217729; // 2^27 + 1
const SPLIT_THRESH = 6.69692879491417e299; // 2^996

let splitHi = 0;
let splitLo = 0;

function twoSplit(a: number): void {
  if (a > SPLIT_THRESH || a < -SPLIT_THRESH) {
    const s = a * 3.725290298461914e-9; // 2^-28
    const temp = SPLITTER * s;
    const hi = temp - (temp - s);
    splitHi = hi * 268435456; // 2^28
    splitLo = (s - hi) * 268435456;
  } else {
    const temp = SPLITTER * a;
    splitHi = temp - (temp - a);
    splitLo = a - splitHi;
  }
}

/** a + b exactly. */
export function twoSum(a: number, b: number): void {
  const s = a + b;
  const c = s - a;
  const d = b - c;
  const e = s - c;
  dd.hi = s;
  dd.lo = a - e + d;
}

/** a + b exactly when |a| ≥ |b|. */
function quickTwoSum(a: number, b: number): void {
  const s = a + b;
  const c = s - a;
  dd.hi = s;
  dd.lo = b - c;
}

/** a - b exactly. */
export function twoDiff(a: number, b: number): void {
  const s = a - b;
  const c = s - a;
  const d = b + c;
  const e = s - c;
  dd.hi = s;
  dd.lo = a - e - d;
}

/** a · b exactly (Dekker's product; scipy's FMA variant gives the same exact error term). */
export function twoProd(a: number, b: number): void {
  const p = a * b;
  twoSplit(a);
  const aHi = splitHi;
  const aLo = splitLo;
  twoSplit(b);
  const bHi = splitHi;
  const bLo = splitLo;
  const c = aHi * bHi - p;
  const d = c + aHi * bLo + aLo * bHi;
  dd.hi = p;
  dd.lo = d + aLo * bLo;
}

/** (ah, al) + (bh, bl), the IEEE-style bound (dd_ieee_add). */
export function add(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s1 = dd.hi;
  let s2 = dd.lo;
  twoSum(al, bl);
  const t1 = dd.hi;
  const t2 = dd.lo;
  s2 += t1;
  quickTwoSum(s1, s2);
  const u1 = dd.hi;
  const u2 = dd.lo + t2;
  quickTwoSum(u1, u2);
}

/** (ah, al) - (bh, bl). */
export function sub(ah: number, al: number, bh: number, bl: number): void {
  add(ah, al, -bh, -bl);
}

/** (ah, al) + b. */
export function addDouble(ah: number, al: number, b: number): void {
  twoSum(ah, b);
  const s1 = dd.hi;
  const s2 = dd.lo + al;
  quickTwoSum(s1, s2);
}

/** (ah, al) - b. */
export function subDouble(ah: number, al: number, b: number): void {
  twoSum(ah, -b);
  const s1 = dd.hi;
  const s2 = dd.lo + al;
  quickTwoSum(s1, s2);
}

/** (ah, al) · (bh, bl). */
export function mul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p1 = dd.hi;
  const p2 = dd.lo + (ah * bl + al * bh);
  quickTwoSum(p1, p2);
}

/** (ah, al) · b. */
export function mulDouble(ah: number, al: number, b: number): void {
  twoProd(ah, b);
  const p1 = dd.hi;
  const e1 = dd.lo;
  twoProd(al, b);
  const p2 = dd.hi;
  const e2 = dd.lo;
  quickTwoSum(p1, e2 + p2 + e1);
}

/**
 * (ah, al) · k for an integer 0 ≤ k < 2^26: mulDouble's result (the same exact product error) with k
 * needing no split.
 */
export function mulSmallInteger(ah: number, al: number, k: number): void {
  const p1 = ah * k;
  twoSplit(ah);
  const e1 = splitHi * k - p1 + splitLo * k;
  const p2 = al * k;
  quickTwoSum(p1, p2 + e1);
}

/** (ah, al) / (bh, bl): the QD package's accurate division (three quotient terms). */
export function div(ah: number, al: number, bh: number, bl: number): void {
  let q1 = ah / bh;
  mulDouble(bh, bl, q1);
  sub(ah, al, dd.hi, dd.lo);
  const rh = dd.hi;
  const rl = dd.lo;
  let q2 = rh / bh;
  mulDouble(bh, bl, q2);
  sub(rh, rl, dd.hi, dd.lo);
  const q3 = dd.hi / bh;
  quickTwoSum(q1, q2);
  q1 = dd.hi;
  q2 = dd.lo;
  addDouble(q1, q2, q3);
}

/** ⌊(ah, al)⌋. */
export function floor(ah: number, al: number): void {
  const hi = Math.floor(ah);
  if (hi === ah) {
    quickTwoSum(hi, Math.floor(al));
  } else {
    dd.hi = hi;
    dd.lo = 0;
  }
}

// frexp / ldexp on the bit pattern, exactly as C's (ldexp rounds once, also into the subnormals).
const bits = new Float64Array(1);
const bitWords = new Uint32Array(bits.buffer);

/** The exponent frexp would return for x (0 for 0, NaN and ±Infinity); its mantissa is ldexp(x, -e). */
export function frexpExponent(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  bits[0] = x;
  let e = (bitWords[1] >>> 20) & 0x7ff;
  if (e === 0) {
    bits[0] = x * 18014398509481984; // 2^54: a subnormal made normal
    e = ((bitWords[1] >>> 20) & 0x7ff) - 54;
  }
  return e - 1022;
}

/** 2^e for integer e in [-1022, 1023]. */
export function pow2(e: number): number {
  bitWords[0] = 0;
  bitWords[1] = (e + 1023) << 20;
  return bits[0];
}

/** C's ldexp(x, e) (musl's scalbn: the last multiplication is the only rounding). */
export function ldexp(x: number, e: number): number {
  let y = x;
  let n = e;
  if (n > 1023) {
    y *= 8.98846567431158e307; // 2^1023
    n -= 1023;
    if (n > 1023) {
      y *= 8.98846567431158e307;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    y *= 2.004168360008973e-292; // 2^-1022 · 2^53
    n += 1022 - 53;
    if (n < -1022) {
      y *= 2.004168360008973e-292;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * pow2(n);
}

/**
 * dd_frexp: the mantissa of (ah, al) in dd.hi/dd.lo with 0.5 ≤ |hi| < 1 (or |hi| = 1 against a lo of the
 * other sign); returns the exponent.
 */
export function frexp(ah: number, al: number): number {
  let exponent = frexpExponent(ah);
  let man = ldexp(ah, -exponent);
  let b1 = ldexp(al, -exponent);
  if (Math.abs(man) === 0.5 && man * b1 < 0) {
    man *= 2;
    b1 *= 2;
    exponent -= 1;
  }
  dd.hi = man;
  dd.lo = b1;
  return exponent;
}
