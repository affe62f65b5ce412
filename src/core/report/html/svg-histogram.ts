/**
 * Reference and current distributions of a numeric column on the same bins (drift). Bins are drawn with
 * equal widths whatever their value ranges: drift's bins are the reference's deciles, equal in reference
 * mass, and open outer bins (−∞, a] and (b, +∞) have no width at all. The boundaries are labelled with
 * their values, the outer open bins "≤ a" and "> b". Bins are right-closed, as drift counts them.
 */
import { svg, type SafeHtml } from './escape.js';
import {
  bottomLabels,
  legend,
  leftAxis,
  leftAxisWidth,
  noData,
  seriesStyle,
  svgFrame,
  textWidth,
  topOffset,
  truncate,
  type PlotArea,
} from './svg-frame.js';
import { extent, formatPercent, formatValue, linearScale, niceDomain, px } from './svg-scale.js';

export interface HistogramSeries {
  name: string;
  /** Share of the series' rows in each bin (non-finite values are drawn as no bar). */
  proportions: readonly number[];
}

export interface HistogramOverlayOptions {
  /**
   * Either the bins' boundaries (one more than the bins; the first may be −Infinity, the last +Infinity)
   * or drift's cut points (one fewer than the bins: the outer bins are open).
   */
  edges: readonly number[];
  series: readonly HistogramSeries[];
  xLabel: string;
  yLabel?: string;
  title?: string;
  width?: number;
  height?: number;
}

const BOTTOM = 44;

export function histogramOverlay(o: HistogramOverlayOptions): SafeHtml {
  const width = o.width ?? 640;
  const height = o.height ?? 260;
  const label = o.title ?? `Distribution of ${o.xLabel}`;
  const bins = o.series.length ? o.series[0].proportions.length : 0;
  const boundaries = boundariesOf(o.edges, bins);
  for (const s of o.series) {
    if (s.proportions.length !== bins) {
      throw new RangeError(
        `histogramOverlay: series ${JSON.stringify(s.name)} has ${s.proportions.length} bins, the first series ${bins}`,
      );
    }
  }
  const items = o.series.map((s, index) => ({ name: s.name, index, shape: 'box' as const }));
  const top0 = topOffset(o.title);
  const leg = legend(items, 12, top0 + 10, width - 24);
  const top = top0 + leg.height + (leg.height ? 6 : 4);
  const values = o.series.flatMap((s) => s.proportions);
  const ticks = niceDomain({ min: 0, max: Math.max(0, extent(values)?.max ?? 0) }, 4, 'percent');
  const yLabel = o.yLabel ?? 'share of rows';
  const area: PlotArea = {
    left: leftAxisWidth(ticks, yLabel) + 4,
    top,
    right: width - 12,
    bottom: height - BOTTOM,
  };
  const y = linearScale(ticks.domain, area.bottom, area.top);
  if (bins === 0) {
    return svgFrame({
      kind: 'histogram-overlay',
      width,
      height,
      label,
      title: o.title,
      body: svg`${leg.svg}${noData(area)}`,
    });
  }
  const slot = (area.right - area.left) / bins;
  const group = slot * 0.84;
  const barWidth = group / o.series.length;
  const binNames = Array.from({ length: bins }, (_, i) => binName(boundaries[i], boundaries[i + 1]));
  const groups = o.series.map((s, si) => {
    const style = seriesStyle(si);
    const rects: SafeHtml[] = [];
    s.proportions.forEach((p, i) => {
      if (!Number.isFinite(p) || p <= 0) return;
      const x = area.left + i * slot + (slot - group) / 2 + si * barWidth;
      const top = y(p);
      rects.push(
        svg`<rect x="${px(x)}" y="${px(top)}" width="${px(Math.max(0.5, barWidth - 1))}" height="${px(area.bottom - top)}"><title>${s.name}, ${binNames[i]}: ${formatPercent(p)}</title></rect>`,
      );
    });
    return svg`<g class="mg-fill ${style.cls}" data-series="${s.name}" fill="${style.colour}">${rects}</g>`;
  });
  const xLabels = boundaryLabels(boundaries, area, slot);
  const axisTitle = svg`<text class="mg-axis-label" x="${px((area.left + area.right) / 2)}" y="${px(area.bottom + 34)}" text-anchor="middle">${truncate(o.xLabel, 80)}</text>`;
  const body = svg`${leg.svg}${leftAxis(ticks, y, area, yLabel)}${groups}<g class="mg-axis mg-axis-x"><line x1="${px(area.left)}" y1="${px(area.bottom)}" x2="${px(area.right)}" y2="${px(area.bottom)}" stroke="currentColor" stroke-opacity="0.6"/>${xLabels}${axisTitle}</g>`;
  return svgFrame({ kind: 'histogram-overlay', width, height, label, title: o.title, body });
}

/** Boundaries of `bins` bins from either form of `edges` (see HistogramOverlayOptions). */
function boundariesOf(edges: readonly number[], bins: number): number[] {
  if (bins === 0) return [];
  let b: number[];
  if (edges.length === bins + 1) b = [...edges];
  else if (edges.length === bins - 1) b = [-Infinity, ...edges, Infinity];
  else {
    throw new RangeError(
      `histogramOverlay: ${edges.length} edges for ${bins} bins; give ${bins + 1} boundaries or ${bins - 1} cut points`,
    );
  }
  b.forEach((e, i) => {
    const inner = i > 0 && i < b.length - 1;
    if (Number.isNaN(e) || (inner && !Number.isFinite(e)) || (i > 0 && e < b[i - 1])) {
      throw new RangeError(
        `histogramOverlay: edges must ascend and be finite inside; got ${formatValue(e)} at ${i}`,
      );
    }
  });
  return b;
}

function binName(lo: number, hi: number): string {
  if (lo === -Infinity && hi === Infinity) return 'all values';
  if (lo === -Infinity) return `≤ ${formatValue(hi)}`;
  if (hi === Infinity) return `> ${formatValue(lo)}`;
  return `(${formatValue(lo)}, ${formatValue(hi)}]`;
}

/**
 * Value labels at the finite boundaries, thinned so they do not overlap; an open end bin is labelled
 * under its middle ("≤ a", "> b") in place of its finite boundary's label.
 */
function boundaryLabels(b: readonly number[], area: PlotArea, slot: number): SafeHtml {
  const bins = b.length - 1;
  const openLow = b[0] === -Infinity;
  const openHigh = b[bins] === Infinity;
  const labels: { x: number; text: string }[] = [];
  if (openLow && openHigh && bins === 1) {
    labels.push({ x: area.left + slot / 2, text: 'all values' });
  } else {
    if (openLow) labels.push({ x: area.left + slot / 2, text: `≤ ${formatValue(b[1])}` });
    const inner: { x: number; text: string }[] = [];
    for (let i = openLow ? 2 : 0; i <= (openHigh ? bins - 2 : bins); i++) {
      inner.push({ x: area.left + i * slot, text: formatValue(b[i]) });
    }
    const widest = Math.max(0, ...inner.map((l) => textWidth(l.text)));
    const every = Math.max(1, Math.ceil((widest + 10) / slot));
    inner.forEach((l, k) => {
      if (k % every === 0) labels.push(l);
    });
    if (openHigh) labels.push({ x: area.left + (bins - 0.5) * slot, text: `> ${formatValue(b[bins - 1])}` });
  }
  return bottomLabels(labels, area);
}
