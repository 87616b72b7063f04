// The columns of the decisions table the product reads or writes, and nothing else: a NocoDB table
// holds whatever fields its users made (Chart, Analysis, Remarks, …) and the product needs none of them.
// NocoDB 0.301.3 on PostgreSQL types its fields (measured: docs/database-setup.md): SingleLineText → text,
// JSON → json, Checkbox → boolean DEFAULT false, DateTime → timestamp, Date → date.

export interface RequiredColumn {
  name: string;
  /** PostgreSQL data types (information_schema spelling) the product can use. */
  types: readonly string[];
  /** What to create in NocoDB's UI. */
  nocodbField: string;
  /** The SQL type to add it with. */
  sqlType: string;
}

const TEXT_TYPES = ['text', 'character varying', 'character'] as const;

/** Written by the analysis workflow or the trader; the product never creates them in production. */
export const REQUIRED_COLUMNS: readonly RequiredColumn[] = [
  { name: 'Analysis_Id', types: TEXT_TYPES, nocodbField: 'SingleLineText', sqlType: 'text' },
  { name: 'Ticker', types: TEXT_TYPES, nocodbField: 'SingleLineText', sqlType: 'text' },
  { name: 'Decision', types: ['json', 'jsonb', ...TEXT_TYPES], nocodbField: 'JSON', sqlType: 'json' },
  { name: 'Approve', types: ['boolean'], nocodbField: 'Checkbox', sqlType: 'boolean DEFAULT false' },
];

/**
 * Read when present. `Date` (else `Date_time`, else NocoDB's own `created_at`) dates the analysis for
 * the age limit; `Date_time` (else `created_at`) orders the decisions. NocoDB's `updated_at` is set
 * on every row the product marks, so NocoDB shows when the row last changed.
 */
export const OPTIONAL_COLUMNS = ['Date', 'Date_time', 'created_at', 'updated_at'] as const;

/** The four columns the product owns (docs/database-setup.md), each with its SQL type. */
export const PRODUCT_COLUMN_TYPES = {
  existing_order_id: 'VARCHAR(255)',
  existing_trade_journal_id: 'INT',
  executed: 'BOOLEAN DEFAULT false',
  execution_time: 'TIMESTAMP',
} as const;
