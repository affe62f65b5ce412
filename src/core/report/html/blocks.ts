/** Small building blocks of report bodies: a figure with its caption, a grid of small multiples, a verdict badge. */
import { html, type HtmlValue, type SafeHtml } from './escape.js';

export function figure(content: SafeHtml, caption?: SafeHtml | string): SafeHtml {
  return html`<figure>
    ${content}${caption === undefined ? '' : html`<figcaption>${caption}</figcaption>`}
  </figure>`;
}

/** Charts side by side, wrapping (both confusion matrices, one histogram per column). */
export function chartGrid(items: readonly HtmlValue[]): SafeHtml {
  return html`<div class="mg-grid">${items}</div>`;
}

export type BadgeStatus = 'pass' | 'fail' | 'inconclusive';

const BADGE_TEXT: Record<BadgeStatus, string> = {
  pass: '✔ pass',
  fail: '✘ fail',
  inconclusive: '? inconclusive',
};

/** A verdict as a coloured pill; the text carries the meaning too, for print and colour-blind readers. */
export function badge(status: BadgeStatus, text: string = BADGE_TEXT[status]): SafeHtml {
  return html`<span class="badge badge-${status}">${text}</span>`;
}
