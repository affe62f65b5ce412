/**
 * The parts every chart shares: the `<svg>` root with its accessible name and `data-chart`, the visible
 * title, the legend, axis drawing, the series palette and text measuring. Colours are presentation
 * attributes (light-mode values, so a chart saved on its own still reads) that the page's CSS overrides
 * by class for dark mode; text and axes use currentColor.
 */
import { svg, type SafeHtml } from './escape.js';
import { px, type Ticks } from './svg-scale.js';

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), light-mode shades. */
export const SERIES_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9'] as const;

/** The class and colour of the i-th series; past the palette, lines also get dashes. */
export function seriesStyle(i: number): { cls: string; colour: string; dash: string | null } {
  const k = i % SERIES_COLOURS.length;
  const round = Math.floor(i / SERIES_COLOURS.length);
  return { cls: `mg-s${k}`, colour: SERIES_COLOURS[k], dash: round === 0 ? null : `${2 + 2 * round} 3` };
}

export const FONT_SIZE = 12;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';

/**
 * Rough width of a label in px: no font metrics without a browser, so 0.6 em per character and 1 em for
 * wide (CJK, emoji) ones. Layout only needs it not to be badly short.
 */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) >= 0x1100 ? 1 : 0.6;
  return em * fontSize;
}

/** At most `max` characters (code points, so a surrogate pair is never split), "…" when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

export interface FrameOptions {
  kind: string;
  width: number;
  height: number;
  /** The accessible name (`<title>` and aria-label). */
  label: string;
  /** Shown above the plot when given. */
  title?: string;
  body: SafeHtml;
}

export function svgFrame(o: FrameOptions): SafeHtml {
  const visibleTitle = o.title
    ? svg`<text class="mg-chart-title" x="${px(o.width / 2)}" y="18" text-anchor="middle" font-size="14" font-weight="600">${truncate(o.title, Math.floor(o.width / 8))}</text>`
    : '';
  return svg`<svg xmlns="http://www.w3.org/2000/svg" class="mg-chart" data-chart="${o.kind}" viewBox="0 0 ${px(o.width)} ${px(o.height)}" width="${px(o.width)}" height="${px(o.height)}" role="img" aria-label="${o.label}" font-family="${FONT}" font-size="${FONT_SIZE}" fill="currentColor"><title>${o.label}</title>${visibleTitle}${o.body}</svg>`;
}

/** Where the plot starts below the title (and legend). */
export function topOffset(title: string | undefined): number {
  return title ? 30 : 8;
}

export interface LegendItem {
  name: string;
  index: number;
  /** Bars get a square swatch, lines a stroke. */
  shape: 'box' | 'line';
}

