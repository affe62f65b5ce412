/**
 * HTML tables for the reports. Numeric columns are right-aligned with tabular figures (so digits line
 * up); a column is numeric when every non-empty cell is a number, unless the column says otherwise.
 */
import { html, type SafeHtml } from './escape.js';
import { formatValue } from './svg-scale.js';

export type TableCell = string | number | null | undefined | SafeHtml;

export interface TableColumn {
  label: string;
  numeric?: boolean;
  /** How numbers in this column are written; default formatValue (4 significant digits). */
  format?: (v: number) => string;
}

export interface HtmlTableOptions {
  columns: readonly (TableColumn | string)[];
  rows: readonly (readonly TableCell[])[];
  caption?: string;
}

export function htmlTable(o: HtmlTableOptions): SafeHtml {
  const columns = o.columns.map((c) => (typeof c === 'string' ? { label: c } : c));
  const numeric = columns.map(
    (c, j) =>
      c.numeric ??
      (o.rows.some((r) => typeof r[j] === 'number') &&
        o.rows.every((r) => r[j] === null || r[j] === undefined || r[j] === '' || typeof r[j] === 'number')),
  );
  const cls = (j: number) => (numeric[j] ? html` class="num"` : '');
  const head = columns.map((c, j) => html`<th scope="col" ${cls(j)}>${c.label}</th>`);
  const body = o.rows.map((r) => {
    if (r.length > columns.length) {
      throw new RangeError(`htmlTable: a row has ${r.length} cells for ${columns.length} columns`);
    }
    const cells = columns.map((c, j) => {
      const v = r[j];
      const text =
        v === null || v === undefined ? '—' : typeof v === 'number' ? (c.format ?? formatValue)(v) : v;
      return html`<td${cls(j)}>${text}</td>`;
    });
    return html`<tr>
      ${cells}
    </tr>`;
  });
  const caption = o.caption
    ? html`<caption>
        ${o.caption}
      </caption>`
    : '';
  return html`<div class="table-wrap">
    <table>
      ${caption}
      <thead>
        <tr>
          ${head}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}
