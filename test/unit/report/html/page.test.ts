import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import {
  badge,
  barChart,
  chartGrid,
  CONTENT_SECURITY_POLICY,
  figure,
  histogramOverlay,
  htmlTable,
  rawHtml,
  renderHtmlPage,
  svg,
  type HtmlSection,
} from '../../../../src/core/report/html/index.js';
import { expectBalanced, expectFiniteMarkup } from './markup.js';

const HOSTILE = `<script>alert(1)</script>"'&</title>`;
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;/title&gt;';

/** Whitespace between and inside tags, as Prettier lays out html`` templates, does not matter here. */
function squash(markup: string): string {
  return markup
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .replace(/ >/g, '>')
    .replace(/> /g, '>')
    .replace(/ </g, '<');
}

function page(sections: HtmlSection[], extra: Partial<Parameters<typeof renderHtmlPage>[0]> = {}): string {
  return renderHtmlPage({
    title: `Report ${HOSTILE}`,
    sections,
    generatedAt: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    ...extra,
  });
}

describe('renderHtmlPage', () => {
  const sections: HtmlSection[] = [
    { title: `Column ${HOSTILE}`, body: rawHtml('<p>one</p>'), howToRead: `Bars are shares ${HOSTILE}` },
    {
      title: 'Columns',
      body: rawHtml('<p>two</p>'),
      children: [
        { title: 'age', body: rawHtml('<p>2.1</p>') },
        { title: 'income', body: rawHtml('<p>2.2</p>'), howToRead: svg`<p>Read <b>this</b></p>` },
      ],
    },
  ];
  const doc = page(sections, { subtitle: HOSTILE, footer: HOSTILE, data: { model: HOSTILE } });

  it('puts the CSP first in <head>, allowing only its stylesheet, by that stylesheet’s hash', () => {
    const head = doc.slice(doc.indexOf('<head>'), doc.indexOf('</head>'));
    expect(head).toMatch(/^<head>\s*<meta charset="utf-8" \/>\s*<meta http-equiv="Content-Security-Policy"/);
    expect(head).toContain(`content="${CONTENT_SECURITY_POLICY.replaceAll("'", '&#39;')}"`);
    expect(CONTENT_SECURITY_POLICY).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:;/,
    );
    const css = /<style>([\s\S]*)<\/style>/.exec(doc)?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`'sha256-${hash}'`);
    expect(doc.match(/<style>/g)).toHaveLength(1);
  });

  it('loads nothing: no external URL, no script but the JSON block, no style attribute', () => {
    expect(doc.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:|\/\/[a-z]/i);
    for (const m of doc.matchAll(/\s(?:src|href)="([^"]*)"/g)) expect(m[1]).toMatch(/^#/);
    expect(doc).not.toMatch(/<(?:link|img|iframe|object|embed)\b/);
    expect([...doc.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="application/json" id="mlgate-data">',
    ]);
    expect(doc).not.toMatch(/\sstyle="/);
    expect(doc).not.toMatch(/\son[a-z]+="/);
  });

  it('escapes the title, subtitle, headings, how-to-read text, footer and data', () => {
    expect(doc).toContain(`<title>Report ${ESCAPED}</title>`);
    expect(doc).toContain(`<p class="subtitle">${ESCAPED}</p>`);
    expect(doc).toContain(`Column ${ESCAPED}</h2>`);
    expect(doc).toContain(`<p>Bars are shares ${ESCAPED}</p>`);
    expect(doc).toContain(`<footer><p>${ESCAPED}</p></footer>`);
    expect(doc).not.toContain(HOSTILE);
    expect(doc).not.toContain('</script>"');
    expectBalanced(doc);
    expectFiniteMarkup(doc);
  });

  it('lists every section and subsection in the contents, linked to positional ids', () => {
    const links = [...doc.matchAll(/<a href="#([\w-]+)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['section-1', `Column ${ESCAPED}`],
      ['section-2', 'Columns'],
      ['section-2-1', 'age'],
      ['section-2-2', 'income'],
    ]);
    for (const [id] of links) expect(doc).toContain(`<section id="${id}" aria-labelledby="${id}-h">`);
    expect(doc).toMatch(/<h3 id="section-2-1-h">age<\/h3>/);
  });

  it('adds a collapsed "How to read this" only to the sections that have one', () => {
    expect(doc.match(/<details class="how">/g)).toHaveLength(2);
    expect(doc).toContain('<p>Read <b>this</b></p>');
    expect(doc).not.toMatch(/<details[^>]* open/);
  });

  it('writes the generation time and omits the contents for a single section', () => {
    expect(doc).toContain(
      'Generated <time datetime="2025-01-02T03:04:05.000Z">2025-01-02 03:04:05 UTC</time>',
    );
    const single = page([{ title: 'only', body: rawHtml('<p>x</p>') }], { generatedAt: 'commit abc123' });
    expect(single).not.toContain('<nav');
    expect(single).toContain('<time datetime="commit abc123">commit abc123</time>');
  });

  it('refuses section ids that are not plain names, or used twice', () => {
    expect(() => page([{ title: 't', id: 'a b', body: rawHtml('') }])).toThrow(/section id "a b" must be/);
    expect(() =>
      page([
        { title: 't', id: 'x', body: rawHtml('') },
        { title: 'u', id: 'x', body: rawHtml('') },
      ]),
    ).toThrow(/"x" is used twice/);
  });

  it('styles light and dark schemes and print', () => {
    expect(doc).toContain('@media (prefers-color-scheme:dark)');
    expect(doc).toContain('@media print');
    expect(doc).toContain('<meta name="color-scheme" content="light dark" />');
  });
});

