import { CREATE_PRODUCT_TABLES } from '../schema/product-tables-sql';

// The product's tables as NocoDB shows them. One source of truth: the CREATE TABLE statements of
// product-tables-sql.ts (one column per line), read here into columns with their SQL type, NOT NULL,
// UNIQUE and default, so a table NocoDB makes can be given exactly what the SQL path would create.

export interface ProductColumn {
  name: string;
  /** The type as PostgreSQL's format_type spells it: `character varying(50)`, `numeric(10,2)`, `integer`. */
  type: string;
  notNull: boolean;
  unique: boolean;
  primaryKey: boolean;
  /** The SQL default expression as written (`NOW()`, `'ORDERED'`, `0`), or null. */
  default: string | null;
}

export interface ProductTable {
  name: string;
  columns: ProductColumn[];
}

/**
 * The tables a trader reads in NocoDB. `order_fill` (an exact ledger behind order_execution) and
 * `trading_control` (the halt switch, keyed by a fixed id) stay SQL tables: their keys are not
 * NocoDB's `id`, and nothing in them is for reading.
 */
export const NOCODB_TABLES = ['trade_journal', 'order_execution', 'position_tracking', 'trade_adjustments', 'execution_log'] as const;

/** NocoDB's own columns on every table it makes (SPEC §2a): never sent as fields. */
export const NOCODB_SYSTEM_COLUMNS = ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', 'nc_order'] as const;

const TYPES: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^SERIAL$/i, () => 'integer'],
  [/^INT(EGER)?$/i, () => 'integer'],
  [/^VARCHAR\((\d+)\)$/i, (m) => `character varying(${m[1]})`],
  [/^DECIMAL\((\d+),(\d+)\)$/i, (m) => `numeric(${m[1]},${m[2]})`],
  [/^NUMERIC$/i, () => 'numeric'],
  [/^TIMESTAMP$/i, () => 'timestamp without time zone'],
  [/^DATE$/i, () => 'date'],
  [/^BOOLEAN$/i, () => 'boolean'],
  [/^TEXT$/i, () => 'text'],
  [/^JSONB$/i, () => 'jsonb'],
];

/** Reads one `CREATE TABLE IF NOT EXISTS name (\n col TYPE …,\n …)` statement. */
export function parseCreateTable(statement: string): ProductTable {
  const header = /CREATE TABLE IF NOT EXISTS (\w+) \(/.exec(statement);
  if (!header) throw new Error(`Not a CREATE TABLE statement: ${statement.slice(0, 60)}`);
  const body = statement.slice(statement.indexOf('(') + 1, statement.lastIndexOf(')'));
  const columns = body
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line.length > 0)
    .map(parseColumn);
  return { name: header[1]!, columns };
}

export function parseColumn(line: string): ProductColumn {
  const match = /^(\w+) (\w+(?:\(\d+(?:,\d+)?\))?)(.*)$/.exec(line);
  if (!match) throw new Error(`Cannot read column definition: ${line}`);
  const [, name, sqlType, rest] = match as unknown as [string, string, string, string];
  const known = TYPES.find(([pattern]) => pattern.test(sqlType));
  if (!known) throw new Error(`No PostgreSQL spelling for type ${sqlType} (${line})`);
  const defaultMatch = /DEFAULT (\S+(?:\(\))?)/i.exec(rest);
  return {
    name,
    type: known[1](sqlType.match(known[0])!),
    notNull: /NOT NULL|PRIMARY KEY/i.test(rest),
    unique: /UNIQUE/i.test(rest),
    primaryKey: /PRIMARY KEY/i.test(rest),
    default: defaultMatch ? defaultMatch[1]! : null,
  };
}

/** The tables NocoDB should show, read from the product's SQL. */
export function productTables(): ProductTable[] {
  return CREATE_PRODUCT_TABLES.map(parseCreateTable).filter((table) => (NOCODB_TABLES as readonly string[]).includes(table.name));
}
