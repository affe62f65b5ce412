/**
 * Grouped horizontal bars for a categorical column (drift: reference and current shares per category).
 * Horizontal, because category names are long. Long lists keep the top N categories, ranked by their
 * largest value in any series (so a category that only appears in the current data still shows), and
 * sum the rest into "other (k categories)".
 */
import { svg, type SafeHtml } from './escape.js';
import {
  bottomAxis,
  legend,
  noData,
  seriesStyle,
  svgFrame,
  textWidth,
  topOffset,
  truncate,
  type PlotArea,
} from './svg-frame.js';
import { extent, formatPercent, formatValue, linearScale, niceDomain, px } from './svg-scale.js';

export interface CategorySeries {
  name: string;
  /** One value per category, in `categories` order (non-finite: no bar). */
  values: readonly number[];
}

export interface CategoryBarsOptions {
  categories: readonly string[];
  series: readonly CategorySeries[];
  /** Categories shown before the rest become "other"; default 10. */
  topN?: number;
  /** Proportions are shown as percentages (the default), counts as numbers. */
  unit?: 'proportion' | 'count';
  xLabel?: string;
  title?: string;
  width?: number;
}

const LABEL_CHARS = 28;

export function categoryBars(o: CategoryBarsOptions): SafeHtml {
  const width = o.width ?? 640;
  const unit = o.unit ?? 'proportion';
  const label = o.title ?? `Categories${o.xLabel ? ` of ${o.xLabel}` : ''}`;
  for (const s of o.series) {
    if (s.values.length !== o.categories.length) {
      throw new RangeError(
        `categoryBars: series ${JSON.stringify(s.name)} has ${s.values.length} values for ${o.categories.length} categories`,
      );
    }
  }
  const rows = topCategories(o.categories, o.series, o.topN ?? 10);
  const items = o.series.map((s, index) => ({ name: s.name, index, shape: 'box' as const }));
  const top0 = topOffset(o.title);
  const leg = legend(items, 12, top0 + 10, width - 24);
  const top = top0 + leg.height + (leg.height ? 6 : 4);
  const barHeight = o.series.length > 3 ? 7 : 10;
  const band = Math.max(18, o.series.length * barHeight + 8);
  const labelWidth = Math.min(
    190,
    Math.max(40, ...rows.map((r) => textWidth(truncate(r.name, LABEL_CHARS)))),
  );
  const plotHeight = Math.max(1, rows.length) * band;
  const height = top + plotHeight + 44;
  const area: PlotArea = { left: 12 + labelWidth + 8, top, right: width - 56, bottom: top + plotHeight };
  if (!rows.length || !o.series.length) {
    return svgFrame({
      kind: 'category-bars',
      width,
      height,
      label,
      title: o.title,
      body: svg`${leg.svg}${noData(area)}`,
    });
  }
  const all = rows.flatMap((r) => r.values);
  const ticks = niceDomain(
    { min: 0, max: Math.max(0, extent(all)?.max ?? 0) },
    5,
    unit === 'proportion' ? 'percent' : 'number',
  );
  const x = linearScale(ticks.domain, area.left, area.right);
  const format = unit === 'proportion' ? formatPercent : formatValue;
  const groups = o.series.map((s, si) => {
    const style = seriesStyle(si);
    const rects = rows.map((r, ri) => {
      const v = r.values[si];
      if (!Number.isFinite(v) || v <= 0) return '';
      const yTop = area.top + ri * band + (band - o.series.length * barHeight) / 2 + si * barHeight;
      return svg`<rect x="${px(area.left)}" y="${px(yTop)}" width="${px(Math.max(0.5, x(v) - area.left))}" height="${px(barHeight - 1)}"><title>${s.name}, ${r.name}: ${format(v)}</title></rect>`;
    });
    return svg`<g class="mg-fill ${style.cls}" data-series="${s.name}" fill="${style.colour}">${rects}</g>`;
  });
  const names = rows.map(
    (r, ri) =>
      svg`<text x="${px(area.left - 8)}" y="${px(area.top + ri * band + band / 2 + 4)}" text-anchor="end"${r.other ? svg` font-style="italic"` : ''}>${truncate(r.name, LABEL_CHARS)}<title>${r.name}</title></text>`,
  );
  const body = svg`${leg.svg}${bottomAxis(ticks, x, area, o.xLabel ?? (unit === 'proportion' ? 'share of rows' : 'rows'))}${groups}<g class="mg-category-labels">${names}</g>`;
  return svgFrame({ kind: 'category-bars', width, height, label, title: o.title, body });
}

interface CategoryRow {
  name: string;
  values: number[];
  other: boolean;
}

/** The top N categories by their largest value in any series, then "other" with the rest's sums. */
export function topCategories(
  categories: readonly string[],
  series: readonly CategorySeries[],
  topN: number,
): CategoryRow[] {
  const keep = Math.max(1, Math.floor(topN));
  const value = (s: CategorySeries, i: number) => (Number.isFinite(s.values[i]) ? s.values[i] : 0);
  const rank = categories.map((_, i) => ({ i, score: Math.max(0, ...series.map((s) => value(s, i))) }));
  rank.sort((a, b) => b.score - a.score || a.i - b.i);
  // Folding a single category into "other" hides its name and saves nothing.
  const shown = rank.length <= keep + 1 ? rank : rank.slice(0, keep);
  const rows: CategoryRow[] = shown.map(({ i }) => ({
    name: categories[i],
    values: series.map((s) => s.values[i]),
    other: false,
  }));
  const rest = rank.slice(shown.length);
  if (rest.length) {
    rows.push({
      name: `other (${rest.length} categories)`,
      values: series.map((s) => rest.reduce((sum, { i }) => sum + value(s, i), 0)),
      other: true,
    });
  }
  return rows;
}
