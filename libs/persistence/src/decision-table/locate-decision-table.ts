import type { TableName } from '@trading-monitor/config';
import type { EntityManager } from 'typeorm';
import { SetupError } from '../schema/setup-error';
import { qualifiedName } from '../schema/sql-identifier';

/** The decisions table cannot be found, or not told apart from another: nothing ran. */
export class DecisionTableError extends SetupError {
  override readonly name = 'DecisionTableError';
}

/**
 * Where NocoDB 0.301.3 puts a base's table `analysis_decision` (measured: docs/database-setup.md): with PostgreSQL
 * as its own database, in a schema named after the base id (`pikc59af2dvin1y.analysis_decision`);
 * with NC_DISABLE_PG_DATA_REFLECTION=true, in `public` under a prefixed name
 * (`nc_uy8v___analysis_decision`); from an external source with search path `public`, as
 * `public.analysis_decision`. Each of these names is a candidate, in any schema.
 */
const CANDIDATES = `
  SELECT table_schema AS schema, table_name AS "table"
  FROM information_schema.tables
  WHERE table_type = 'BASE TABLE'
    AND table_schema NOT IN ('pg_catalog', 'information_schema')
    AND (table_name = 'analysis_decision' OR table_name LIKE 'nc\\_%\\_\\_\\_analysis\\_decision')
  ORDER BY table_schema, table_name`;

/**
 * The one decisions table: the one ANALYSIS_DECISION_TABLE names (it must exist), else the only
 * candidate in the database; null when there is none. Several candidates and no choice: an error
 * that lists them.
 */
export async function locateDecisionTable(manager: EntityManager, chosen?: TableName): Promise<TableName | null> {
  const candidates: TableName[] = await manager.query(CANDIDATES);
  if (chosen) {
    const [{ exists }] = await manager.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [qualifiedName(chosen.schema, chosen.table)]);
    if (exists) return chosen;
    throw new DecisionTableError(
      `ANALYSIS_DECISION_TABLE is ${chosen.schema}.${chosen.table}, but this database has no such table (or this user may not read it). ` +
        (candidates.length > 0 ? `Tables that look like it: ${candidates.map(nameOf).join(', ')}.` : 'No table named like analysis_decision was found.'),
    );
  }
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) return null;
  throw new DecisionTableError(
    `Found ${candidates.length} decisions tables: ${candidates.map(nameOf).join(', ')}. Set ANALYSIS_DECISION_TABLE=schema.table to the one the analysis workflow writes (docs/database-setup.md shows how to find a base's schema).`,
  );
}

export function nameOf(table: TableName): string {
  return `${table.schema}.${table.table}`;
}
