import { writtenAtColumn, type DecisionTable } from '../decision-table/decision-table';
import { quoteIdent } from './sql-identifier';
import { PRODUCT_COLUMN_TYPES } from '../decision-table/decision-columns';

// analysis_decision belongs to NocoDB in production. Development and test databases get the whole
// table (docs/database-setup.md, in the connection's schema); production gets only the four product-owned columns,
// added when missing, on whichever table holds the decisions.

export const CREATE_ANALYSIS_DECISION = `
CREATE TABLE IF NOT EXISTS analysis_decision (
  "Analysis_Id" VARCHAR(255) PRIMARY KEY,
  "Date_time" TIMESTAMP DEFAULT NOW(),
  "Ticker" VARCHAR(50) NOT NULL,
  "Chart" TEXT,
  "Analysis_Prompt" TEXT,
  "3_Month_Chart" TEXT,
  "Analysis" TEXT,
  "Trade_Type" VARCHAR(50),
  "Decision" JSONB,
  "Approve" BOOLEAN DEFAULT false,
  "Date" DATE,
  "Remarks" TEXT,
  existing_order_id VARCHAR(255),
  existing_trade_journal_id INT,
  executed BOOLEAN DEFAULT false,
  execution_time TIMESTAMP
)`;

/** The four product-owned columns, each with the statement that adds it to `table`. */
export function productColumnStatements(table: DecisionTable): Record<string, string> {
  return Object.fromEntries(
    Object.entries(PRODUCT_COLUMN_TYPES).map(([column, type]) => [column, `ALTER TABLE ${table.sql} ADD COLUMN IF NOT EXISTS ${column} ${type}`]),
  );
}

// Indexes change no row and no column; the executor's claim query needs them on a large table.
// Their names are the same whatever the table is called (an index name is unique per schema).
export function decisionIndexStatements(table: DecisionTable): Record<string, string> {
  const indexes: Record<string, string> = {
    idx_analysis_decision_executed: `CREATE INDEX IF NOT EXISTS idx_analysis_decision_executed ON ${table.sql} (executed)`,
    idx_analysis_decision_ticker: `CREATE INDEX IF NOT EXISTS idx_analysis_decision_ticker ON ${table.sql} ("Ticker")`,
  };
  const writtenAt = writtenAtColumn(table);
  if (table.key) {
    const order = [writtenAt, table.key].filter((c): c is string => c !== null).map(quoteIdent);
    indexes['idx_analysis_decision_pending'] =
      `CREATE INDEX IF NOT EXISTS idx_analysis_decision_pending ON ${table.sql} (${order.join(', ')}) WHERE "Approve" = true AND executed IS NOT TRUE`;
  }
  return indexes;
}
