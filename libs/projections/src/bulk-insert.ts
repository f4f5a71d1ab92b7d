import type { EntityManager } from 'typeorm';
import { chunked } from './chunks.js';

/**
 * Inserts many rows with plain multi-row INSERT statements, in chunks under the bound-variable limits.
 * TypeORM's insert builder spends most of a rebuild turning entities into values; this is the fast path
 * for append-only projections. `columns` are database column names, each row lists values in that order.
 */
export async function bulkInsert(manager: EntityManager, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const { driver } = manager.connection;
  const postgres = driver.options.type === 'postgres';
  const head = `INSERT INTO ${driver.escape(table)} (${columns.map((column) => driver.escape(column)).join(', ')}) VALUES `;
  for (const chunk of chunked(rows, columns.length)) {
    let n = 0;
    const tuples = chunk.map(() => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`);
    await manager.query(head + tuples.join(', '), chunk.flat());
  }
}
