import type { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { decisionTableProblems } from '../decision-table/check-decision-columns';
import { chosenDecisionTable, describeDecisionTable, forgetDecisionTable, type DecisionTable } from '../decision-table/decision-table';
import { locateDecisionTable, nameOf } from '../decision-table/locate-decision-table';
import { CREATE_ANALYSIS_DECISION, decisionIndexStatements, productColumnStatements } from './analysis-decision-sql';
import { CREATE_PRODUCT_TABLES, DAYS_OPEN_COMMENT, EXACT_PRICE_COLUMNS, PRODUCT_INDEXES } from './product-tables-sql';
import { completeNocodbTables } from '../nocodb/complete-nocodb-tables';
import { schemaSnapshot } from './schema-snapshot';
import { SetupError } from './setup-error';

export { SetupError };

export interface SetupOptions {
  /**
   * Production: the decisions table belongs to NocoDB and must already exist; only the four
   * product-owned columns are added where missing. Otherwise `analysis_decision` is created whole
   * (docs/database-setup.md) when there is none.
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
  /** The decisions table in use, `schema.table`; the product's tables are in the same schema. */
  decisionTable: string;
}

// Any fixed number: concurrent setups (two processes starting at once) queue on it instead of racing.
const SETUP_LOCK = 748_221_001;

/**
 * Creates what is missing and changes nothing that exists: safe to run on every start. One
 * transaction, so a failure leaves the database as it was. Never drops or rewrites anything.
 * The product's tables go into the connection's schema, which openDatabase makes the decisions
 * table's (setup refuses a connection that works elsewhere).
 */
export async function setupDatabase(dataSource: DataSource, options: SetupOptions): Promise<SetupReport> {
  try {
    return await dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK]);
      const before = await schemaSnapshot(manager);
      const table = await decisionTable(manager, options.production);
      const problems = decisionTableProblems(table);
      if (problems.length > 0) {
        throw new SetupError(`${nameOf(table)} cannot be used as it is; nothing was changed:\n- ${problems.join('\n- ')}`);
      }
      // Only what is missing touches the decisions table: ALTER and CREATE INDEX need its owner, and a
      // NocoDB database user often is not, once the columns are there.
      for (const [column, statement] of Object.entries(productColumnStatements(table))) {
        if (table.columns.has(column)) continue;
        await manager.query(statement).catch((error) => {
          throw notOwner(error)
            ? new SetupError(
                `Cannot add column ${column} to ${nameOf(table)}: this database user does not own the table. Add the four columns in NocoDB's UI (docs/database-setup.md), or run db:setup --production once as the table's owner.`,
              )
            : error;
        });
      }
      const skipped: string[] = [];
      const indexes = new Set(
        (
          (await manager.query(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`, [table.schema, table.table])) as Array<{
            name: string;
          }>
        ).map((r) => r.name),
      );
      for (const [index, statement] of Object.entries(decisionIndexStatements(table))) {
        if (indexes.has(index)) continue;
        await manager.query('SAVEPOINT product_index');
        try {
          await manager.query(statement);
          await manager.query('RELEASE SAVEPOINT product_index');
        } catch (error) {
          if (!notOwner(error)) throw error;
          await manager.query('ROLLBACK TO SAVEPOINT product_index');
          skipped.push(`index ${index} on ${table.table} (needs the table's owner; decisions are claimed without it, only slower)`);
        }
      }
      for (const statement of CREATE_PRODUCT_TABLES) await manager.query(statement);
      // Tables NocoDB made (db:setup with NOCODB_URL) get what its API cannot say: types, NOT NULL, defaults, keys.
      for (const statement of await completeNocodbTables(manager)) await manager.query(statement);
      for (const statement of [...(await missingExactColumns(manager)), ...PRODUCT_INDEXES, ...(options.extraStatements ?? [])]) {
        await manager.query(statement);
      }
      await describeDaysOpen(manager, skipped);
      const after = new Set(await schemaSnapshot(manager));
      for (const line of before) after.delete(line);
      return { created: [...after], skipped, decisionTable: nameOf(table) };
    });
  } finally {
    forgetDecisionTable(dataSource);
  }
}

/** Sets the column description of days_open when it differs; a user who does not own the table skips it. */
async function describeDaysOpen(manager: EntityManager, skipped: string[]): Promise<void> {
  const [{ comment }] = await manager.query(
    `SELECT col_description('trade_journal'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = 'trade_journal'::regclass AND attname = 'days_open')) AS comment`,
  );
  if (comment === DAYS_OPEN_COMMENT) return;
  await manager.query('SAVEPOINT days_open_comment');
  try {
    await manager.query(`COMMENT ON COLUMN trade_journal.days_open IS '${DAYS_OPEN_COMMENT.replace(/'/g, "''")}'`);
    await manager.query('RELEASE SAVEPOINT days_open_comment');
  } catch (error) {
    if (!notOwner(error)) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT days_open_comment');
    skipped.push("the description of trade_journal.days_open (needs the table's owner)");
  }
}

/** ALTERs for the exact price columns that tables made by an older version lack (in the connection's schema). */
async function missingExactColumns(manager: EntityManager): Promise<string[]> {
  const rows: Array<{ name: string }> = await manager.query(
    `SELECT table_name || '.' || column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name LIKE '%\\_exact'`,
  );
  const present = new Set(rows.map((row) => row.name));
  return EXACT_PRICE_COLUMNS.filter(({ table, column }) => !present.has(`${table}.${column}`)).map(
    ({ table, column }) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} NUMERIC`,
  );
}

/** The decisions table, created whole outside production when there is none. */
async function decisionTable(manager: EntityManager, production: boolean): Promise<DecisionTable> {
  const [{ schema }] = await manager.query('SELECT current_schema() AS schema');
  let located = await locateDecisionTable(manager, chosenDecisionTable(manager.dataSource));
  if (!located) {
    if (production) {
      throw new SetupError(
        "Table analysis_decision was not found. Production setup never creates it: it was looked for in every schema, also as NocoDB's nc_xxxx___analysis_decision. Check that DATABASE_URL points at the database NocoDB keeps its data in, or name the table with ANALYSIS_DECISION_TABLE=schema.table.",
      );
    }
    await manager.query(CREATE_ANALYSIS_DECISION);
    located = { schema, table: 'analysis_decision' };
  }
  if (located.schema !== schema) {
    throw new SetupError(
      `The decisions table ${nameOf(located)} is in schema ${located.schema}, but this connection works in ${schema}: the product's tables must go beside it. Open the database with openDatabase (it sets the schema), or connect with search_path=${located.schema}.`,
    );
  }
  return describeDecisionTable(manager, located);
}

/** PostgreSQL's "must be owner of table" (insufficient_privilege). */
function notOwner(error: unknown): boolean {
  return (error as { code?: string }).code === '42501';
}
