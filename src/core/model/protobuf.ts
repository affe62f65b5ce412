/**
 * A minimal protobuf wire-format reader: enough to walk the parts of an ONNX file we need and to skip
 * everything else by its length, so the weights of a 500 MB model are never touched.
 *
 * Every message is read up to its declared end. A file cut short has declared ends past the last byte;
 * reading into that gap is a `truncated` problem, while a field that overruns its own message's
 * declared end is `malformed` (no writer produces that, however the file was cut).
 */

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 };

export class WireFormatError extends Error {
  constructor(
    readonly kind: 'truncated' | 'malformed',
    /** Byte offset in the file where the problem was found. */
    readonly offset: number,
    detail: string,
  ) {
    super(detail);
  }
}

/** Field key of a protobuf field: its number and how its value is encoded. */
export interface FieldKey {
  field: number;
  wireType: number;
}

const utf8 = new TextDecoder('utf-8');

export class ProtoReader {
  /** Current read position (byte offset in `bytes`). */
  pos = 0;

  constructor(readonly bytes: Uint8Array) {}

  /**
   * Reads the next field key of a message that ends at `end`, or returns undefined at its end.
   * `end` is Infinity for the top-level message, which simply ends where the file does.
   */
  nextField(end: number): FieldKey | undefined {
    if (this.pos >= end) return undefined;
    if (this.pos >= this.bytes.length) {
      if (end === Number.POSITIVE_INFINITY) return undefined;
      throw new WireFormatError('truncated', this.pos, 'a message ends before its declared length');
    }
    const start = this.pos;
    const key = this.varint(end);
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0) throw new WireFormatError('malformed', start, 'a field numbered 0');
    if (wireType === WireType.StartGroup || wireType === WireType.EndGroup) {
      // Groups are deprecated proto2 syntax that onnx.proto never uses: a sign of something else.
      throw new WireFormatError(
        'malformed',
        start,
        `field ${field} uses a protobuf group (wire type ${wireType})`,
      );
    }
    if (wireType > WireType.Fixed32) {
      throw new WireFormatError(
        'malformed',
        start,
        `field ${field} has wire type ${wireType}, which does not exist`,
      );
    }
    return { field, wireType };
  }

  /**
   * An unsigned varint as a number (exact below 2^53). Values of 8 or more bytes are int64 fields,
   * read as two's complement like protobuf does, so -1 comes back as -1.
   */
  varint(end: number): number {
    const bytes = this.bytes;
    const limit = Math.min(end, bytes.length);
    let pos = this.pos;
    // Fast path: most keys, lengths and enums fit in one or two bytes.
    if (pos < limit && bytes[pos] < 0x80) {
      this.pos = pos + 1;
      return bytes[pos];
    }
    const start = pos;
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= limit) throw this.overrun(pos, end, 'a varint');
      const byte = bytes[pos++];
      if (i < 7) value += (byte & 0x7f) * 2 ** (7 * i);
      if (byte < 0x80) {
        this.pos = pos;
        return i < 7 ? value : this.wideVarint(start, pos);
      }
    }
    throw new WireFormatError('malformed', start, 'a varint longer than 10 bytes');
  }

  /** Reads a length prefix and returns where the value's bytes start and end, checked against `end`. */
  lengthDelimited(end: number): { start: number; end: number } {
    const at = this.pos;
    const length = this.varint(end);
    const start = this.pos;
    const valueEnd = start + length;
    if (valueEnd > end) {
      throw new WireFormatError(
        'malformed',
        at,
        `a length of ${length} bytes that runs past the end of its message`,
      );
    }
    return { start, end: valueEnd };
  }

  /** A length-delimited value decoded as UTF-8 (invalid sequences become U+FFFD, as names are only shown). */
  string(end: number): string {
    const range = this.lengthDelimited(end);
    if (range.end > this.bytes.length) throw this.overrun(this.bytes.length, end, 'a string');
    this.pos = range.end;
    return utf8.decode(this.bytes.subarray(range.start, range.end));
  }

  /** Skips a field's value without looking inside it; returns the number of value bytes skipped. */
  skip(wireType: number, end: number): number {
    const start = this.pos;
    if (wireType === WireType.Varint) {
      this.varint(end);
      return this.pos - start;
    }
    if (wireType === WireType.LengthDelimited) {
      const range = this.lengthDelimited(end);
      if (range.end > this.bytes.length)
        throw this.overrun(this.bytes.length, end, 'a length-delimited value');
      this.pos = range.end;
      return range.end - range.start;
    }
    const size = wireType === WireType.Fixed64 ? 8 : 4;
    const valueEnd = start + size;
    if (valueEnd > Math.min(end, this.bytes.length))
      throw this.overrun(this.bytes.length, end, `a ${size * 8}-bit value`);
    this.pos = valueEnd;
    return size;
  }

  /** Past the file's end inside the declared message: truncated; past the message's own end: malformed. */
  private overrun(pos: number, end: number, what: string): WireFormatError {
    return end > this.bytes.length
      ? new WireFormatError('truncated', Math.min(pos, this.bytes.length), `the file ends inside ${what}`)
      : new WireFormatError('malformed', pos, `${what} runs past the end of its message`);
  }

  private wideVarint(start: number, stop: number): number {
    let value = 0n;
    for (let i = stop - 1; i >= start; i--) value = (value << 7n) | BigInt(this.bytes[i] & 0x7f);
    return Number(BigInt.asIntN(64, value));
  }
}
