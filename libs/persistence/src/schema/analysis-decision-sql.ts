// analysis_decision belongs to NocoDB in production. Development and test databases get the whole
// table; production gets only the four product-owned columns, added when missing.

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

/** The four product-owned columns, each with the statement that adds it. */
export const PRODUCT_COLUMNS: Record<string, string> = {
  existing_order_id: 'ALTER TABLE analysis_decision ADD COLUMN IF NOT EXISTS existing_order_id VARCHAR(255)',
  existing_trade_journal_id: 'ALTER TABLE analysis_decision ADD COLUMN IF NOT EXISTS existing_trade_journal_id INT',
  executed: 'ALTER TABLE analysis_decision ADD COLUMN IF NOT EXISTS executed BOOLEAN DEFAULT false',
  execution_time: 'ALTER TABLE analysis_decision ADD COLUMN IF NOT EXISTS execution_time TIMESTAMP',
};

// Indexes change no row and no column; the executor's claim query needs them on a large table.
export const ANALYSIS_DECISION_INDEXES: Record<string, string> = {
  idx_analysis_decision_executed: 'CREATE INDEX IF NOT EXISTS idx_analysis_decision_executed ON analysis_decision (executed)',
  idx_analysis_decision_ticker: 'CREATE INDEX IF NOT EXISTS idx_analysis_decision_ticker ON analysis_decision ("Ticker")',
  idx_analysis_decision_pending:
    'CREATE INDEX IF NOT EXISTS idx_analysis_decision_pending ON analysis_decision ("Date_time", "Analysis_Id") WHERE "Approve" = true AND executed IS NOT TRUE',
};
