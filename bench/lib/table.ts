/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export const renderTable = (headers: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = (cell: string) => /^[-+]?[\d.,]+( ?(ms|s|KB|%|x|\/s))?$/.test(cell);
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (numeric(cell) ? cell.padStart(widths[column] as number) : cell.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(headers), rule, ...rows.map((row) => (row.length === 1 ? `${row[0]}` : line(row)))].join('\n');
};

export const ms = (value: number): string => value.toFixed(value >= 100 ? 0 : 1);
export const seconds = (milliseconds: number): string => `${(milliseconds / 1000).toFixed(1)} s`;
export const rate = (value: number): string => value.toFixed(value >= 100 ? 0 : 1);
export const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const percent = (fraction: number): string => `${(fraction * 100).toFixed(0)}%`;
