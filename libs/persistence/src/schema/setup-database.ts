import type { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ANALYSIS_DECISION_INDEXES, CREATE_ANALYSIS_DECISION, PRODUCT_COLUMNS } from './analysis-decision-sql';
import { CREATE_PRODUCT_TABLES, DAYS_OPEN_COMMENT, EXACT_PRICE_COLUMNS, PRODUCT_INDEXES } from './product-tables-sql';
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
  /** What could not be done and is not required (indexes on NocoDB's table without its owner's rights). */
  skipped: string[];
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
    // Only what is missing touches analysis_decision: ALTER and CREATE INDEX need its owner, and a
    // NocoDB database user often is not, once the columns are there.
    const columns = new Set(await existing(manager, `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'analysis_decision'`));
    for (const [column, statement] of Object.entries(PRODUCT_COLUMNS)) {
      if (columns.has(column)) continue;
      await manager.query(statement).catch((error) => {
        throw notOwner(error)
          ? new SetupError(
              `Cannot add column ${column} to analysis_decision: this database user does not own the table. Add the four columns in NocoDB's UI (docs/database-setup.md), or run db:setup --production once as the table's owner.`,
            )
          : error;
      });
    }
    const skipped: string[] = [];
    const indexes = new Set(await existing(manager, `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'analysis_decision'`));
    for (const [index, statement] of Object.entries(ANALYSIS_DECISION_INDEXES)) {
      if (indexes.has(index)) continue;
      await manager.query('SAVEPOINT product_index');
      try {
        await manager.query(statement);
        await manager.query('RELEASE SAVEPOINT product_index');
      } catch (error) {
        if (!notOwner(error)) throw error;
        await manager.query('ROLLBACK TO SAVEPOINT product_index');
        skipped.push(`index ${index} on analysis_decision (needs the table's owner; decisions are claimed without it, only slower)`);
      }
    }
    for (const statement of CREATE_PRODUCT_TABLES) await manager.query(statement);
    for (const statement of [...(await missingExactColumns(manager)), ...PRODUCT_INDEXES, ...(options.extraStatements ?? [])]) {
      await manager.query(statement);
    }
    await describeDaysOpen(manager, skipped);
    const after = new Set(await schemaSnapshot(manager));
    for (const line of before) after.delete(line);
    return { created: [...after], skipped };
  });
}

/** Sets the column description of days_open when it differs; a user who does not own the table skips it. */
async function describeDaysOpen(manager: EntityManager, skipped: string[]): Promise<void> {
  const [{ comment }] = await manager.query(`SELECT col_description('trade_journal'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'trade_journal'::regclass AND attname = 'days_open')) AS comment`);
  if (comment === DAYS_OPEN_COMMENT) return;
  await manager.query('SAVEPOINT days_open_comment');
  try {
    await manager.query(`COMMENT ON COLUMN trade_journal.days_open IS '${DAYS_OPEN_COMMENT.replace(/'/g, "''")}'`);
    await manager.query('RELEASE SAVEPOINT days_open_comment');
  } catch (error) {
    if (!notOwner(error)) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT days_open_comment');
    skipped.push('the description of trade_journal.days_open (needs the table\'s owner)');
  }
}

/** ALTERs for the exact price columns that tables made by an older version lack. */
async function missingExactColumns(manager: EntityManager): Promise<string[]> {
  const present = new Set(
    await existing(manager, `SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND column_name LIKE '%\\_exact'`),
  );
  return EXACT_PRICE_COLUMNS.filter(({ table, column }) => !present.has(`${table}.${column}`)).map(
    ({ table, column }) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} NUMERIC`,
  );
}

async function existing(manager: EntityManager, sql: string): Promise<string[]> {
  return ((await manager.query(sql)) as Array<{ name: string }>).map((row) => row.name);
}

/** PostgreSQL's "must be owner of table" (insufficient_privilege). */
function notOwner(error: unknown): boolean {
  return (error as { code?: string }).code === '42501';
}
