/** Checks on generated markup shared by the HTML report tests. */
import { expect } from 'vitest';

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'wbr', 'area', 'base', 'source']);

/**
 * Every element closed in order (self-closing SVG elements and HTML void elements aside): a cheap
 * stand-in for a parser that still catches a dropped `</g>` or a value that broke out of a tag.
 */
export function expectBalanced(markup: string): void {
  const stack: string[] = [];
  const body = markup.replace(/<!doctype[^>]*>/i, '').replace(/<style>[\s\S]*?<\/style>/, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = m;
    const tag = name.toLowerCase();
    if (selfClosing || VOID.has(tag)) continue;
    if (!closing) stack.push(tag);
    else expect(stack.pop(), `</${tag}> closes the element opened last`).toBe(tag);
  }
  expect(stack).toEqual([]);
}

/** No NaN, Infinity, undefined or [object …] leaked into the markup. */
export function expectFiniteMarkup(markup: string): void {
  expect(markup).not.toMatch(/NaN|Infinity|undefined|\[object/);
}
