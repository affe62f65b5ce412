/**
 * xoshiro128** (Blackman & Vigna) seeded through splitmix32: 32-bit integer steps only (Math.imul, no
 * BigInt), so a seed gives the same stream on every machine. scripts/reference/metrics_reference.py holds
 * a Python copy that draws the same resamples for the reference CIs.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let state = seed >>> 0;
    const next = (): number => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const x = Math.imul(this.s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * An integer in [0, n) as floor(r·n / 2^32) computed exactly for n < 2^31 (multiply-high; the bias is
   * below n / 2^32, far under any bootstrap's noise).
   */
  nextBelow(n: number): number {
    const r = this.nextUint32();
    const high = r * (n >>> 16); // < 2^47: exact
    const low = r * (n & 0xffff); // < 2^48: exact
    return Math.floor((high + Math.floor(low / 65536)) / 65536);
  }
}
