// The tables the product owns, exactly as docs/database-setup.md names and types them, plus its own audit log,
// exact fill ledger and halt switch, and the exact twin of every journal price (NUMERIC `*_exact`). No foreign keys: NocoDB cannot manage them.

export const CREATE_PRODUCT_TABLES = [
  `CREATE TABLE IF NOT EXISTS trade_journal (
    id SERIAL PRIMARY KEY,
    trade_id VARCHAR(50) UNIQUE NOT NULL,
    symbol VARCHAR(50) NOT NULL,
    trade_style VARCHAR(20) NOT NULL,
    pattern VARCHAR(50),
    status VARCHAR(20) NOT NULL DEFAULT 'ORDERED',
    initial_analysis_id VARCHAR(255),
    planned_entry DECIMAL(10,2),
    planned_stop_loss DECIMAL(10,2) NOT NULL,
    planned_take_profit DECIMAL(10,2),
    planned_qty INT NOT NULL,
    actual_entry DECIMAL(10,2),
    actual_qty INT,
    current_stop_loss DECIMAL(10,2),
    days_open INT DEFAULT 0,
    last_review_date DATE,
    exit_date DATE,
    exit_price DECIMAL(10,2),
    actual_pnl DECIMAL(10,2),
    exit_reason VARCHAR(100),
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    planned_entry_exact NUMERIC,
    planned_stop_loss_exact NUMERIC,
    planned_take_profit_exact NUMERIC,
    actual_entry_exact NUMERIC,
    current_stop_loss_exact NUMERIC,
    exit_price_exact NUMERIC
  )`,
  `CREATE TABLE IF NOT EXISTS order_execution (
    id SERIAL PRIMARY KEY,
    trade_journal_id INT NOT NULL,
    analysis_decision_id VARCHAR(255),
    alpaca_order_id VARCHAR(255) NOT NULL,
    client_order_id VARCHAR(255),
    order_type VARCHAR(50) NOT NULL,
    side VARCHAR(10) NOT NULL,
    order_status VARCHAR(20) NOT NULL DEFAULT 'pending',
    time_in_force VARCHAR(10) NOT NULL,
    qty INT NOT NULL,
    limit_price DECIMAL(10,2),
    stop_price DECIMAL(10,2),
    filled_qty INT,
    filled_avg_price DECIMAL(10,2),
    filled_at TIMESTAMP,
    created_at TIMESTAMP DEFAULT NOW(),
    limit_price_exact NUMERIC,
    stop_price_exact NUMERIC,
    filled_avg_price_exact NUMERIC
  )`,
  `CREATE TABLE IF NOT EXISTS position_tracking (
    id SERIAL PRIMARY KEY,
    trade_journal_id INT NOT NULL,
    symbol VARCHAR(50) NOT NULL,
    qty INT NOT NULL,
    avg_entry_price DECIMAL(10,2) NOT NULL,
    current_price DECIMAL(10,2) NOT NULL,
    market_value DECIMAL(10,2) NOT NULL,
    cost_basis DECIMAL(10,2) NOT NULL,
    unrealized_pnl DECIMAL(10,2) DEFAULT 0,
    stop_loss_order_id VARCHAR(255),
    take_profit_order_id VARCHAR(255),
    last_updated TIMESTAMP DEFAULT NOW(),
    avg_entry_price_exact NUMERIC,
    current_price_exact NUMERIC
  )`,
  `CREATE TABLE IF NOT EXISTS trade_adjustments (
    id SERIAL PRIMARY KEY,
    trade_journal_id INT NOT NULL,
    analysis_decision_id VARCHAR(255),
    adjustment_type VARCHAR(50) NOT NULL,
    old_stop_loss DECIMAL(10,2),
    new_stop_loss DECIMAL(10,2),
    old_qty INT,
    new_qty INT,
    order_id_affected VARCHAR(255),
    reason TEXT,
    executed BOOLEAN DEFAULT false,
    created_at TIMESTAMP DEFAULT NOW()
  )`,
  `CREATE TABLE IF NOT EXISTS execution_log (
    id SERIAL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    job VARCHAR(50) NOT NULL,
    action VARCHAR(50) NOT NULL,
    outcome VARCHAR(20) NOT NULL,
    analysis_decision_id VARCHAR(255),
    trade_journal_id INT,
    alpaca_order_id VARCHAR(255),
    client_order_id VARCHAR(255),
    symbol VARCHAR(50),
    message TEXT NOT NULL,
    details JSONB
  )`,
  `CREATE TABLE IF NOT EXISTS order_fill (
    order_execution_id INT PRIMARY KEY,
    alpaca_order_id VARCHAR(255) NOT NULL,
    filled_qty INT NOT NULL,
    filled_avg_price NUMERIC NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT NOW()
  )`,
  `CREATE TABLE IF NOT EXISTS trading_control (
    id INT PRIMARY KEY DEFAULT 1,
    halted BOOLEAN NOT NULL DEFAULT false,
    reason TEXT,
    updated_at TIMESTAMP NOT NULL DEFAULT NOW()
  )`,
];

