import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);

// src/core/data/number-parse.ts
var TWO_53 = 9007199254740992;
var POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
var PLUS = 43;
var MINUS = 45;
var DOT = 46;
var ZERO = 48;
var SPACE = 32;
var TAB = 9;
var numberScan = { end: 0 };
function scanNumber(buf, start, limit) {
  const negative = +(start < limit && buf[start] === MINUS);
  let p = start + negative;
  const digitsStart = p;
  let stop = digitsStart + 9 < limit ? digitsStart + 9 : limit;
  let mantissa = 0;
  let d;
  while (p < stop && (d = buf[p] - ZERO >>> 0) <= 9) {
    mantissa = mantissa * 10 + d | 0;
    p++;
  }
  let digits = p - digitsStart;
  let scale = 0;
  if (p < limit && buf[p] === DOT) {
    const fractionStart = ++p;
    stop = fractionStart + 9 - digits;
    if (stop > limit) stop = limit;
    while (p < stop && (d = buf[p] - ZERO >>> 0) <= 9) {
      mantissa = mantissa * 10 + d | 0;
      p++;
    }
    scale = p - fractionStart;
    digits += scale;
  }
  if (p < limit) {
    const b = buf[p];
    if (b - ZERO >>> 0 <= 9 || (b | 32) === 101) return scanNumberFull(buf, start, limit);
  }
  if (digits === 0) return scanNumberFull(buf, start, limit);
  numberScan.end = p;
  return mantissa / POW10[scale] * (1 - 2 * negative);
}
function scanNumberFull(buf, start, limit) {
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
  if (p < limit && (buf[p] | 32) === 101) {
    let q = p + 1;
    let negativeExponent = false;
    if (q < limit && (buf[q] === MINUS || buf[q] === PLUS)) negativeExponent = buf[q++] === MINUS;
    d = q < limit ? buf[q] - ZERO : -1;
    if (d < 0 || d > 9) {
      numberScan.end = q;
      return NaN;
    }
    while (d >= 0 && d <= 9) {
      if (exponent < 1e8) exponent = exponent * 10 + d;
      d = ++q < limit ? buf[q] - ZERO : -1;
    }
    if (negativeExponent) exponent = -exponent;
    p = q;
  }
  numberScan.end = p;
  const e10 = exponent - scale;
  let value;
  if (mantissa === 0) {
    value = 0;
  } else if (mantissa < TWO_53 && e10 >= -22 && e10 <= 22) {
    value = e10 >= 0 ? mantissa * POW10[e10] : mantissa / POW10[-e10];
  } else if (mantissa < TWO_53 && e10 > 22 && e10 <= 22 + 15 && mantissa * POW10[e10 - 22] < TWO_53) {
    value = mantissa * POW10[e10 - 22] * 1e22;
  } else {
    value = Number(asciiText(buf, negative ? start + 1 : start, p));
  }
  return negative ? -value : value;
}
function asciiText(buf, start, end) {
  let text = "";
  for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]);
  return text;
}
function isSpace(b) {
  return b === SPACE || b === TAB;
}
function parseNumberBytes(buf, start, end) {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (start === end) return NaN;
  const value = scanNumber(buf, start, end);
  if (numberScan.end === end) return value;
  return parseInfinity(buf, start, end);
}
var INFINITY_WORD = [105, 110, 102, 105, 110, 105, 116, 121];
function parseInfinity(buf, start, end) {
  let sign = 1;
  if (buf[start] === MINUS || buf[start] === PLUS) sign = buf[start++] === MINUS ? -1 : 1;
  const length = end - start;
  if (length !== 3 && length !== 8) return NaN;
  for (let i = 0; i < length; i++) if ((buf[start + i] | 32) !== INFINITY_WORD[i]) return NaN;
  return sign * Infinity;
}
function isNanBytes(buf, start, end) {
  while (start < end && isSpace(buf[start])) start++;
  while (end > start && isSpace(buf[end - 1])) end--;
  if (end - start !== 3) return false;
  const a = buf[start];
  const b = buf[start + 1];
  const c = buf[start + 2];
  return a === 78 && b === 97 && c === 78 || a === 110 && b === 97 && c === 110 || a === 78 && b === 65 && c === 78;
}
var scratch = new Uint8Array(64);
function toScratch(text) {
  if (text.length > scratch.length) scratch = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return -1;
    scratch[i] = code;
  }
  return text.length;
}
function parseNumberText(text) {
  const length = toScratch(text);
  return length < 0 ? NaN : parseNumberBytes(scratch, 0, length);
}
function isNanText(text) {
  const length = toScratch(text);
  return length >= 0 && isNanBytes(scratch, 0, length);
}

export {
  numberScan,
  scanNumber,
  parseNumberBytes,
  isNanBytes,
  parseNumberText,
  isNanText
};
