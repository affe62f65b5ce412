import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Xoshiro128 } from '../../../src/core/metrics/prng.js';

const dir = join(import.meta.dirname, '../../fixtures/drift');

/** A fixture written by scripts/reference/drift_reference.py. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}

/** A sample the reference script draws instead of storing it (its `draw`, operation for operation). */
export interface GeneratorSpec {
  kind: 'uniform' | 'normal4' | 'heavy' | 'integers' | 'constant';
  n: number;
  seed: number;
  scale?: number;
  loc?: number;
  levels?: number;
}

export interface StoredSample {
  generate: GeneratorSpec;
  check: { first: number[]; sum: number };
}

export function draw(spec: GeneratorSpec): Float64Array {
  const r = new Xoshiro128(spec.seed);
  const u = () => r.nextUint32() / 4294967296;
  const scale = spec.scale ?? 1;
  const loc = spec.loc ?? 0;
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    switch (spec.kind) {
      case 'uniform':
        out[i] = u() * scale + loc;
        break;
      case 'normal4':
        out[i] = (u() + u() + u() + u() - 2) * scale + loc;
        break;
      case 'heavy':
        out[i] = ((u() - 0.5) / (u() + 2 ** -33)) * scale + loc;
        break;
      case 'integers':
        out[i] = Math.floor(u() * (spec.levels as number)) * scale + loc;
        break;
      case 'constant':
        out[i] = loc;
        break;
    }
  }
  return out;
}

/** Python's math.fsum: the correctly rounded sum (Shewchuk's partials), for the samples' checksums. */
export function fsum(values: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let k = 0; k < values.length; k++) {
    let x = values[k];
    let i = 0;
    for (const p of partials) {
      let y = p;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  let hi = 0;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

/** |actual − expected| / |expected| (0 when equal; the absolute difference when expected is 0). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  const diff = Math.abs(actual - expected);
  return expected === 0 ? diff : diff / Math.abs(expected);
}