describe('htmlTable', () => {
  it('right-aligns numeric columns, formats numbers and escapes text', () => {
    const table = squash(
      String(
        htmlTable({
          columns: [
            'column',
            'psi',
            { label: 'rows', format: (v) => `${v} rows` },
            { label: 'note', numeric: false },
          ],
          rows: [
            [HOSTILE, 0.123456, 1000, 'x'],
            ['age', null, 12, 3],
          ],
          caption: HOSTILE,
        }),
      ),
    );
    expect(table).toContain(`<caption>${ESCAPED}</caption>`);
    expect(table).toContain(
      '<th scope="col">column</th><th scope="col" class="num">psi</th><th scope="col" class="num">rows</th><th scope="col">note</th>',
    );
    expect(table).toContain(
      `<td>${ESCAPED}</td><td class="num">0.1235</td><td class="num">1000 rows</td><td>x</td>`,
    );
    expect(table).toContain('<td>age</td><td class="num">—</td><td class="num">12 rows</td><td>3</td>');
    expect(() => htmlTable({ columns: ['a'], rows: [[1, 2]] })).toThrow(/2 cells for 1 columns/);
  });
});

describe('blocks', () => {
  it('wraps figures with captions, grids and badges whose text carries the verdict', () => {
    expect(squash(String(figure(rawHtml('<svg></svg>'), HOSTILE)))).toBe(
      `<figure><svg></svg><figcaption>${ESCAPED}</figcaption></figure>`,
    );
    expect(String(chartGrid([rawHtml('<i>a</i>'), rawHtml('<i>b</i>')]))).toBe(
      '<div class="mg-grid"><i>a</i><i>b</i></div>',
    );
    expect(String(badge('fail'))).toBe('<span class="badge badge-fail">✘ fail</span>');
  });
});

describe('report size', () => {
  it('keeps a drift-style report of 30 histogram columns well under 1 MiB', () => {
    const columns = Array.from({ length: 30 }, (_, c) => `feature_${c}`);
    const reference = Array.from({ length: 10 }, () => 0.1);
    const sections: HtmlSection[] = [
      {
        title: 'Drift per column',
        body: barChart({
          bars: columns.map((name, c) => ({ label: name, value: c / 60, highlight: c > 20 })),
          threshold: 0.1,
          xLabel: 'drift score',
        }),
        howToRead: 'One bar per column.',
      },
      {
        title: 'Columns',
        body: htmlTable({
          columns: ['column', 'ks', 'p', 'wasserstein', 'psi', 'js', 'drifted'],
          rows: columns.map((name, c) => [
            name,
            0.01 * c,
            1 / (c + 1),
            0.1234 * c,
            0.02 * c,
            0.003 * c,
            c > 20 ? 'yes' : 'no',
          ]),
        }),
        children: columns.map((name, c) => ({
          title: name,
          howToRead: 'Reference deciles; bars are shares of rows.',
          body: figure(
            histogramOverlay({
              edges: Array.from({ length: 9 }, (_, k) => 1000 * c + 123.456 * (k + 1)),
              series: [
                { name: 'reference', proportions: reference },
                {
                  name: 'current',
                  proportions: reference.map((p, k) => p * (1 + ((k * 7 + c) % 5) / 10) * 0.85),
                },
              ],
              xLabel: name,
            }),
          ),
        })),
      },
    ];
    const doc = page(sections);
    expect(Buffer.byteLength(doc)).toBeLessThan(350 * 1024);
    expect(doc.match(/data-chart="histogram-overlay"/g)).toHaveLength(30);
    expectBalanced(doc);
    expectFiniteMarkup(doc);
  });
});
