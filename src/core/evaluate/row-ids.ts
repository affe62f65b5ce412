/**
 * The data row of every evaluated row, in order. A CSV file's rows are 1, 2, 3, ... and a shard's
 * are i, i + n, i + 2n, ...: an arithmetic run needs no array at all, which saves 4 bytes a row
 * (40 MB at 10 M rows). The first row that breaks the run (JSON Lines blank lines, dropped non-finite
 * rows) turns the ids into a plain array.
 */
import { Growable } from './growable.js';

export class RowIds {
  private first = 0;
  private step = 0;
  private count = 0;
  private explicit: Growable<Uint32Array> | undefined;

  constructor(private readonly capacityHint = 1 << 14) {}

  static of(rows: Uint32Array): RowIds {
    const ids = new RowIds(rows.length);
    ids.push(rows);
    return ids;
  }

  get length(): number {
    return this.explicit ? this.explicit.length : this.count;
  }

  push(rows: ArrayLike<number>, keep?: Uint8Array): void {
    for (let i = 0; i < rows.length; i++) {
      if (keep && !keep[i]) continue;
      this.pushOne(rows[i]);
    }
  }

  private pushOne(row: number): void {
    if (this.explicit) {
      this.explicit.push(row);
      return;
    }
    if (this.count === 0) this.first = row;
    else if (this.count === 1 && row > this.first) this.step = row - this.first;
    else if (row !== this.first + this.count * this.step) {
      this.materialise();
      this.explicit!.push(row);
      return;
    }
    this.count++;
  }

  private materialise(): void {
    const array = new Growable(Uint32Array, Math.max(this.capacityHint, this.count + 1));
    const out = array.reserve(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.first + i * this.step;
    array.length = this.count;
    this.explicit = array;
  }

  at(i: number): number {
    return this.explicit ? this.explicit.reserve(0)[i] : this.first + i * this.step;
  }

  /** Rows [start, end) as an array (a row group's worth, or all of them). */
  slice(start: number, end: number): Uint32Array {
    if (this.explicit) return this.explicit.finish().slice(start, end);
    const out = new Uint32Array(Math.max(0, end - start));
    for (let i = start; i < end; i++) out[i - start] = this.first + i * this.step;
    return out;
  }
}
