/** Markdown table cells shared by every report (job summaries, PR comments). */

export function row(cells: string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** Pipes would end the cell and newlines the row; backslash-escape the one, turn the other into <br>. */
export function escapeCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, '<br>');
}
