/**
 * The document shell of every HTML report: one self-contained file (uploaded as a workflow artifact and
 * opened from disk), no network loads, no script. A Content-Security-Policy meta forbids every load and
 * every script and allows only the page's own stylesheet by hash, so even markup that escaped escaping
 * could neither run nor call home.
 */
import { escapeHtml, html, jsonScriptBlock, rawHtml, type SafeHtml } from './escape.js';
import { PAGE_CSS, PAGE_CSS_HASH } from './page-style.js';

export interface HtmlSection {
  title: string;
  /** The anchor; by default `section-1`, `section-1-2`… (positional, so user text never becomes an id). */
  id?: string;
  body: SafeHtml;
  /** A collapsed "How to read this" under the heading: a string is one paragraph. */
  howToRead?: SafeHtml | string;
  /** Subsections (one column of a drift report, say), listed under their parent in the contents. */
  children?: readonly HtmlSection[];
}

export interface HtmlPageOptions {
  title: string;
  subtitle?: string;
  sections: readonly HtmlSection[];
  /** Passed in rather than read from the clock, so a report is a function of its inputs. */
  generatedAt: Date | string;
  footer?: SafeHtml | string;
  /** Embedded as a JSON data block (id `mlgate-data`) for tools that read the report back. */
  data?: unknown;
}

/** The policy: nothing may load or run; the one stylesheet is allowed by hash. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${PAGE_CSS_HASH}; img-src data:; base-uri 'none'; form-action 'none'`;

const ID = /^[A-Za-z][\w-]*$/;

export function renderHtmlPage(o: HtmlPageOptions): string {
  const sections = assignIds(o.sections, 'section', new Set());
  const generated = o.generatedAt instanceof Date ? o.generatedAt.toISOString() : o.generatedAt;
  const shownTime =
    o.generatedAt instanceof Date ? generated.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : generated;
  const toc =
    sections.length > 1
      ? html`<nav class="toc" aria-label="Contents">
          <h2>Contents</h2>
          ${tocList(sections)}
        </nav>`
      : '';
  const footer =
    o.footer === undefined
      ? ''
      : html`<footer>${typeof o.footer === 'string' ? html`<p>${o.footer}</p>` : o.footer}</footer>`;
  const data = o.data === undefined ? '' : jsonScriptBlock('mlgate-data', o.data);
  // The CSP meta comes first in <head>: a policy applies only to what follows it.
  const head = html`<meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta name="referrer" content="no-referrer" />
    <meta name="generator" content="mlgate" />
    <title>${o.title}</title>`;
  const body = html`<header>
      <h1>${o.title}</h1>
      ${o.subtitle ? html`<p class="subtitle">${o.subtitle}</p>` : ''}
      <p class="meta">Generated <time datetime="${generated}">${shownTime}</time></p>
    </header>
    ${toc}
    <main>${sections.map((s) => sectionHtml(s, 2))}</main>
    ${footer} ${data}`;
  return `<!doctype html>
<html lang="en">
<head>
${head}
<style>${PAGE_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

interface IdentifiedSection extends HtmlSection {
  id: string;
  children: IdentifiedSection[];
}

function assignIds(sections: readonly HtmlSection[], prefix: string, used: Set<string>): IdentifiedSection[] {
  return sections.map((s, i) => {
    const id = s.id ?? `${prefix}-${i + 1}`;
    if (!ID.test(id)) {
      throw new RangeError(
        `renderHtmlPage: section id ${JSON.stringify(id)} must be a letter then letters, digits, _ or -`,
      );
    }
    if (used.has(id)) throw new RangeError(`renderHtmlPage: section id ${JSON.stringify(id)} is used twice`);
    used.add(id);
    return { ...s, id, children: assignIds(s.children ?? [], id, used) };
  });
}

function tocList(sections: readonly IdentifiedSection[]): SafeHtml {
  return html`<ol>
    ${sections.map(
      (s) => html`<li><a href="#${s.id}">${s.title}</a>${s.children.length ? tocList(s.children) : ''}</li>`,
    )}
  </ol>`;
}

function sectionHtml(s: IdentifiedSection, level: number): SafeHtml {
  const h = `h${Math.min(6, level)}`;
  const how =
    s.howToRead === undefined
      ? ''
      : html`<details class="how">
          <summary>How to read this</summary>
          ${typeof s.howToRead === 'string' ? html`<p>${s.howToRead}</p>` : s.howToRead}
        </details>`;
  // The heading tag is one of six constants; everything else is escaped by the tag.
  return html`<section id="${s.id}" aria-labelledby="${s.id}-h">
<${rawTag(h)} id="${s.id}-h">${s.title}</${rawTag(h)}>
${how}${s.body}
${s.children.map((c) => sectionHtml(c, level + 1))}
</section>
`;
}

function rawTag(tag: string): SafeHtml {
  if (!/^h[1-6]$/.test(tag)) throw new Error(`internal error: heading tag ${escapeHtml(tag)}`);
  return rawHtml(tag);
}
