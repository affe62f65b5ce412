/**
 * 1234567 → "1,234,567". Number#toLocaleString would do, but its first call initialises ICU number
 * formatting (~20 ms), a tenth of an action's cold-start budget.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}
