const MAX_TEXT = 80;
const MAX_KEPT = 200;

/** A short, readable rendering of a cell for messages: JSON text, cut at 80 characters. */
export function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  const text = value === undefined ? 'undefined' : (JSON.stringify(value, bigintAsText) ?? String(value));
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** The value kept in validation.json: scalars as they are, long strings and structures cut to stay small. */
export function keepValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return value.length > MAX_KEPT ? `${value.slice(0, MAX_KEPT - 1)}…` : value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  const text = JSON.stringify(value, bigintAsText);
  return text.length > MAX_KEPT ? `${text.slice(0, MAX_KEPT - 1)}…` : value;
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** JSON.stringify that writes bigints (Parquet INT64 beyond 2^53) as their decimal text. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, bigintAsText) ?? String(value);
}
