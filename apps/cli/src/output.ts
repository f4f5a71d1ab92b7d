/** Prints a result: JSON with --json, otherwise a readable table or key: value lines. */
export function print(value: unknown, json: boolean): void {
  if (json || typeof value !== 'object' || value === null) {
    console.log(JSON.stringify(value, null, 2));
    return;
  }
  if (Array.isArray(value)) {
    printTable(value as Record<string, unknown>[]);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    console.log(`${key}: ${typeof field === 'object' && field !== null ? JSON.stringify(field) : String(field)}`);
  }
}

export function printTable(rows: Record<string, unknown>[]): void {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const columns = Object.keys(rows[0]!);
  const cell = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? ''));
  const widths = columns.map((column) => Math.min(60, Math.max(column.length, ...rows.map((row) => cell(row[column]).length))));
  console.log(columns.map((column, i) => column.padEnd(widths[i]!)).join('  '));
  for (const row of rows) console.log(columns.map((column, i) => cell(row[column]).slice(0, 60).padEnd(widths[i]!)).join('  '));
}
