export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

/**
 * Rows as aligned plain-text columns under their headers, two spaces apart, each line indented by
 * two. The last column is not padded, so a long message does not push trailing blanks.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((row) => columns.map((_, i) => (row[i] === null || row[i] === undefined ? '' : String(row[i]))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((row) => row[i].length)));
  const line = (values: readonly string[]) =>
    '  ' +
    values
      .map((value, i) => {
        if (i === values.length - 1 && columns[i].align !== 'right') return value;
        return columns[i].align === 'right' ? value.padStart(widths[i]) : value.padEnd(widths[i]);
      })
      .join('  ');
  return [line(columns.map((c) => c.header)), ...cells.map(line)].map((l) => l.trimEnd()).join('\n') + '\n';
}