/** A legend laid out left to right from (x, y), wrapping at `width`. Returns the markup and its height. */
export function legend(
  items: readonly LegendItem[],
  x: number,
  y: number,
  width: number,
): { svg: SafeHtml; height: number } {
  if (items.length < 2) return { svg: svg``, height: 0 };
  const lineHeight = 18;
  let cx = x;
  let cy = y;
  const parts: SafeHtml[] = [];
  for (const item of items) {
    const label = truncate(item.name, 40);
    const w = 16 + textWidth(label) + 16;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += lineHeight;
    }
    const s = seriesStyle(item.index);
    const swatch =
      item.shape === 'box'
        ? svg`<rect class="mg-fill ${s.cls}" x="${px(cx)}" y="${px(cy - 9)}" width="10" height="10" fill="${s.colour}"/>`
        : svg`<line class="mg-stroke ${s.cls}" x1="${px(cx)}" y1="${px(cy - 4)}" x2="${px(cx + 12)}" y2="${px(cy - 4)}" stroke="${s.colour}" stroke-width="2"${s.dash ? svg` stroke-dasharray="${s.dash}"` : ''}/>`;
    parts.push(
      svg`<g class="mg-legend-item">${swatch}<text x="${px(cx + 16)}" y="${px(cy)}">${label}<title>${item.name}</title></text></g>`,
    );
    cx += w;
  }
  return { svg: svg`<g class="mg-legend">${parts}</g>`, height: cy - y + lineHeight };
}

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Grid lines and labels of a horizontal value axis along the bottom of the plot area. */
export function bottomAxis(
  ticks: Ticks,
  scale: (v: number) => number,
  area: PlotArea,
  label: string | undefined,
): SafeHtml {
  const marks = ticks.values.map((v, i) => {
    const x = px(scale(v));
    return svg`<line x1="${x}" y1="${px(area.top)}" x2="${x}" y2="${px(area.bottom)}" class="mg-grid-line" stroke="currentColor" stroke-opacity="0.12"/><text x="${x}" y="${px(area.bottom + 15)}" text-anchor="middle">${ticks.labels[i]}</text>`;
  });
  const title = label
    ? svg`<text class="mg-axis-label" x="${px((area.left + area.right) / 2)}" y="${px(area.bottom + 32)}" text-anchor="middle">${truncate(label, 80)}</text>`
    : '';
  return svg`<g class="mg-axis mg-axis-x">${marks}<line x1="${px(area.left)}" y1="${px(area.bottom)}" x2="${px(area.right)}" y2="${px(area.bottom)}" stroke="currentColor" stroke-opacity="0.6"/>${title}</g>`;
}

/** Grid lines and labels of a vertical value axis along the left of the plot area. */
export function leftAxis(
  ticks: Ticks,
  scale: (v: number) => number,
  area: PlotArea,
  label: string | undefined,
): SafeHtml {
  const marks = ticks.values.map((v, i) => {
    const y = px(scale(v));
    return svg`<line x1="${px(area.left)}" y1="${y}" x2="${px(area.right)}" y2="${y}" class="mg-grid-line" stroke="currentColor" stroke-opacity="0.12"/><text x="${px(area.left - 6)}" y="${px(scale(v) + 4)}" text-anchor="end">${ticks.labels[i]}</text>`;
  });
  const cx = area.left - 14 - Math.max(0, ...ticks.labels.map((l) => textWidth(l)));
  const cy = (area.top + area.bottom) / 2;
  const title = label
    ? svg`<text class="mg-axis-label" x="${px(cx)}" y="${px(cy)}" text-anchor="middle" transform="rotate(-90 ${px(cx)} ${px(cy)})">${truncate(label, 60)}</text>`
    : '';
  return svg`<g class="mg-axis mg-axis-y">${marks}<line x1="${px(area.left)}" y1="${px(area.top)}" x2="${px(area.left)}" y2="${px(area.bottom)}" stroke="currentColor" stroke-opacity="0.6"/>${title}</g>`;
}

/** Width the left axis needs for its tick labels and title. */
export function leftAxisWidth(ticks: Ticks, label: string | undefined): number {
  return 12 + Math.max(0, ...ticks.labels.map((l) => textWidth(l))) + (label ? 18 : 0);
}

/** The plot area's text when there is nothing to draw (no series, no points, no rows). */
export function noData(area: PlotArea, message = 'no data'): SafeHtml {
  return svg`<text class="mg-no-data" x="${px((area.left + area.right) / 2)}" y="${px((area.top + area.bottom) / 2)}" text-anchor="middle" fill-opacity="0.6">${message}</text>`;
}

/** Labels (and short tick marks) under the plot area at given x positions: bins, categories. */
export function bottomLabels(labels: readonly { x: number; text: string }[], area: PlotArea): SafeHtml {
  return svg`${labels.map(
    (l) =>
      svg`<line x1="${px(l.x)}" y1="${px(area.bottom)}" x2="${px(l.x)}" y2="${px(area.bottom + 4)}" stroke="currentColor" stroke-opacity="0.6"/><text x="${px(l.x)}" y="${px(area.bottom + 16)}" text-anchor="middle">${truncate(l.text, 24)}</text>`,
  )}`;
}
