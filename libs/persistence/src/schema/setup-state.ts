import type { EntityManager } from 'typeorm';
import { decisionTableProblems } from '../decision-table/check-decision-columns';
import { PRODUCT_COLUMN_TYPES } from '../decision-table/decision-columns';
import { decisionTableOf } from '../decision-table/decision-table';
import { DecisionTableError, nameOf } from '../decision-table/locate-decision-table';

export interface SetupState {
  /** The decisions table in use, `schema.table`, or null when it cannot be told. */
  decisionTable: string | null;
  /** The schema the product's tables are in (the connection's). */
  schema: string;
  /** Whether the product's own tables are there. */
  productTables: boolean;
  /** What stops the jobs from running, one sentence each with what to do. Empty: ready. */
  problems: string[];
}

/** Is the database set up for the jobs? Reads only. */
export async function readSetupState(manager: EntityManager): Promise<SetupState> {
  const [{ schema, ready }] = await manager.query(
    `SELECT current_schema() AS schema, to_regclass('trade_journal') IS NOT NULL AND to_regclass('execution_log') IS NOT NULL AS ready`,
  );
  const problems: string[] = [];
  if (!ready) problems.push(`the trading tables are missing: run db:setup --production (they go in schema ${schema})`);
  let decisionTable: string | null = null;
  try {
    const table = await decisionTableOf(manager);
    decisionTable = nameOf(table);
    const missing = Object.keys(PRODUCT_COLUMN_TYPES).filter((c) => !table.columns.has(c));
    if (missing.length > 0) problems.push(`${decisionTable} lacks the product's columns ${missing.join(', ')}: run db:setup --production`);
    problems.push(...decisionTableProblems(table));
  } catch (error) {
    if (!(error instanceof DecisionTableError)) throw error;
    problems.push(error.message.replace(/\.$/, ''));
  }
  return { decisionTable, schema, productTables: ready, problems };
}
