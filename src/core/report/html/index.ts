/**
 * Self-contained HTML reports with SVG charts (comparison and drift reports build on this).
 *
 * Escaping (escape.ts)
 *   html`…${value}…`: SafeHtml   escapes every interpolated string/number; SafeHtml (nested html``,
 *                                charts, rawHtml) goes in as is; arrays are joined; null/undefined/false
 *                                render nothing; objects throw; unquoted attribute values throw.
 *   svg`…`                       the same tag under a name Prettier does not reformat (it rewrites
 *                                html`` templates as HTML, whitespace included): for byte-exact markup.
 *   escapeHtml(text): string     text and quoted-attribute contexts.
 *   rawHtml(markup): SafeHtml    only for markup the code wrote itself, never for data.
 *   joinHtml(parts, sep?)        SafeHtml of the parts.
 *   jsonForScript(value) / jsonScriptBlock(id, value)   JSON safe inside <script type="application/json">.
 *   String(safe) or safe.value gives the markup.
 *
 * Page (page.ts, table.ts, blocks.ts)
 *   renderHtmlPage({ title, subtitle?, sections, generatedAt, footer?, data? }): string
 *     sections: { title, body: SafeHtml, howToRead?: SafeHtml | string, id?, children? }[]
 *     One file: inline CSS (light, dark, print), a CSP meta that forbids loads and scripts, contents
 *     list, a collapsed "How to read this" per section that has one.
 *   htmlTable({ columns: (string | { label, numeric?, format? })[], rows: TableCell[][], caption? })
 *     numeric columns (auto: every non-empty cell a number) right-aligned; null → "—".
 *   figure(chart, caption?), chartGrid(items), badge('pass' | 'fail' | 'inconclusive', text?)
 *
 * Charts (svg-*.ts): pure and deterministic, each returns one <svg data-chart="…"> as SafeHtml, with
 * <title> and aria-label, nice-number ticks, a legend for several series and data-series groups.
 *   histogramOverlay({ edges, series: [{ name, proportions }], xLabel, yLabel?, title? })
 *     edges: bins+1 boundaries (±Infinity at the ends allowed) or drift's bins−1 cut points.
 *   categoryBars({ categories, series: [{ name, values }], topN? = 10, unit?, xLabel?, title? })
 *   barChart({ bars: [{ label, value, highlight? }], threshold?, xLabel, highlightLabel?, unit?, title? })
 *   intervalChart({ rows: [{ label, value, lo?, hi?, better?, margin?, status? }], zero? = 0, margin?, xLabel? })
 *   lineChart({ series: [{ name, points: [x, y][], markers? }], x: { label, min?, max? }, y, diagonal?, maxPoints? = 300 })
 *   matrixChart({ labels, counts, title, xLabel? = 'predicted', yLabel? = 'actual' })
 *   All take width?/height? (px). Non-finite values are dropped (no NaN/Infinity in the markup);
 *   inconsistent shapes (edges vs bins, counts vs labels) throw a RangeError.
 */
export {
  escapeHtml,
  html,
  isSafeHtml,
  joinHtml,
  jsonForScript,
  jsonScriptBlock,
  rawHtml,
  SafeHtml,
  svg,
  type HtmlValue,
} from './escape.js';
export { CONTENT_SECURITY_POLICY, renderHtmlPage, type HtmlPageOptions, type HtmlSection } from './page.js';
export { htmlTable, type HtmlTableOptions, type TableCell, type TableColumn } from './table.js';
export { badge, chartGrid, figure, type BadgeStatus } from './blocks.js';
export { histogramOverlay, type HistogramOverlayOptions, type HistogramSeries } from './svg-histogram.js';
export { categoryBars, type CategoryBarsOptions, type CategorySeries } from './svg-category-bars.js';
export { barChart, type Bar, type BarChartOptions } from './svg-bar-chart.js';
export {
  intervalChart,
  type IntervalChartOptions,
  type IntervalRow,
  type IntervalStatus,
} from './svg-interval-chart.js';
export { lineChart, type LineAxis, type LineChartOptions, type LineSeries } from './svg-line-chart.js';
export { matrixChart, type MatrixChartOptions } from './svg-matrix-chart.js';
export { thinPolyline } from './polyline-thinning.js';
export { formatPercent, formatValue } from './svg-scale.js';
