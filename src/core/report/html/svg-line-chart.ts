/**
 * Curves on shared axes: ROC and PR overlays of candidate and baseline, calibration curves (with the
 * diagonal). Each series is thinned in pixel space to at most `maxPoints` points (default 300) that stay
 * within a quarter pixel of the full curve where the budget allows (polyline-thinning.ts); points
 * outside the axes are drawn on their edge.
 */
import { svg, type SafeHtml } from './escape.js';
import { thinPolyline } from './polyline-thinning.js';
import {
  bottomAxis,
  leftAxis,
  leftAxisWidth,
  legend,
  noData,
  seriesStyle,
  svgFrame,
  topOffset,
  type PlotArea,
} from './svg-frame.js';
import {
  extent,
  linearScale,
  niceDomain,
  px,
  ticksWithin,
  type Domain,
  type TickUnit,
  type Ticks,
} from './svg-scale.js';

export interface LineSeries {
  name: string;
  /** [x, y] pairs in drawing order; pairs with a non-finite coordinate are dropped. */
  points: readonly (readonly [number, number])[];
  /** Dots at the points (calibration bins); lines only by default. */
  markers?: boolean;
}

export interface LineAxis {
  label: string;
  /** Fixed ends (0 and 1 for ROC); where absent the data's range, widened to whole ticks. */
  min?: number;
  max?: number;
  unit?: TickUnit;
}

export interface LineChartOptions {
  series: readonly LineSeries[];
  x: LineAxis;
  y: LineAxis;
  /** The y = x line (chance on ROC, perfect calibration), dashed. */
  diagonal?: boolean;
  maxPoints?: number;
  title?: string;
  width?: number;
  height?: number;
}

export function lineChart(o: LineChartOptions): SafeHtml {
  const width = o.width ?? 480;
  const height = o.height ?? 360;
  const label = o.title ?? `${o.y.label} against ${o.x.label}`;
  const series = o.series.map((s) => ({
    ...s,
    points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
  }));
  const all = series.flatMap((s) => s.points);
  const xTicks = axisTicks(o.x, extent(all.map((p) => p[0])));
  const yTicks = axisTicks(o.y, extent(all.map((p) => p[1])));
  const items = series.map((s, index) => ({ name: s.name, index, shape: 'line' as const }));
  const top0 = topOffset(o.title);
  const leg = legend(items, 12, top0 + 10, width - 24);
  const top = top0 + leg.height + (leg.height ? 6 : 4);
  const area: PlotArea = {
    left: leftAxisWidth(yTicks, o.y.label) + 4,
    top,
    right: width - 16,
    bottom: height - 44,
  };
  const sx = linearScale(xTicks.domain, area.left, area.right);
  const sy = linearScale(yTicks.domain, area.bottom, area.top);
  const axes = svg`${bottomAxis(xTicks, sx, area, o.x.label)}${leftAxis(yTicks, sy, area, o.y.label)}`;
  if (!all.length) {
    return svgFrame({
      kind: 'line-chart',
      width,
      height,
      label,
      title: o.title,
      body: svg`${leg.svg}${axes}${noData(area)}`,
    });
  }
  const clampX = (v: number) => Math.min(area.right, Math.max(area.left, sx(v)));
  const clampY = (v: number) => Math.min(area.bottom, Math.max(area.top, sy(v)));
  const maxPoints = Math.max(8, o.maxPoints ?? 300);
  const paths = series.map((s, si) => {
    const style = seriesStyle(si);
    const xs = Float64Array.from(s.points, (p) => clampX(p[0]));
    const ys = Float64Array.from(s.points, (p) => clampY(p[1]));
    const keep = thinPolyline(xs, ys, maxPoints);
    const d = keep.map((i, k) => `${k === 0 ? 'M' : 'L'}${px(xs[i])} ${px(ys[i])}`).join('');
    const line =
      keep.length > 1
        ? svg`<path d="${d}" fill="none" stroke-width="2" stroke-linejoin="round" ${style.dash ? svg` stroke-dasharray="${style.dash}"` : ''}/>`
        : '';
    // A lone point draws no line: show it as a dot whatever `markers` says.
    const dots =
      s.markers || keep.length === 1
        ? keep.map(
            (i) =>
              svg`<circle cx="${px(xs[i])}" cy="${px(ys[i])}" r="3" fill="${style.colour}" stroke="none"/>`,
          )
        : '';
    return svg`<g class="mg-stroke ${style.cls}" data-series="${s.name}" stroke="${style.colour}"><title>${s.name}</title>${line}${dots}</g>`;
  });
  const diagonal = o.diagonal ? diagonalLine(xTicks.domain, yTicks.domain, sx, sy) : '';
  return svgFrame({
    kind: 'line-chart',
    width,
    height,
    label,
    title: o.title,
    body: svg`${leg.svg}${axes}${diagonal}${paths}`,
  });
}

function axisTicks(axis: LineAxis, data: Domain | null): Ticks {
  const unit = axis.unit ?? 'number';
  const fixedMin = axis.min !== undefined && Number.isFinite(axis.min);
  const fixedMax = axis.max !== undefined && Number.isFinite(axis.max);
  if (fixedMin && fixedMax && (axis.max as number) > (axis.min as number)) {
    return ticksWithin({ min: axis.min as number, max: axis.max as number }, 5, unit);
  }
  const lo = fixedMin ? (axis.min as number) : (data?.min ?? 0);
  const hi = fixedMax ? (axis.max as number) : (data?.max ?? 1);
  return niceDomain({ min: Math.min(lo, hi), max: Math.max(lo, hi) }, 5, unit);
}

/** y = x over the part of the plot where both axes' ranges overlap. */
function diagonalLine(
  xd: Domain,
  yd: Domain,
  sx: (v: number) => number,
  sy: (v: number) => number,
): SafeHtml | '' {
  const lo = Math.max(xd.min, yd.min);
  const hi = Math.min(xd.max, yd.max);
  if (!(hi > lo)) return '';
  return svg`<line class="mg-diagonal" x1="${px(sx(lo))}" y1="${px(sy(lo))}" x2="${px(sx(hi))}" y2="${px(sy(hi))}" stroke="currentColor" stroke-opacity="0.5" stroke-dasharray="4 4"/>`;
}
