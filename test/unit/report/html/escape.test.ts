import { describe, expect, it } from 'vitest';

import {
  escapeHtml,
  html,
  isSafeHtml,
  joinHtml,
  jsonForScript,
  jsonScriptBlock,
  rawHtml,
} from '../../../../src/core/report/html/index.js';

// An alias: Prettier reformats templates tagged `html` (whitespace included), and these are byte-exact.
const tag = html;

const HOSTILE = `<script>alert(1)</script>"'&</title>`;

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('replaces the C0 controls XML rejects and keeps tab, newline and non-ASCII text', () => {
    expect(escapeHtml('a\u0000b\u0007c\u001fd\te\nf\rg')).toBe('a\ufffdb\ufffdc\ufffdd\te\nf\rg');
    expect(escapeHtml('Ωmega – naïve 模型 😀')).toBe('Ωmega – naïve 模型 😀');
  });
});

describe('html tag', () => {
  it('escapes interpolated strings and numbers but not its own results', () => {
    const inner = tag`<b>${HOSTILE}</b>`;
    const out = tag`<p title="${HOSTILE}">${inner} ${42} ${10n}</p>`;
    expect(String(out)).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;/title&gt;">' +
        '<b>&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;/title&gt;</b> 42 10</p>',
    );
    expect(isSafeHtml(out)).toBe(true);
    expect(isSafeHtml(String(out))).toBe(false);
  });

  it('joins arrays, renders null, undefined and false as nothing, and true as text', () => {
    expect(String(tag`<ul>${['<a>', tag`<li>b</li>`, null, undefined, false]}</ul>${true}`)).toBe(
      '<ul>&lt;a&gt;<li>b</li></ul>true',
    );
  });

  it('refuses objects, which would print as [object Object]', () => {
    expect(() => tag`<p>${{ a: 1 } as never}</p>`).toThrow(/cannot interpolate a object/);
  });

  it('refuses an unquoted attribute value, which a space could end', () => {
    expect(() => tag`<a title=${'x onmouseover=alert(1)'}></a>`).toThrow(/unquoted attribute/);
    expect(() => tag`<a class="c" title = ${'x'}>`).toThrow(/unquoted attribute/);
  });

  it('accepts "=" in text content and values in quoted attributes after an earlier value', () => {
    expect(String(tag`<p>threshold = ${0.1}</p>`)).toBe('<p>threshold = 0.1</p>');
    expect(String(tag`<a class="${'c'}" title="${'t'}">x = ${'<'}</a>`)).toBe(
      '<a class="c" title="t">x = &lt;</a>',
    );
  });

  it('rawHtml and joinHtml pass markup through, joinHtml escapes plain strings', () => {
    expect(String(joinHtml([rawHtml('<i>a</i>'), '<b>'], rawHtml('<br>')))).toBe('<i>a</i><br>&lt;b&gt;');
  });
});

describe('JSON in a script element', () => {
  const value = { name: `</script><!--${HOSTILE}`, sep: '\u2028\u2029', n: [1, 2.5, null] };

  it('leaves no character that could end the element or a line, and parses back to the value', () => {
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('builds a data block with a checked id', () => {
    const block = String(jsonScriptBlock('mlgate-data', value));
    expect(block.startsWith('<script type="application/json" id="mlgate-data">')).toBe(true);
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    expect(() => jsonScriptBlock('a"b', 1)).toThrow(/id "a\\"b" must be/);
    expect(() => jsonForScript(undefined)).toThrow(/no JSON form/);
  });
});
