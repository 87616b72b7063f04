import type { DataSource } from 'typeorm';
import { ADD_PRODUCT_COLUMNS, ANALYSIS_DECISION_INDEXES, CREATE_ANALYSIS_DECISION } from './analysis-decision-sql';
import { CREATE_PRODUCT_TABLES, PRODUCT_INDEXES } from './product-tables-sql';
import { schemaSnapshot } from './schema-snapshot';

export interface SetupOptions {
  /**
   * Production: `analysis_decision` belongs to NocoDB and must already exist; only the four
   * product-owned columns are added where missing. Otherwise the whole table is created.
   */
  production: boolean;
  /** More idempotent statements to run in the same transaction (the scheduler's job table). */
  extraStatements?: readonly string[];
}

export interface SetupReport {
  /** What this run added, e.g. `table trade_journal`, `column analysis_decision.executed boolean`. Empty when nothing was missing. */
  created: string[];
}

export class SetupError extends Error {
  override readonly name = 'SetupError';
}

// Any fixed number: concurrent setups (two processes starting at once) queue on it instead of racing.
const SETUP_LOCK = 748_221_001;

/**
 * Creates what is missing and changes nothing that exists: safe to run on every start. One
 * transaction, so a failure leaves the database as it was. Never drops or rewrites anything.
 */
export async function setupDatabase(dataSource: DataSource, options: SetupOptions): Promise<SetupReport> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
    const before = await schemaSnapshot(manager);
    if (options.production) {
      const [{ exists }] = await manager.query(`SELECT to_regclass('public.analysis_decision') IS NOT NULL AS exists`);
      if (!exists) {
        throw new SetupError(
          'Table analysis_decision was not found. Production setup never creates it: check that DATABASE_URL points at the NocoDB database that holds it.',
        );
      }
    } else {
      await manager.query(CREATE_ANALYSIS_DECISION);
    }
    for (const statement of [
      ...ADD_PRODUCT_COLUMNS,
      ...ANALYSIS_DECISION_INDEXES,
      ...CREATE_PRODUCT_TABLES,
      ...PRODUCT_INDEXES,
      ...(options.extraStatements ?? []),
    ]) {
      await manager.query(statement);
    }
    const after = new Set(await schemaSnapshot(manager));
    for (const line of before) after.delete(line);
    return { created: [...after] };
  });
}
