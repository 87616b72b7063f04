import { Client } from 'pg';

// A decisions table laid out exactly as NocoDB 0.301.3 over PostgreSQL makes one in its UI
// (measured: docs/database-setup.md): NocoDB's system columns first — id serial primary key, created_at,
// updated_at (timestamp), created_by, updated_by (varchar), nc_order (numeric) — then the user's
// fields as NocoDB types them: SingleLineText → text, JSON → json, Checkbox → boolean DEFAULT false,
// DateTime → timestamp (no default), Date → date. Nothing unique or required: Analysis_Id may
// repeat or be empty. NocoDB's own meta tables (nc_*) live in public.

export type NocoDbVariant =
  /** NocoDB's usual install (PostgreSQL as its own database): a schema per base, named after the base id. */
  | 'base-schema'
  /** NC_DISABLE_PG_DATA_REFLECTION=true: a prefixed name in public. */
  | 'prefixed';

export interface NocoDbLayoutOptions {
  variant?: NocoDbVariant;
  /** The base id (the schema's name in the base-schema variant). */
  baseId?: string;
  /** User fields the base does not have, e.g. ['Chart'] (system columns are always there). */
  without?: readonly string[];
}

export interface NocoDbTable {
  schema: string;
  table: string;
  /** `"schema"."table"` */
  sql: string;
}

/** The user fields of the analysis workflow's table, in NocoDB's types. */
const USER_FIELDS: ReadonlyArray<[string, string]> = [
  ['Analysis_Id', 'text'],
  ['Date_time', 'timestamp without time zone'],
  ['Ticker', 'text'],
  ['Chart', 'text'],
  ['Analysis_Prompt', 'text'],
  ['3_Month_Chart', 'text'],
  ['Analysis', 'text'],
  ['Trade_Type', 'text'],
  ['Decision', 'json'],
  ['Approve', 'boolean DEFAULT false'],
  ['Date', 'date'],
  ['Remarks', 'text'],
];

/** Creates NocoDB's layout of `analysis_decision` (and a stand-in of its meta tables) in the database at `url`. */
export async function createNocoDbDecisionTable(url: string, options: NocoDbLayoutOptions = {}): Promise<NocoDbTable> {
  const variant = options.variant ?? 'base-schema';
  const baseId = options.baseId ?? 'pikc59af2dvin1y';
  const schema = variant === 'base-schema' ? baseId : 'public';
  const table = variant === 'base-schema' ? 'analysis_decision' : `nc_${baseId.slice(1, 5)}___analysis_decision`;
  const sql = `"${schema}"."${table}"`;
  const fields = USER_FIELDS.filter(([name]) => !(options.without ?? []).includes(name)).map(([name, type]) => `"${name}" ${type}`);
  await withClient(url, async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS public.nc_bases_v2 (id varchar(20) PRIMARY KEY, title varchar(255))`);
    await client.query(`INSERT INTO public.nc_bases_v2 (id, title) VALUES ($1, 'Trading') ON CONFLICT DO NOTHING`, [baseId]);
    if (variant === 'base-schema') await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(
      `CREATE TABLE ${sql} (
        id serial PRIMARY KEY,
        created_at timestamp without time zone,
        updated_at timestamp without time zone,
        created_by character varying,
        updated_by character varying,
        nc_order numeric,
        ${fields.join(',\n        ')}
      )`,
    );
  });
  return { schema, table, sql };
}

export interface NocoDbRow {
  Analysis_Id?: string | null;
  Ticker: string;
  /** Written as NocoDB's JSON field holds it. */
  Decision: unknown;
  Approve?: boolean;
  Date_time?: Date | null;
  Date?: string | null;
  created_at?: Date;
}

/** Inserts rows as NocoDB's API would (system columns filled, nc_order counting up); returns their ids. */
export async function insertNocoDbRows(url: string, table: NocoDbTable, rows: readonly NocoDbRow[]): Promise<number[]> {
  return withClient(url, async (client) => {
    const ids: number[] = [];
    for (const row of rows) {
      const values: Record<string, unknown> = {
        created_at: row.created_at ?? new Date(),
        created_by: 'usr_test',
        nc_order: ids.length + 1,
        Analysis_Id: row.Analysis_Id ?? null,
        Ticker: row.Ticker,
        Decision: JSON.stringify(row.Decision),
        Approve: row.Approve ?? false,
      };
      if (row.Date_time !== undefined) values['Date_time'] = row.Date_time;
      if (row.Date !== undefined) values['Date'] = row.Date;
      const columns = Object.keys(values);
      const { rows: inserted } = await client.query(
        `INSERT INTO ${table.sql} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
        Object.values(values),
      );
      ids.push(inserted[0].id as number);
    }
    return ids;
  });
}

/** Every row of every table in the database except the ones named, as text: equal before and after means nothing changed. */
export async function snapshotAllTables(url: string, options: { except?: readonly string[] } = {}): Promise<Record<string, string[]>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    const snapshot: Record<string, string[]> = {};
    for (const { table_schema: schema, table_name: name } of tables as Array<{ table_schema: string; table_name: string }>) {
      if ((options.except ?? []).includes(name)) continue;
      const { rows } = await client.query(`SELECT t::text AS row FROM "${schema}"."${name}" t`);
      snapshot[`${schema}.${name}`] = (rows as Array<{ row: string }>).map((r) => r.row).sort();
    }
    return snapshot;
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
