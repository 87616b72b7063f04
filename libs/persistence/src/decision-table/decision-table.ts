import type { TableName } from '@trading-monitor/config';
import type { DataSource, EntityManager } from 'typeorm';
import { qualifiedName, quoteIdent } from '../schema/sql-identifier';
import { DecisionTableError, locateDecisionTable } from './locate-decision-table';

/** The decisions table as this database has it: where it is, its key, and which columns it has. */
export interface DecisionTable extends TableName {
  /** `"schema"."table"`, ready for SQL. */
  sql: string;
  /**
   * The primary key column every claim and update goes by: NocoDB's `id`, or `Analysis_Id` in the
   * table docs/database-setup.md describes. Null when the table has no single-column primary key (setup refuses it).
   */
  key: string | null;
  /** Column name → PostgreSQL data type. */
  columns: ReadonlyMap<string, string>;
}

export function hasColumn(table: DecisionTable, column: string): boolean {
  return table.columns.has(column);
}

/** The column that says when a row was written: `Date_time`, else NocoDB's `created_at`, else none. */
export function writtenAtColumn(table: DecisionTable): string | null {
  return ['Date_time', 'created_at'].find((c) => table.columns.has(c)) ?? null;
}

/** Reads the table's columns and primary key. */
export async function describeDecisionTable(manager: EntityManager, name: TableName): Promise<DecisionTable> {
  const columns: Array<{ name: string; type: string }> = await manager.query(
    `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [name.schema, name.table],
  );
  const sql = qualifiedName(name.schema, name.table);
  const keys: Array<{ name: string }> = await manager.query(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary`,
    [sql],
  );
  return {
    schema: name.schema,
    table: name.table,
    sql,
    key: keys.length === 1 ? keys[0]!.name : null,
    columns: new Map(columns.map((c) => [c.name, c.type])),
  };
}

/** `d."column"` */
export function col(column: string, alias = 'd'): string {
  return `${alias}.${quoteIdent(column)}`;
}

// One entry per data source: the table the configuration chose (if any) and the one in use.
interface Known {
  chosen?: TableName;
  table?: DecisionTable;
}
const known = new WeakMap<DataSource, Known>();

/** Remembers ANALYSIS_DECISION_TABLE for this data source (openDatabase does this). */
export function chooseDecisionTable(dataSource: DataSource, chosen: TableName | undefined): void {
  known.set(dataSource, { chosen });
}

/** The table ANALYSIS_DECISION_TABLE chose for this data source, if any. */
export function chosenDecisionTable(dataSource: DataSource): TableName | undefined {
  return known.get(dataSource)?.chosen;
}

/** Forgets what was read about the table (setup just changed it). */
export function forgetDecisionTable(dataSource: DataSource): void {
  const entry = known.get(dataSource);
  if (entry) delete entry.table;
}

/**
 * The decisions table of this database, found once per data source and then remembered (a claim
 * costs no extra round trip). Throws a DecisionTableError saying what to do when there is none,
 * or several and ANALYSIS_DECISION_TABLE does not choose.
 */
export async function decisionTableOf(manager: EntityManager): Promise<DecisionTable> {
  const dataSource = manager.dataSource;
  const entry = known.get(dataSource) ?? {};
  if (entry.table) return entry.table;
  const name = await locateDecisionTable(manager, entry.chosen);
  if (!name) {
    throw new DecisionTableError(
      "No analysis_decision table was found in this database (in any schema, also as NocoDB's nc_xxxx___analysis_decision). Check that DATABASE_URL points at the database NocoDB keeps its data in, or name the table with ANALYSIS_DECISION_TABLE=schema.table.",
    );
  }
  entry.table = await describeDecisionTable(manager, name);
  known.set(dataSource, entry);
  return entry.table;
}
