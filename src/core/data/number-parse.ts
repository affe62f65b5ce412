/**
 * Decimal number parsing straight from bytes, correctly rounded (the same float64 as `Number(text)`).
 *
 * Accepted grammar (ASCII only; `ws` is space or tab):
 *
 *   cell     := ws* number ws*
 *   number   := sign? ( digits ( '.' digits? )? | '.' digits ) exponent?
 *             | sign? ( 'inf' | 'infinity' )          -- case-insensitive, as pandas reads them
 *   exponent := ( 'e' | 'E' ) sign? digits
 *   sign     := '+' | '-'
 *
 * So `+1`, `.5`, `5.`, `1e5`, `1E-5`, `007`, `Infinity`, `-inf` are numbers; `0x10`, `1_000`, `-`, `.`, `1e`,
 * `1,5` and the empty text are not (unlike `Number()`, which takes hex and reads `''` as 0). `NaN` is not a
 * number here either: callers that want the text NaN use `isNanBytes`/`isNanText`.
 *
 * Speed: up to 2^53 of mantissa and |decimal exponent| ≤ 22 take Clinger's exact fast path (one correctly
 * rounded IEEE multiply or divide of two exact values); everything else falls back to `Number()` on the
 * validated text, which is correctly rounded by the spec.
 */

const TWO_53 = 9007199254740992;
/** Exact powers of ten: every 10^k with k ≤ 22 is representable in a float64. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Where the last `scanNumber` stopped (an out-parameter, so the hot loop allocates nothing). When `scanNumber`
 * returns NaN, `end` is where the grammar failed.
 */
export const numberScan = { end: 0 };

/**
 * Reads the longest `number` of the grammar (no spaces, no inf) starting at `start`, not past `limit`.
 * Returns its value and sets `numberScan.end` after it; returns NaN when no number starts there.
 *
 * This front handles the common shape (`-`, at most 9 digits around an optional dot, no exponent) with
 * int32 arithmetic, which is several times faster than a chain of float multiply-adds; anything else goes
 * to `scanNumberFull`.
 */
export function scanNumber(buf: Uint8Array, start: number, limit: number): number {
  // Branch-free sign: a sign that is random from cell to cell would mispredict half the time.
  const negative = +(start < limit && buf[start] === MINUS);
  let p = start + negative;
  const digitsStart = p;
  let stop = digitsStart + 9 < limit ? digitsStart + 9 : limit;
  let mantissa = 0;
  let d: number;
  while (p < stop && (d = (buf[p] - ZERO) >>> 0) <= 9) {
    mantissa = (mantissa * 10 + d) | 0;
    p++;
  }
  let digits = p - digitsStart;
  let scale = 0;
  if (p < limit && buf[p] === DOT) {
    const fractionStart = ++p;
    stop = fractionStart + 9 - digits;
    if (stop > limit) stop = limit;
    while (p < stop && (d = (buf[p] - ZERO) >>> 0) <= 9) {
      mantissa = (mantissa * 10 + d) | 0;
      p++;
    }
    scale = p - fractionStart;
    digits += scale;
  }
  if (p < limit) {
    const b = buf[p];
    // More digits than fit, an exponent, or no digits at all: the full scanner decides.
    if ((b - ZERO) >>> 0 <= 9 || (b | 0x20) === 0x65) return scanNumberFull(buf, start, limit);
  }
  if (digits === 0) return scanNumberFull(buf, start, limit);
  numberScan.end = p;
  return (mantissa / POW10[scale]) * (1 - 2 * negative);
}

