/**
 * Fewer points for a drawn curve without changing its shape: a ROC curve of a million rows has up to a
 * million vertices, and a report needs a few hundred. Ramer–Douglas–Peucker run greedily: starting from
 * the first and last points and the extremes (min and max of x and of y, which a plot must not lose), the
 * point farthest from the current simplified line is added until every dropped point is within
 * `tolerance` (in the units given, px for the charts) of it or `maxPoints` are kept.
 */

/** Indices of the points to keep, ascending. `xs` and `ys` are finite and of equal length. */
export function thinPolyline(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  maxPoints: number,
  tolerance = 0.25,
): number[] {
  const n = xs.length;
  if (n <= Math.max(2, maxPoints)) return Array.from({ length: n }, (_, i) => i);
  let minX = 0;
  let maxX = 0;
  let minY = 0;
  let maxY = 0;
  for (let i = 1; i < n; i++) {
    if (xs[i] < xs[minX]) minX = i;
    if (xs[i] > xs[maxX]) maxX = i;
    if (ys[i] < ys[minY]) minY = i;
    if (ys[i] > ys[maxY]) maxY = i;
  }
  const start = [...new Set([0, n - 1, minX, maxX, minY, maxY])].sort((a, b) => a - b);
  const kept = new Uint8Array(n);
  for (const i of start) kept[i] = 1;
  let count = start.length;
  const heap = new SegmentHeap();
  for (let k = 1; k < start.length; k++) heap.push(farthest(xs, ys, start[k - 1], start[k]));
  while (count < maxPoints) {
    const s = heap.pop();
    if (!s || s.distance <= tolerance) break;
    kept[s.at] = 1;
    count++;
    heap.push(farthest(xs, ys, s.from, s.at));
    heap.push(farthest(xs, ys, s.at, s.to));
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (kept[i]) out.push(i);
  return out;
}

interface Segment {
  from: number;
  to: number;
  /** The point between from and to farthest from the segment, and its distance (−1 when none). */
  at: number;
  distance: number;
}

function farthest(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number): Segment {
  const ax = xs[from];
  const ay = ys[from];
  const dx = xs[to] - ax;
  const dy = ys[to] - ay;
  const len2 = dx * dx + dy * dy;
  let at = -1;
  let best = -1;
  for (let i = from + 1; i < to; i++) {
    const px = xs[i] - ax;
    const py = ys[i] - ay;
    // Distance to the segment, not the line: curves double back (calibration, PR), and a point beyond
    // an end of the segment is as far as it is from that end.
    const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
    const ex = px - t * dx;
    const ey = py - t * dy;
    const d2 = ex * ex + ey * ey;
    if (d2 > best) {
      best = d2;
      at = i;
    }
  }
  return { from, to, at, distance: at < 0 ? -1 : Math.sqrt(best) };
}

/** Max-heap of segments by distance. */
class SegmentHeap {
  private items: Segment[] = [];
  push(s: Segment): void {
    if (s.at < 0) return;
    const a = this.items;
    a.push(s);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].distance >= a[i].distance) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): Segment | undefined {
    const a = this.items;
    if (!a.length) return undefined;
    const top = a[0];
    const last = a.pop() as Segment;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].distance > a[m].distance) m = l;
        if (r < a.length && a[r].distance > a[m].distance) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