/**
 * The exact twins of the DECIMAL(10,2) prices (exact-prices.ts), added to tables made before they
 * existed (only when missing: an ALTER locks the table). Rows already there keep NULL, which means
 * "the shown value is the price".
 */
export const EXACT_PRICE_COLUMNS: ReadonlyArray<{ table: string; column: string }> = [
  ...['planned_entry', 'planned_stop_loss', 'planned_take_profit', 'actual_entry', 'current_stop_loss', 'exit_price'].map((price) => ({
    table: 'trade_journal',
    column: `${price}_exact`,
  })),
  ...['limit_price', 'stop_price', 'filled_avg_price'].map((price) => ({ table: 'order_execution', column: `${price}_exact` })),
  ...['avg_entry_price', 'current_price'].map((price) => ({ table: 'position_tracking', column: `${price}_exact` })),
];

/**
 * The column description of trade_journal.days_open (PostgreSQL's COMMENT, which `\d+` and database
 * tools show). It counts reviews: the name is the journal's, the meaning is docs/decisions.md's (NO_ACTION
 * bumps it).
 */
export const DAYS_OPEN_COMMENT =
  'Reviews while open: each executed NO_ACTION decision for the open trade adds 1 (with last_review_date). Not calendar or trading days.';

export const PRODUCT_INDEXES = [
  'CREATE INDEX IF NOT EXISTS idx_trade_journal_status ON trade_journal (status)',
  'CREATE INDEX IF NOT EXISTS idx_trade_journal_symbol ON trade_journal (symbol)',
  'CREATE INDEX IF NOT EXISTS idx_trade_journal_initial_analysis_id ON trade_journal (initial_analysis_id)',
  'CREATE INDEX IF NOT EXISTS idx_order_execution_order_status ON order_execution (order_status)',
  'CREATE INDEX IF NOT EXISTS idx_order_execution_trade_journal_id ON order_execution (trade_journal_id)',
  'CREATE UNIQUE INDEX IF NOT EXISTS uq_order_execution_alpaca_order_id ON order_execution (alpaca_order_id)',
  'CREATE INDEX IF NOT EXISTS idx_position_tracking_symbol ON position_tracking (symbol)',
  'CREATE UNIQUE INDEX IF NOT EXISTS idx_position_tracking_trade_journal_id ON position_tracking (trade_journal_id)',
  'CREATE INDEX IF NOT EXISTS idx_trade_adjustments_trade_journal_id ON trade_adjustments (trade_journal_id)',
  'CREATE INDEX IF NOT EXISTS idx_execution_log_created_at ON execution_log (created_at)',
  'CREATE INDEX IF NOT EXISTS idx_execution_log_analysis_decision_id ON execution_log (analysis_decision_id)',
  'CREATE INDEX IF NOT EXISTS idx_execution_log_trade_journal_id ON execution_log (trade_journal_id)',
  'INSERT INTO trading_control (id, halted) VALUES (1, false) ON CONFLICT (id) DO NOTHING',
];
