/**
 * Number handling shared by the SVG charts: domains that are never empty, "nice" ticks (1, 2 or 5 times
 * a power of ten), linear scales and coordinate formatting. Everything here is total on finite input and
 * the charts drop non-finite values before they get here, so no NaN or Infinity reaches the markup.
 */
import { formatCount } from '../format-number.js';

/**
 * Values are clamped to ±1e300 before scaling: a span between values near ±1.8e308 overflows to
 * Infinity, and no quantity in a report is that large.
 */
export const VALUE_LIMIT = 1e300;

export function clampValue(v: number): number {
  return v > VALUE_LIMIT ? VALUE_LIMIT : v < -VALUE_LIMIT ? -VALUE_LIMIT : v;
}

/** Spans and magnitudes below this are treated as zero: a step of 1e-324 underflows. */
const TINY = 1e-200;

export interface Domain {
  min: number;
  max: number;
}

/** The finite values' min and max (clamped), or null when there are none. */
export function extent(values: Iterable<number>): Domain | null {
  let min = Infinity;
  let max = -Infinity;
  for (const raw of values) {
    if (!Number.isFinite(raw)) continue;
    const v = clampValue(raw);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : null;
}

/**
 * A domain with room in it: equal ends (one point, a constant column) or ends closer than 1e-12 of their
 * size, where ticks would repeat, are widened around their middle (by ±1 around 0, ±10% otherwise); so are spans below 1e-200.
 */
export function widen(domain: Domain | null, fallback: Domain = { min: 0, max: 1 }): Domain {
  if (!domain) return fallback;
  const min = clampValue(domain.min);
  const max = clampValue(domain.max);
  const size = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > size * 1e-12 && max - min > TINY) return { min, max };
  const mid = min / 2 + max / 2;
  const pad = Math.abs(mid) < TINY ? 1 : Math.abs(mid) * 0.1;
  return { min: mid - pad, max: mid + pad };
}

/** 1, 2 or 5 times a power of ten near span / count (d3's thresholds: √2, √10, √50). */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const factor = norm >= Math.SQRT2 * 5 ? 10 : norm >= Math.sqrt(10) ? 5 : norm >= Math.SQRT2 ? 2 : 1;
  return factor * magnitude;
}

export interface Ticks {
  /** The axis domain (the input's, or widened to whole steps by `niceDomain`). */
  domain: Domain;
  values: number[];
  labels: string[];
}

/** The domain widened to whole steps, with its ticks: for axes whose range follows the data. */
export function niceDomain(domain: Domain, count = 5, unit: TickUnit = 'number'): Ticks {
  const d = widen(domain);
  const step = niceStep(d.max - d.min, count);
  const lo = clampValue(Math.floor(d.min / step) * step);
  const hi = clampValue(Math.ceil(d.max / step) * step);
  return ticksOn({ min: lo, max: hi }, step, unit);
}

/** Ticks inside a fixed domain (ROC's 0..1, say): the ends are kept, ticks fall on whole steps. */
export function ticksWithin(domain: Domain, count = 5, unit: TickUnit = 'number'): Ticks {
  const d = widen(domain);
  return ticksOn(d, niceStep(d.max - d.min, count), unit);
}

export type TickUnit = 'number' | 'percent';

function ticksOn(domain: Domain, step: number, unit: TickUnit): Ticks {
  const first = Math.ceil(domain.min / step - 1e-9);
  const last = Math.floor(domain.max / step + 1e-9);
  const values: number[] = [];
  const labels: string[] = [];
  // Never more than a few dozen: a step below the doubles' resolution at this magnitude gives fewer.
  if (last - first > 40 || !Number.isFinite(first) || !Number.isFinite(last)) {
    for (const v of [domain.min, domain.max]) {
      values.push(v);
      labels.push(unit === 'percent' ? formatPercent(v) : formatValue(v));
    }
    return { domain, values, labels };
  }
  for (let k = first; k <= last; k++) {
    const v = k * step;
    values.push(v);
    labels.push(formatTick(v, step, unit));
  }
  return { domain, values, labels };
}

/** A tick's label with as many decimals as its step needs: 0.1, 0.2, 0.3 rather than 0.30000000000000004. */
export function formatTick(v: number, step: number, unit: TickUnit = 'number'): string {
  const scaled = unit === 'percent' ? v * 100 : v;
  const scaledStep = unit === 'percent' ? step * 100 : step;
  const suffix = unit === 'percent' ? '%' : '';
  if (scaled === 0) return `0${suffix}`;
  if (Math.abs(scaledStep) >= 1e6 || Math.abs(scaledStep) < 1e-6) {
    return compactExponent(Number(scaled.toPrecision(12)).toExponential()) + suffix;
  }
  const decimals = Math.max(0, -Math.floor(Math.log10(scaledStep) + 1e-9));
  const text = scaled.toFixed(decimals);
  return (/^-0(\.0*)?$/.test(text) ? text.slice(1) : text) + suffix;
}

function compactExponent(text: string): string {
  return text.replace('e+', 'e');
}

/**
 * A value for a label or a table cell: integers with thousands separators, others with four significant
 * digits (exponent form below 1e-4 and from 1e15); "n/a", "∞" and "−∞" rather than NaN and Infinity.
 */
export function formatValue(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'n/a';
  if (v === Infinity) return '∞';
  if (v === -Infinity) return '−∞';
  const abs = Math.abs(v);
  if (Number.isInteger(v) && abs < 1e15) return formatCount(v);
  if (abs >= 1e15 || abs < 1e-4) return compactExponent(v.toExponential(digits - 1));
  if (abs >= 10 ** digits) return formatCount(Math.round(v));
  const text = v.toPrecision(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** A proportion as a percentage with one decimal ("12.3%"); "<0.1%" for small non-zero shares. */
export function formatPercent(raw: number): string {
  if (!Number.isFinite(raw)) return formatValue(raw);
  // Clamped so that p * 100 stays finite.
  const p = clampValue(raw);
  if (p > 0 && p < 0.0005) return '<0.1%';
  if (p < 0 && p > -0.0005) return '>−0.1%';
  const text = (p * 100).toFixed(1);
  return `${text === '-0.0' ? '0.0' : text}%`;
}

/** A linear map from a (non-empty) domain onto [from, to]; values are clamped first. */
export function linearScale(domain: Domain, from: number, to: number): (v: number) => number {
  const span = domain.max - domain.min;
  return (v: number) => from + ((clampValue(v) - domain.min) / span) * (to - from);
}

/**
 * A coordinate for the markup, to 0.1 px. A non-finite one is a bug in a chart, reported as such rather
 * than written as NaN.
 */
export function px(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`internal error: a chart computed a non-finite coordinate (${v})`);
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}