/** `scanNumber` for every shape of the grammar (see the file comment). */
function scanNumberFull(buf: Uint8Array, start: number, limit: number): number {
  let p = start;
  let negative = false;
  let b = p < limit ? buf[p] : 0;
  if (b === MINUS || b === PLUS) {
    negative = b === MINUS;
    b = ++p < limit ? buf[p] : 0;
  }
  const digitsStart = p;
  let mantissa = 0;
  let d = b - ZERO;
  while (d >= 0 && d <= 9) {
    mantissa = mantissa * 10 + d;
    d = ++p < limit ? buf[p] - ZERO : -1;
  }
  let digits = p - digitsStart;
  let scale = 0;
  if (p < limit && buf[p] === DOT) {
    const fractionStart = ++p;
    d = p < limit ? buf[p] - ZERO : -1;
    while (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      d = ++p < limit ? buf[p] - ZERO : -1;
    }
    scale = p - fractionStart;
    digits += scale;
  }
  if (digits === 0) {
    numberScan.end = p;
    return NaN;
  }
  let exponent = 0;
  if (p < limit && (buf[p] | 0x20) === 0x65) {
    let q = p + 1;
    let negativeExponent = false;
    if (q < limit && (buf[q] === MINUS || buf[q] === PLUS)) negativeExponent = buf[q++] === MINUS;
    d = q < limit ? buf[q] - ZERO : -1;
    if (d < 0 || d > 9) {
      // `1e` or `1e+`: the exponent is malformed, so the number is not a number at all.
      numberScan.end = q;
      return NaN;
    }
    while (d >= 0 && d <= 9) {
      // Capped: any exponent this large already means 0 or Infinity, and Number() will say which.
      if (exponent < 100_000_000) exponent = exponent * 10 + d;
      d = ++q < limit ? buf[q] - ZERO : -1;
    }
    if (negativeExponent) exponent = -exponent;
    p = q;
  }
  numberScan.end = p;
  const e10 = exponent - scale;
  let value: number;
  if (mantissa === 0) {
    value = 0;
  } else if (mantissa < TWO_53 && e10 >= -22 && e10 <= 22) {
    // The computed mantissa is below 2^53 only if the true one is, so it is exact here.
    value = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
  } else if (mantissa < TWO_53 && e10 > 22 && e10 <= 22 + 15 && mantissa * POW10[e10 - 22] < TWO_53) {
    // 12e30 = (12e8) * 1e22 with 12e8 still an exact integer.
    value = mantissa * POW10[e10 - 22] * 1e22;
  } else {
    value = Number(asciiText(buf, negative ? start + 1 : start, p));
  }
  return negative ? -value : value;
}

function asciiText(buf: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]);
  return text;
}

function isSpace(b: number): boolean {
  return b === SPACE || b === TAB;
}

/**
 * The number in `buf[start, end)` per the grammar above (surrounding spaces and tabs allowed), or NaN when
 * the text is not a number (including the text `NaN`).
 */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (start === end) return NaN;
  const value = scanNumber(buf, start, end);
  if (numberScan.end === end) return value;
  return parseInfinity(buf, start, end);
}

const INFINITY_WORD = [0x69, 0x6e, 0x66, 0x69, 0x6e, 0x69, 0x74, 0x79]; // "infinity"

function parseInfinity(buf: Uint8Array, start: number, end: number): number {
  let sign = 1;
  if (buf[start] === MINUS || buf[start] === PLUS) sign = buf[start++] === MINUS ? -1 : 1;
  const length = end - start;
  if (length !== 3 && length !== 8) return NaN;
  for (let i = 0; i < length; i++) if ((buf[start + i] | 0x20) !== INFINITY_WORD[i]) return NaN;
  return sign * Infinity;
}

/** True when `buf[start, end)` is the text NaN, nan or NAN (surrounding spaces and tabs allowed). */
export function isNanBytes(buf: Uint8Array, start: number, end: number): boolean {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (end - start !== 3) return false;
  const a = buf[start];
  const b = buf[start + 1];
  const c = buf[start + 2];
  return (
    (a === 0x4e && b === 0x61 && c === 0x4e) ||
    (a === 0x6e && b === 0x61 && c === 0x6e) ||
    (a === 0x4e && b === 0x41 && c === 0x4e)
  );
}

let scratch = new Uint8Array(64);

/** Copies an ASCII string into the scratch buffer; returns its length, or -1 if it holds a non-ASCII char. */
function toScratch(text: string): number {
  if (text.length > scratch.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return -1;
    scratch[i] = code;
  }
  return text.length;
}

/** `parseNumberBytes` for a string: the same grammar and the same results. */
export function parseNumberText(text: string): number {
  const length = toScratch(text);
  return length < 0 ? NaN : parseNumberBytes(scratch, 0, length);
}

/** `isNanBytes` for a string. */
export function isNanText(text: string): boolean {
  const length = toScratch(text);
  return length >= 0 && isNanBytes(scratch, 0, length);
}
