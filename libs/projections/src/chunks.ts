/**
 * Splits rows for bulk writes: SQLite allows 32,766 bound variables per statement and PostgreSQL 65,535,
 * so a multi-row INSERT of `columns` columns takes at most this many rows.
 */
export const chunked = <T>(rows: readonly T[], columns: number): T[][] => {
  const size = Math.max(1, Math.floor(30_000 / columns));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
};
