/**
 * A confusion matrix as a heat map with the counts in the cells. Rows are the actual classes and columns
 * the predicted ones (scikit-learn's `confusion_matrix` layout: counts[i][j] = rows of class i predicted
 * as j). Shading is the count over the largest count; each cell's tooltip adds the share of its row.
 */
import { formatCount } from '../format-number.js';
import { svg, type SafeHtml } from './escape.js';
import { noData, svgFrame, textWidth, topOffset, truncate, type PlotArea } from './svg-frame.js';
import { formatPercent, px } from './svg-scale.js';

export interface MatrixChartOptions {
  labels: readonly string[];
  counts: readonly (readonly number[])[];
  title: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
}

/** Light-mode heat colour and the text colour on its strong end (the page's CSS swaps both in dark mode). */
export const HEAT_COLOUR = '#2166ac';
const ON_HEAT = '#ffffff';

const LABEL_CHARS = 20;
const TOOLTIP_CLASSES = 20;

export function matrixChart(o: MatrixChartOptions): SafeHtml {
  const width = o.width ?? 480;
  const n = o.labels.length;
  if (o.counts.length !== n || o.counts.some((row) => row.length !== n)) {
    throw new RangeError(
      `matrixChart: ${n} labels need ${n}×${n} counts; got ${o.counts.length} rows of ${o.counts.map((r) => r.length).join(', ') || 0}`,
    );
  }
  const xLabel = o.xLabel ?? 'predicted';
  const yLabel = o.yLabel ?? 'actual';
  const shown = o.labels.map((l) => truncate(l, LABEL_CHARS));
  const labelWidth = Math.min(150, Math.max(24, ...shown.map((l) => textWidth(l))));
  const left = 12 + 18 + labelWidth + 8;
  const cell = n ? Math.max(4, Math.min(56, (width - left - 16) / n)) : 56;
  // Column labels go at 45° when they are wider than a cell.
  const slanted = shown.some((l) => textWidth(l) > cell - 4);
  const headHeight = slanted ? Math.min(110, labelWidth * 0.72 + 10) : 18;
  const top = topOffset(o.title) + 18 + headHeight;
  const area: PlotArea = {
    left,
    top,
    right: left + cell * Math.max(1, n),
    bottom: top + cell * Math.max(1, n),
  };
  const height = area.bottom + 16;
  const svgWidth = Math.max(width, area.right + 16);
  const label = `${o.title}: confusion matrix (${yLabel} by row, ${xLabel} by column)`;
  if (!n) return svgFrame({ kind: 'matrix-chart', width, height, label, title: o.title, body: noData(area) });
  let max = 0;
  for (const row of o.counts) for (const c of row) if (Number.isFinite(c) && c > max) max = c;
  const digits = Math.max(1, ...o.counts.flat().map((c) => (Number.isFinite(c) ? formatCount(c).length : 3)));
  const fontSize = Math.min(12, (cell - 4) / (digits * 0.6));
  const cells: SafeHtml[] = [];
  o.counts.forEach((row, i) => {
    const rowTotal = row.reduce((s, c) => s + (Number.isFinite(c) && c > 0 ? c : 0), 0);
    row.forEach((c, j) => {
      const finite = Number.isFinite(c);
      const t = finite && max > 0 ? Math.max(0, c) / max : 0;
      const x = area.left + j * cell;
      const y = area.top + i * cell;
      const text = finite ? formatCount(c) : 'n/a';
      const share =
        finite && rowTotal > 0
          ? ` (${formatPercent(Math.max(0, c) / rowTotal)} of ${yLabel} ${o.labels[i]})`
          : '';
      const strong = t > 0.55;
      const count =
        fontSize >= 6
          ? svg`<text x="${px(x + cell / 2)}" y="${px(y + cell / 2 + fontSize * 0.35)}" text-anchor="middle" font-size="${px(fontSize)}" ${strong ? svg` class="mg-on-heat" fill="${ON_HEAT}"` : ''}>${text}</text>`
          : '';
      // Zero cells are the background; tooltips only while the matrix is small (they cost ~100 bytes each).
      const rect =
        t > 0
          ? svg`<rect class="mg-heat" x="${px(x)}" y="${px(y)}" width="${px(cell - 1)}" height="${px(cell - 1)}" fill="${HEAT_COLOUR}" fill-opacity="${(0.06 + 0.88 * t).toFixed(2)}"/>`
          : '';
      const tip =
        n <= TOOLTIP_CLASSES
          ? svg`<title>${yLabel} ${o.labels[i]}, ${xLabel} ${o.labels[j]}: ${text}${share}</title>`
          : '';
      if (rect || count || tip) cells.push(tip ? svg`<g>${rect}${count}${tip}</g>` : svg`${rect}${count}`);
    });
  });
  const rowLabels = shown.map(
    (l, i) =>
      svg`<text x="${px(area.left - 6)}" y="${px(area.top + i * cell + cell / 2 + 4)}" text-anchor="end">${l}<title>${o.labels[i]}</title></text>`,
  );
  const colLabels = shown.map((l, j) => {
    const cx = area.left + j * cell + cell / 2;
    const cy = area.top - 6;
    return slanted
      ? svg`<text x="${px(cx)}" y="${px(cy)}" transform="rotate(-45 ${px(cx)} ${px(cy)})">${l}<title>${o.labels[j]}</title></text>`
      : svg`<text x="${px(cx)}" y="${px(cy)}" text-anchor="middle">${l}<title>${o.labels[j]}</title></text>`;
  });
  const ax = (area.left + area.right) / 2;
  const ay = (area.top + area.bottom) / 2;
  const axisTitles = svg`<text class="mg-axis-label" x="${px(ax)}" y="${px(topOffset(o.title) + 10)}" text-anchor="middle">${xLabel}</text><text class="mg-axis-label" x="18" y="${px(ay)}" text-anchor="middle" transform="rotate(-90 18 ${px(ay)})">${yLabel}</text>`;
  const background = svg`<rect class="mg-heat" x="${px(area.left)}" y="${px(area.top)}" width="${px(area.right - area.left - 1)}" height="${px(area.bottom - area.top - 1)}" fill="${HEAT_COLOUR}" fill-opacity="0.03"/>`;
  const body = svg`${axisTitles}<g data-series="counts">${background}${cells}</g><g class="mg-matrix-labels">${rowLabels}${colLabels}</g>`;
  return svgFrame({ kind: 'matrix-chart', width: svgWidth, height, label, title: o.title, body });
}
