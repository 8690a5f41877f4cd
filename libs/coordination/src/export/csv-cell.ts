/** A CSV cell (RFC 4180): quoted, with quotes doubled, only when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
