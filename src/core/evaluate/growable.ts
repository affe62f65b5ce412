/** Typed arrays that grow by doubling: per-row results of a streamed evaluation, kept compact. */

type TypedArrayCtor<T> = { new (length: number): T };

export class Growable<T extends Float64Array | Float32Array | Int32Array | Uint32Array> {
  private data: T;
  length = 0;
  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initial = 1 << 14,
  ) {
    this.data = new ctor(initial);
  }

  /** Room for `extra` more values; returns the array to write into at `length`. */
  reserve(extra: number): T {
    const need = this.length + extra;
    if (need > this.data.length) {
      let size = this.data.length;
      while (size < need) size = Math.ceil(size * 1.25);
      const next = new this.ctor(size);
      (next as unknown as { set(a: T): void }).set(this.data);
      this.data = next;
    }
    return this.data;
  }

  push(value: number): void {
    this.reserve(1)[this.length++] = value;
  }

  /** The values so far: a view, never a copy (a copy of 10 M rows would double the peak memory). */
  finish(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
