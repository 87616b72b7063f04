import type { EntityManager } from 'typeorm';
import { quoteIdent } from '../schema/sql-identifier';
import { productTables, type ProductTable } from './product-columns';

/**
 * The SQL that gives a product table NocoDB made (it has NocoDB's `nc_order`) what NocoDB's API
 * cannot say: the exact types (NocoDB makes `text` and unbounded `numeric`; the product's prices are
 * DECIMAL(10,2) and NocoDB shows them either way), NOT NULL, defaults (`created_at DEFAULT NOW()`:
 * NocoDB sets it only on its own inserts) and unique keys. Only what differs, so a second run finds
 * nothing; tables made by SQL are already complete and never touched. NocoDB's system columns
 * (created_by, updated_by, nc_order) stay, empty on the product's rows.
 */
export async function completeNocodbTables(manager: EntityManager): Promise<string[]> {
  const statements: string[] = [];
  for (const table of productTables()) {
    const present = await columnsOf(manager, table.name);
    if (!present.has('nc_order')) continue;
    statements.push(...(await completeTable(manager, table, present)));
  }
  return statements;
}

interface PresentColumn {
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

async function completeTable(manager: EntityManager, table: ProductTable, present: Map<string, PresentColumn>): Promise<string[]> {
  const statements: string[] = [];
  const alter = (sql: string) => statements.push(`ALTER TABLE ${quoteIdent(table.name)} ${sql}`);
  for (const column of table.columns) {
    const name = quoteIdent(column.name);
    const now = present.get(column.name);
    if (!now) {
      alter(`ADD COLUMN IF NOT EXISTS ${name} ${column.type}${column.default ? ` DEFAULT ${column.default}` : ''}`);
    } else if (now.type !== column.type && !column.primaryKey) {
      alter(`ALTER COLUMN ${name} TYPE ${column.type} USING ${name}::${column.type}`);
    }
    if (column.default && !now?.hasDefault) alter(`ALTER COLUMN ${name} SET DEFAULT ${column.default}`);
    if (column.notNull && !column.primaryKey && !now?.notNull) alter(`ALTER COLUMN ${name} SET NOT NULL`);
  }
  const indexes = await indexedColumns(manager, table.name);
  for (const column of table.columns.filter((c) => c.unique && !indexes.has(c.name))) {
    statements.push(
      `CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${table.name}_${column.name}_key`)} ON ${quoteIdent(table.name)} (${quoteIdent(column.name)})`,
    );
  }
  return statements;
}

async function columnsOf(manager: EntityManager, table: string): Promise<Map<string, PresentColumn>> {
  const rows: Array<{ name: string; type: string; not_null: boolean; has_default: boolean }> = await manager.query(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, a.atthasdef AS has_default
     FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1)) AND a.attnum > 0 AND NOT a.attisdropped`,
    [table],
  );
  return new Map(rows.map((r) => [r.name, { type: r.type, notNull: r.not_null, hasDefault: r.has_default }]));
}

/** Columns that have a single-column unique index of their own. */
async function indexedColumns(manager: EntityManager, table: string): Promise<Set<string>> {
  const rows: Array<{ name: string }> = await manager.query(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1)) AND i.indisunique AND i.indnatts = 1`,
    [table],
  );
  return new Set(rows.map((r) => r.name));
}
