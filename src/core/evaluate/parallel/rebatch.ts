/**
 * Batches of exactly the one-piece read's rows. ONNX Runtime's outputs for a row can depend on the other
 * rows of its run (kernels pick paths by batch size), so a read in parts must run the model on rows
 * [kB + 1, (k + 1)B], as a read in one piece does: the first part's last, partial batch is joined with
 * the next part's first rows, and every later batch is cut again at the same places.
 */
import type { Batch, Column } from '../../data/types.js';
import type { FeedArray } from '../../model/input-mapping.js';

/** Rows with their feeds already built (by a reader thread, or from the first part's last batch). */
export interface Piece {
  n: number;
  feeds: Record<string, FeedArray>;
  columns: Column[];
  rowNumbers: Uint32Array;
  lines: Uint32Array;
  missing: [string, number][];
}

export class Rebatcher {
  private pieces: Piece[] = [];
  private rows = 0;
  /**
   * A joined batch's feeds are written into the same arrays every time: the caller is done with a batch
   * before it asks for the next. A fresh megabyte per batch of a read in parts cost allocation, page
   * faults and memory the allocator keeps (peak RSS 15-20 MB higher on a million rows).
   */
  private readonly reused = new Map<string, Exclude<Values, unknown[]>>();
  constructor(private readonly size: number) {}

  push(piece: Piece): void {
    if (piece.n === 0) return;
    this.pieces.push(piece);
    this.rows += piece.n;
  }

  /** The next full batch, if the pieces hold one; a joined batch's feeds are valid until the next call. */
  take(): Piece | undefined {
    return this.rows >= this.size ? this.cut(this.size) : undefined;
  }

  /** What is left at the end of the file (the last, partial batch). */
  rest(): Piece | undefined {
    return this.rows > 0 ? this.cut(this.rows) : undefined;
  }

  private cut(n: number): Piece {
    const parts: Piece[] = [];
    let need = n;
    while (need > 0) {
      const head = this.pieces[0];
      if (head.n <= need) {
        parts.push(head);
        this.pieces.shift();
        need -= head.n;
      } else {
        parts.push(slice(head, 0, need));
        this.pieces[0] = { ...slice(head, need, head.n), missing: [] };
        need = 0;
      }
    }
    this.rows -= n;
    return parts.length === 1 ? parts[0] : concat(parts, this.reused);
  }
}

export function pieceBatch(piece: Piece): Batch {
  return { length: piece.n, columns: piece.columns, rowNumbers: piece.rowNumbers, lines: piece.lines };
}

type Values = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint32Array | Uint8Array | unknown[];

function sliceValues(values: Values, start: number, end: number): Values {
  return Array.isArray(values) ? values.slice(start, end) : values.subarray(start, end);
}

function slice(p: Piece, start: number, end: number): Piece {
  const feeds: Record<string, FeedArray> = {};
  for (const [name, f] of Object.entries(p.feeds)) {
    const width = f.data.length / p.n;
    feeds[name] = {
      dtype: f.dtype,
      data: sliceValues(f.data, start * width, end * width) as FeedArray['data'],
      dims: [end - start, ...f.dims.slice(1)],
    };
  }
  const columns = p.columns.map((c) => {
    const invalid = new Map<number, unknown>();
    for (const [i, raw] of c.invalid) if (i >= start && i < end) invalid.set(i - start, raw);
    return {
      ...c,
      state: c.state.subarray(start, end),
      values: sliceValues(c.values as Values, start, end),
      invalid,
    } as Column;
  });
  return {
    n: end - start,
    feeds,
    columns,
    rowNumbers: p.rowNumbers.subarray(start, end),
    lines: p.lines.subarray(start, end),
    missing: p.missing,
  };
}

function concatValues(
  parts: Values[],
  total: number,
  reused?: Map<string, Exclude<Values, unknown[]>>,
  key?: string,
): Values {
  if (Array.isArray(parts[0])) return ([] as unknown[]).concat(...(parts as unknown[][]));
  const Ctor = (parts[0] as Float64Array).constructor as new (n: number) => Exclude<Values, unknown[]>;
  let out: Exclude<Values, unknown[]>;
  const kept = key === undefined ? undefined : reused?.get(key);
  if (kept && kept.constructor === Ctor && kept.length >= total) {
    out = kept.length === total ? kept : (kept.subarray(0, total) as typeof kept);
  } else {
    out = new Ctor(total);
    if (key !== undefined) reused?.set(key, out);
  }
  let at = 0;
  for (const part of parts as Exclude<Values, unknown[]>[]) {
    (out as Float64Array).set(part as Float64Array, at);
    at += part.length;
  }
  return out;
}

function concat(parts: Piece[], reused?: Map<string, Exclude<Values, unknown[]>>): Piece {
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  const feeds: Record<string, FeedArray> = {};
  for (const [name, f] of Object.entries(parts[0].feeds)) {
    const width = f.data.length / parts[0].n;
    feeds[name] = {
      dtype: f.dtype,
      data: concatValues(
        parts.map((p) => p.feeds[name].data),
        n * width,
        reused,
        `feed:${name}`,
      ) as FeedArray['data'],
      dims: [n, ...f.dims.slice(1)],
    };
  }
  const columns = parts[0].columns.map((c, k) => {
    const invalid = new Map<number, unknown>();
    let offset = 0;
    for (const p of parts) {
      for (const [i, raw] of p.columns[k].invalid) invalid.set(i + offset, raw);
      offset += p.n;
    }
    return {
      ...c,
      state: concatValues(
        parts.map((p) => p.columns[k].state),
        n,
      ) as Uint8Array,
      values: concatValues(
        parts.map((p) => p.columns[k].values as Values),
        n,
      ),
      invalid,
    } as Column;
  });
  const missing = new Map<string, number>();
  for (const p of parts)
    for (const [column, count] of p.missing) missing.set(column, (missing.get(column) ?? 0) + count);
  return {
    n,
    feeds,
    columns,
    rowNumbers: concatValues(
      parts.map((p) => p.rowNumbers),
      n,
    ) as Uint32Array,
    lines: concatValues(
      parts.map((p) => p.lines),
      n,
    ) as Uint32Array,
    missing: [...missing],
  };
}
