/**
 * Escaping for the HTML reports. Model, column, class and file names come from users' files and configs,
 * so every string that reaches a report goes through `escapeHtml`, directly or through the `html` tag,
 * which escapes everything it interpolates except markup it produced itself (`SafeHtml`).
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text and quoted-attribute contexts (`"…"` or `'…'`). C0 controls other than tab, LF and CR become
 * U+FFFD: XML rejects them, so an SVG saved on its own from the report would not parse.
 */
export function escapeHtml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, (c) => ENTITIES[c] ?? '\ufffd');
}

/** Markup built by this module (the `html` tag, `rawHtml`, the charts): interpolated as is. */
export class SafeHtml {
  /** Use `rawHtml` or the `html` tag; the constructor is not part of the API. */
  private constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
  /** @internal */
  static wrap(value: string): SafeHtml {
    return new SafeHtml(value);
  }
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return value instanceof SafeHtml;
}

/** Marks a string as markup. Only for strings the code itself wrote, never for data. */
export function rawHtml(markup: string): SafeHtml {
  return SafeHtml.wrap(markup);
}

/** What the `html` tag accepts: nothing/false renders nothing, arrays are joined, objects are refused. */
export type HtmlValue =
  SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

function interpolate(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(interpolate).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || value === true) {
    return escapeHtml(String(value));
  }
  // "[object Object]" in a report is always a bug: say so where it happens.
  throw new TypeError(
    `html\`\`: cannot interpolate a ${typeof value} (${Object.prototype.toString.call(value)})`,
  );
}

/**
 * An unquoted attribute value (`<a title=${x}>`) could be ended by a space, which escaping does not
 * prevent, so the tag refuses such templates. Inside a tag means the literal text so far has a `<` after
 * its last `>` (interpolated values are escaped and cannot move that).
 */
function endsInUnquotedAttribute(literalSoFar: string): boolean {
  return literalSoFar.lastIndexOf('<') > literalSoFar.lastIndexOf('>') && /=\s*$/.test(literalSoFar);
}

/**
 * Tagged template for HTML and SVG: `html\`<td class="name">${column}</td>\``. Values are escaped for
 * text and quoted attributes; `SafeHtml` values (nested `html` results, charts) are inserted as they are.
 * Never interpolate inside `<script>`, `<style>` or an `on…`/`href` attribute.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0];
  let literal = strings[0];
  for (let i = 0; i < values.length; i++) {
    if (endsInUnquotedAttribute(literal)) {
      throw new Error(`html\`\`: value ${i + 1} is an unquoted attribute value; quote it ("…")`);
    }
    out += interpolate(values[i]) + strings[i + 1];
    literal += strings[i + 1];
  }
  return SafeHtml.wrap(out);
}

/**
 * The same tag as `html`, for the charts: Prettier reformats templates tagged `html` as HTML, which
 * would spread every `<rect>` over several indented lines and bloat reports; it leaves `svg` alone.
 */
export const svg = html;

/** Joins markup fragments (the array form of interpolation, for call sites that build lists). */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = interpolate(separator);
  return SafeHtml.wrap(parts.map(interpolate).join(sep));
}

/**
 * JSON text that cannot end a `<script>` element or start a comment in it: `<`, `>` and `&` as \u
 * escapes (valid inside JSON strings, and outside strings they cannot occur), and U+2028/2029, which
 * older JavaScript parsers read as line ends.
 */
export function jsonForScript(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('jsonForScript: the value has no JSON form');
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A `<script type="application/json">` data block (not executed, so the page's CSP, which allows no
 * script, does not block it). Read it with `JSON.parse(document.getElementById(id).textContent)`.
 */
export function jsonScriptBlock(id: string, value: unknown): SafeHtml {
  if (!/^[A-Za-z][\w-]*$/.test(id)) {
    throw new RangeError(
      `jsonScriptBlock: id ${JSON.stringify(id)} must be a letter then letters, digits, _ or -`,
    );
  }
  return SafeHtml.wrap(`<script type="application/json" id="${id}">${jsonForScript(value)}</script>`);
}
