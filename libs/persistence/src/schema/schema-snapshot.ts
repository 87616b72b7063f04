import type { EntityManager } from 'typeorm';

/**
 * Tables, columns and indexes of the connection's schema (where the product's tables and the
 * decisions table are), as sorted lines: what setup created is a diff of two.
 */
export async function schemaSnapshot(manager: EntityManager): Promise<string[]> {
  const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await manager.query(
    `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const indexes: Array<{ tablename: string; indexname: string }> = await manager.query(
    `SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema()`,
  );
  const tables = new Set(columns.map((c) => c.table_name));
  return [
    ...[...tables].map((t) => `table ${t}`),
    ...columns.map((c) => `column ${c.table_name}.${c.column_name} ${c.data_type}`),
    ...indexes.map((i) => `index ${i.indexname} on ${i.tablename}`),
  ].sort();
}
