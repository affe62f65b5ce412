/**
 * Horizontal bars from zero, one per label: drift score per column against its threshold, or metric
 * deltas (negative values extend left of zero). Highlighted bars (drifted columns, failed metrics) get
 * the attention colour; each bar's tooltip says why.
 */
import { svg, type SafeHtml } from './escape.js';
import {
  bottomAxis,
  noData,
  seriesStyle,
  svgFrame,
  textWidth,
  topOffset,
  truncate,
  type PlotArea,
} from './svg-frame.js';
import {
  extent,
  formatPercent,
  formatValue,
  linearScale,
  niceDomain,
  px,
  type TickUnit,
} from './svg-scale.js';

export interface Bar {
  label: string;
  /** null or non-finite: drawn as "n/a". */
  value: number | null;
  highlight?: boolean;
}

export interface BarChartOptions {
  bars: readonly Bar[];
  /** A vertical dashed line, e.g. the drift threshold. */
  threshold?: number;
  thresholdLabel?: string;
  xLabel: string;
  /** What a highlight means, for the tooltips and the legend: "drifted", "failed". */
  highlightLabel?: string;
  unit?: TickUnit;
  title?: string;
  width?: number;
}

const LABEL_CHARS = 28;
const BAND = 20;

export function barChart(o: BarChartOptions): SafeHtml {
  const width = o.width ?? 640;
  const unit = o.unit ?? 'number';
  const label = o.title ?? o.xLabel;
  const format = unit === 'percent' ? formatPercent : formatValue;
  const highlightLabel = o.highlightLabel ?? 'highlighted';
  const anyHighlight = o.bars.some((b) => b.highlight);
  const top = topOffset(o.title) + (anyHighlight ? 20 : 0) + (o.threshold !== undefined ? 14 : 0);
  const labelWidth = Math.min(
    190,
    Math.max(40, ...o.bars.map((b) => textWidth(truncate(b.label, LABEL_CHARS)))),
  );
  const plotHeight = Math.max(1, o.bars.length) * BAND;
  const height = top + plotHeight + 44;
  // Negative bars carry their figure on their left: keep room for it between the names and the axis.
  const negativeText = Math.max(
    0,
    ...o.bars.map((b) => (b.value !== null && b.value < 0 ? textWidth(format(b.value)) + 8 : 0)),
  );
  const area: PlotArea = {
    left: 12 + labelWidth + 8 + negativeText,
    top,
    right: width - 64,
    bottom: top + plotHeight,
  };
  if (!o.bars.length) {
    return svgFrame({ kind: 'bar-chart', width, height, label, title: o.title, body: noData(area) });
  }
  const threshold = o.threshold !== undefined && Number.isFinite(o.threshold) ? o.threshold : undefined;
  const d = extent([
    0,
    ...o.bars.map((b) => b.value ?? NaN),
    ...(threshold !== undefined ? [threshold] : []),
  ]);
  const ticks = niceDomain(d ?? { min: 0, max: 1 }, 5, unit);
  const x = linearScale(ticks.domain, area.left, area.right);
  const zero = x(0);
  const normal = seriesStyle(0);
  const bars = o.bars.map((b, i) => {
    const yMid = area.top + i * BAND + BAND / 2;
    const name = svg`<text x="${px(12 + labelWidth)}" y="${px(yMid + 4)}" text-anchor="end">${truncate(b.label, LABEL_CHARS)}<title>${b.label}</title></text>`;
    if (b.value === null || !Number.isFinite(b.value)) {
      return svg`${name}<text x="${px(zero + 4)}" y="${px(yMid + 4)}" fill-opacity="0.6">n/a</text>`;
    }
    const end = x(b.value);
    const left = Math.min(zero, end);
    const cls = b.highlight ? 'mg-fill mg-hl' : `mg-fill ${normal.cls}`;
    const colour = b.highlight ? HIGHLIGHT_COLOUR : normal.colour;
    const tip = `${b.label}: ${format(b.value)}${b.highlight ? ` (${highlightLabel})` : ''}`;
    const valueText =
      b.value >= 0
        ? svg`<text x="${px(Math.max(end, zero) + 4)}" y="${px(yMid + 4)}">${format(b.value)}</text>`
        : svg`<text x="${px(end - 4)}" y="${px(yMid + 4)}" text-anchor="end">${format(b.value)}</text>`;
    return svg`${name}<rect class="${cls}" fill="${colour}" x="${px(left)}" y="${px(yMid - 6)}" width="${px(Math.max(0.5, Math.abs(end - zero)))}" height="12"><title>${tip}</title></rect>${valueText}`;
  });
  const thresholdLine =
    threshold !== undefined
      ? svg`<g class="mg-threshold"><line x1="${px(x(threshold))}" y1="${px(area.top - 4)}" x2="${px(x(threshold))}" y2="${px(area.bottom)}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3"/><text x="${px(x(threshold))}" y="${px(area.top - 8)}" text-anchor="middle">${o.thresholdLabel ?? 'threshold'} ${format(threshold)}</text></g>`
      : '';
  const zeroLine = svg`<line x1="${px(zero)}" y1="${px(area.top)}" x2="${px(zero)}" y2="${px(area.bottom)}" stroke="currentColor" stroke-opacity="0.6"/>`;
  const key = anyHighlight
    ? svg`<g class="mg-legend"><rect class="mg-fill mg-hl" fill="${HIGHLIGHT_COLOUR}" x="12" y="${px(topOffset(o.title) + 1)}" width="10" height="10"/><text x="28" y="${px(topOffset(o.title) + 10)}">${highlightLabel}</text></g>`
    : '';
  const body = svg`${key}${bottomAxis(ticks, x, area, o.xLabel)}<g data-series="${o.xLabel}">${bars}</g>${zeroLine}${thresholdLine}`;
  return svgFrame({ kind: 'bar-chart', width, height, label, title: o.title, body });
}

/** Vermillion, distinct from the first series' blue; the page's CSS lightens it in dark mode. */
export const HIGHLIGHT_COLOUR = '#d55e00';
