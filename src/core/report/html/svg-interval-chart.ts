/**
 * Point estimates with CI whiskers, one row per metric: candidate − baseline deltas (issue 4), with the
 * no-change line and the non-inferiority margin as a band on each row's bad side (below zero when
 * higher is better, above when lower is; both sides when the direction is not given). The figures are
 * written at the right, so the chart reads without hovering.
 */
import { svg, type SafeHtml } from './escape.js';
import { bottomAxis, noData, svgFrame, textWidth, topOffset, truncate, type PlotArea } from './svg-frame.js';
import { extent, formatValue, linearScale, niceDomain, px } from './svg-scale.js';

export type IntervalStatus = 'pass' | 'fail' | 'inconclusive';

export interface IntervalRow {
  label: string;
  /** null or non-finite: the row says "n/a". */
  value: number | null;
  lo?: number | null;
  hi?: number | null;
  /** Which way is better for this metric: sets the side of the margin band. */
  better?: 'higher' | 'lower';
  /** This row's margin, when it differs from the chart's. */
  margin?: number;
  status?: IntervalStatus;
}

export interface IntervalChartOptions {
  rows: readonly IntervalRow[];
  /** Where "no change" is; default 0. */
  zero?: number;
  /** Non-inferiority margin (≥ 0), drawn as a band on each row's bad side. */
  margin?: number;
  xLabel?: string;
  title?: string;
  width?: number;
}

/** Colours per verdict (light mode; the page's CSS has dark-mode ones). */
export const STATUS_COLOURS: Record<IntervalStatus | 'none', string> = {
  pass: '#009e73',
  fail: '#d55e00',
  inconclusive: '#b8860b',
  none: '#0072b2',
};

const LABEL_CHARS = 28;
const BAND = 26;

export function intervalChart(o: IntervalChartOptions): SafeHtml {
  const width = o.width ?? 640;
  const zero = o.zero !== undefined && Number.isFinite(o.zero) ? o.zero : 0;
  const label = o.title ?? `Differences with 95% confidence intervals`;
  const marginOf = (r: IntervalRow) => {
    const m = r.margin ?? o.margin;
    return m !== undefined && Number.isFinite(m) && m > 0 ? m : 0;
  };
  const figures = o.rows.map((r) => figureText(r));
  const labelWidth = Math.min(
    190,
    Math.max(40, ...o.rows.map((r) => textWidth(truncate(r.label, LABEL_CHARS)))),
  );
  const figuresWidth = Math.min(220, Math.max(40, ...figures.map((f) => textWidth(f))));
  const anyMargin = o.rows.some((r) => marginOf(r) > 0);
  const top = topOffset(o.title) + 22;
  const plotHeight = Math.max(1, o.rows.length) * BAND;
  const height = top + plotHeight + 44;
  const area: PlotArea = {
    left: 12 + labelWidth + 8,
    top,
    right: width - 16 - figuresWidth,
    bottom: top + plotHeight,
  };
  if (!o.rows.length) {
    return svgFrame({ kind: 'interval-chart', width, height, label, title: o.title, body: noData(area) });
  }
  const spans = o.rows.flatMap((r) => {
    const m = marginOf(r);
    const band = m ? bandOf(zero, m, r.better) : [zero, zero];
    return [r.value ?? NaN, r.lo ?? NaN, r.hi ?? NaN, ...band];
  });
  const ticks = niceDomain(extent([zero, ...spans]) ?? { min: zero, max: zero }, 5);
  const x = linearScale(ticks.domain, area.left, area.right);
  const rows = o.rows.map((r, i) => {
    const yMid = area.top + i * BAND + BAND / 2;
    const status = r.status ?? 'none';
    const colour = STATUS_COLOURS[status];
    const m = marginOf(r);
    const [bandLo, bandHi] = bandOf(zero, m, r.better);
    const band = m
      ? svg`<rect class="mg-margin" x="${px(x(bandLo))}" y="${px(yMid - BAND / 2 + 2)}" width="${px(x(bandHi) - x(bandLo))}" height="${px(BAND - 4)}" fill="currentColor" fill-opacity="0.1"><title>${r.label}: non-inferiority margin ${formatValue(m)}</title></rect>`
      : '';
    const name = svg`<text x="${px(area.left - 8)}" y="${px(yMid + 4)}" text-anchor="end">${truncate(r.label, LABEL_CHARS)}<title>${r.label}</title></text>`;
    const text = svg`<text x="${px(area.right + 8)}" y="${px(yMid + 4)}">${figures[i]}</text>`;
    let mark: SafeHtml = svg``;
    if (r.value !== null && Number.isFinite(r.value)) {
      const lo = r.lo ?? NaN;
      const hi = r.hi ?? NaN;
      const whisker =
        Number.isFinite(lo) && Number.isFinite(hi)
          ? svg`<line x1="${px(x(lo))}" y1="${px(yMid)}" x2="${px(x(hi))}" y2="${px(yMid)}" stroke-width="2"/><line x1="${px(x(lo))}" y1="${px(yMid - 5)}" x2="${px(x(lo))}" y2="${px(yMid + 5)}" stroke-width="2"/><line x1="${px(x(hi))}" y1="${px(yMid - 5)}" x2="${px(x(hi))}" y2="${px(yMid + 5)}" stroke-width="2"/>`
          : '';
      mark = svg`<g class="mg-interval mg-${status}" stroke="${colour}" fill="${colour}">${whisker}<circle cx="${px(x(r.value))}" cy="${px(yMid)}" r="4"/><title> ${r.label}: ${figures[i]}${r.status ? ` (${r.status})` : ''} </title></g>`;
    }
    return svg`<g class="mg-row">${band}${name}${mark}${text}</g>`;
  });
  const zx = px(x(zero));
  const zeroLine = svg`<g class="mg-zero"><line x1="${zx}" y1="${px(area.top - 4)}" x2="${zx}" y2="${px(area.bottom)}" stroke="currentColor" stroke-opacity="0.7"/><text x="${zx}" y="${px(area.top - 8)}" text-anchor="middle">no change</text></g>`;
  const key = anyMargin
    ? svg`<g class="mg-legend"><rect x="12" y="${px(topOffset(o.title) - 2)}" width="12" height="10" fill="currentColor" fill-opacity="0.1"/><text x="30" y="${px(topOffset(o.title) + 7)}">non-inferiority margin</text></g>`
    : '';
  const body = svg`${key}${bottomAxis(ticks, x, area, o.xLabel ?? 'candidate − baseline')}<g data-series="intervals">${rows}</g>${zeroLine}`;
  return svgFrame({ kind: 'interval-chart', width, height, label, title: o.title, body });
}

function bandOf(zero: number, margin: number, better: IntervalRow['better']): [number, number] {
  if (better === 'higher') return [zero - margin, zero];
  if (better === 'lower') return [zero, zero + margin];
  return [zero - margin, zero + margin];
}

/** "+0.0123 [−0.0040, 0.0290]": sign shown, since these are differences. */
function figureText(r: IntervalRow): string {
  if (r.value === null || !Number.isFinite(r.value)) return 'n/a';
  const signed = (v: number) => (v > 0 ? `+${formatValue(v)}` : formatValue(v));
  const lo = r.lo ?? NaN;
  const hi = r.hi ?? NaN;
  return Number.isFinite(lo) && Number.isFinite(hi)
    ? `${signed(r.value)} [${signed(lo)}, ${signed(hi)}]`
    : signed(r.value);
}
