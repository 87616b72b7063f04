import { createNocoDbDecisionTable, createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { openDatabase, type Database } from '../open-database';
import { setupDatabase } from '../schema/setup-database';
import { NocodbApi } from './nocodb-api';
import { nocodbAdviceWithoutApi, showInNocodb } from './show-in-nocodb';

// NocoDB's meta API on a loopback fake that does in the test database what NocoDB 0.301.3 does (measured,
// SPEC §2a): a table gets the system columns, SingleLineText → text, Decimal → numeric, Number → bigint,
// Checkbox → boolean DEFAULT false, DateTime → timestamp, JSON → json. The real NocoDB decides in
// tools/nocodb (npm run test:nocodb); this pins the calls and what the SQL completes.

const TOKEN = 'nc-test-token-5150';
const BASE = 'pikc59af2dvin1y';
const PG_TYPES: Record<string, string> = {
  SingleLineText: 'text',
  LongText: 'text',
  Decimal: 'numeric',
  Number: 'bigint',
  Checkbox: 'boolean DEFAULT false',
  DateTime: 'timestamp',
  Date: 'date',
  JSON: 'json',
};

interface Field {
  column_name: string;
  uidt: string;
  meta?: { precision?: number };
  description?: string;
}

let db: TestDatabase;
let database: Database;
let server: Server;
let url: string;
let calls: string[];
let tables: Array<{ id: string; table_name: string; title: string; columns: Field[] }>;
let gridViews: Array<{ id: string; table: string; title: string; filters: unknown[] }>;

async function sql(text: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text ? JSON.parse(text) : {};
}

beforeEach(async () => {
  db = await createTestDatabase();
  await createNocoDbDecisionTable(db.url, { baseId: BASE });
  calls = [];
  gridViews = [];
  tables = [
    {
      id: 'md_decisions',
      table_name: 'analysis_decision',
      title: 'analysis_decision',
      columns: ['id', 'Analysis_Id', 'Ticker', 'Decision', 'Approve'].map((c) => ({ column_name: c, uidt: 'SingleLineText' })),
    },
  ];
  // The handler is async; node calls it and ignores the promise, so failures are caught and answered 500.
  server = createServer((request, response) => {
    void (async () => {
      const path = request.url ?? '';
      calls.push(`${request.method} ${path}`);
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (request.headers['xc-token'] !== TOKEN) return reply(401, { msg: 'Invalid token' });
      if (path === '/api/v2/meta/bases')
        return reply(200, {
          list: [
            { id: 'pOther000000000', title: 'Getting Started' },
            { id: BASE, title: 'Trading' },
          ],
        });
      if (path === '/api/v2/meta/bases/pOther000000000/tables') return reply(200, { list: [] });
      if (path === `/api/v2/meta/bases/${BASE}/tables` && request.method === 'GET') return reply(200, { list: tables });
      if (path === `/api/v2/meta/bases/${BASE}/tables` && request.method === 'POST') {
        const body = (await bodyOf(request)) as { table_name: string; columns: Field[] };
        const fields = body.columns.map((f) => `"${f.column_name}" ${PG_TYPES[f.uidt]}`);
        await sql(
          `CREATE TABLE "${BASE}"."${body.table_name}" (id serial PRIMARY KEY, created_at timestamp, updated_at timestamp, created_by varchar, updated_by varchar, nc_order numeric, ${fields.join(', ')})`,
        );
        const made = {
          id: `md_${body.table_name}`,
          table_name: body.table_name,
          title: body.table_name,
          columns: body.columns.map((c) => ({ ...c, id: `c_${body.table_name}_${c.column_name}` })),
        };
        tables.push(made);
        return reply(200, made);
      }
      const views = /^\/api\/v2\/meta\/tables\/(\w+)\/(views|grids)$/.exec(path);
      if (views && request.method === 'GET') return reply(200, { list: gridViews.filter((v) => v.table === views[1]) });
      if (views && request.method === 'POST') {
        const view = { id: `vw${gridViews.length}`, table: views[1]!, title: String((await bodyOf(request))['title']), filters: [] as unknown[] };
        gridViews.push(view);
        return reply(200, view);
      }
      const filters = /^\/api\/v2\/meta\/views\/(\w+)\/filters$/.exec(path);
      if (filters && request.method === 'POST') {
        gridViews.find((v) => v.id === filters[1])!.filters.push(await bodyOf(request));
        return reply(200, {});
      }
      const table = tables.find((t) => path.startsWith(`/api/v2/meta/tables/${t.id}`));
      if (table && request.method === 'GET') return reply(200, table);
      if (table && request.method === 'POST') {
        const field = (await bodyOf(request)) as unknown as Field;
        await sql(`ALTER TABLE "${BASE}"."${table.table_name}" ADD COLUMN "${field.column_name}" ${PG_TYPES[field.uidt]}`);
        table.columns.push(field);
        return reply(200, table);
      }
      return reply(404, { msg: 'not here' });
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  database = await openDatabase({ kind: 'url', url: db.url });
});

afterEach(async () => {
  await database.close();
  await new Promise((closed) => server.close(closed));
  await db.drop();
});

const setUp = async () => {
  const nocodb = await showInNocodb(database.dataSource.manager, new NocodbApi(url, TOKEN));
  const report = await setupDatabase(database.dataSource, { production: true });
  return { nocodb, report };
};

describe('showInNocodb on a loopback NocoDB', () => {
  it('adds the four decision fields and the trader tables through the API, then the SQL completes them exactly', async () => {
    const { nocodb } = await setUp();
    expect(nocodb.base).toBe(`Trading (${BASE})`);
    expect(nocodb.created).toEqual([
      'field analysis_decision.existing_order_id SingleLineText',
      'field analysis_decision.existing_trade_journal_id Number',
      'field analysis_decision.executed Checkbox',
      'field analysis_decision.execution_time DateTime',
      expect.stringMatching(/^table trade_journal \(\d+ fields\)$/),
      expect.stringMatching(/^table order_execution /),
      expect.stringMatching(/^table position_tracking /),
      expect.stringMatching(/^table trade_adjustments /),
      expect.stringMatching(/^table execution_log /),
      'view trade_journal: Open trades',
      'view execution_log: Refused today',
      'view trade_journal: Closed in the past month',
    ]);
    expect(gridViews.find((v) => v.title === 'Open trades')?.filters).toEqual([
      { fk_column_id: 'c_trade_journal_status', comparison_op: 'eq', value: 'ORDERED' },
      { fk_column_id: 'c_trade_journal_status', comparison_op: 'eq', value: 'POSITION', logical_op: 'or' },
    ]);
    const journal = tables.find((t) => t.table_name === 'trade_journal')!;
    const field = (name: string) => journal.columns.find((c) => c.column_name === name);
    expect(field('planned_entry')).toMatchObject({ uidt: 'Decimal', meta: { precision: 2 } });
    expect(field('planned_entry_exact')).toMatchObject({ uidt: 'Decimal', meta: { precision: 8 } });
    expect(field('days_open')).toMatchObject({ uidt: 'Number', description: expect.stringContaining('Reviews while open') });
    expect(field('id')).toBeUndefined(); // NocoDB's own
    const status = tables.find((t) => t.table_name === 'order_execution')!.columns.find((c) => c.column_name === 'order_status');
    expect(status?.description).toContain('pending = broker new, accepted');

    const columns = await sql(
      `SELECT column_name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM information_schema.columns c JOIN pg_attribute a ON a.attrelid = ('"' || c.table_schema || '"."' || c.table_name || '"')::regclass AND a.attname = c.column_name
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.table_schema = $1 AND c.table_name = 'trade_journal'`,
      [BASE],
    );
    const column = (name: string) => columns.find((c) => c['column_name'] === name);
    expect(column('trade_id')).toMatchObject({ type: 'character varying(50)', not_null: true });
    expect(column('planned_entry')).toMatchObject({ type: 'numeric(10,2)', not_null: false });
    expect(column('planned_entry_exact')).toMatchObject({ type: 'numeric' });
    expect(column('status')).toMatchObject({ not_null: true, default: "'ORDERED'::character varying" });
    expect(column('created_at')).toMatchObject({ type: 'timestamp without time zone', default: 'now()' });
    expect(column('nc_order')).toBeDefined();
    const [{ type: details }] = await sql(
      `SELECT data_type AS type FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'execution_log' AND column_name = 'details'`,
      [BASE],
    );
    expect(details).toBe('jsonb');
    await expect(
      sql(
        `INSERT INTO "${BASE}".trade_journal (trade_id, symbol, trade_style, planned_stop_loss, planned_qty) VALUES ('T1', 'AAPL', 'SWING', 1, 1), ('T1', 'AAPL', 'SWING', 1, 1)`,
      ),
    ).rejects.toThrow(/unique/);
  });

  it('asks nothing and changes nothing the second time', async () => {
    await setUp();
    calls = [];
    const again = await setUp();
    expect(again.nocodb.created).toEqual([]);
    expect(again.report.created).toEqual([]);
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('leaves a table made by SQL before as it is and says NocoDB will not show it', async () => {
    await setupDatabase(database.dataSource, { production: true });
    const { nocodb } = await setUp();
    expect(nocodb.created).toEqual([]);
    expect(nocodb.notes).toContainEqual(expect.stringContaining('table trade_journal was made by SQL before, so NocoDB does not show it'));
    expect(nocodb.notes).toContainEqual(expect.stringContaining('analysis_decision.executed was added by SQL before'));
  });

  it('names the variable to check when the token is refused, and never prints the token', async () => {
    const error = await showInNocodb(database.dataSource.manager, new NocodbApi(url, 'wrong-token-8080')).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/HTTP 401 Invalid token\. Check NOCODB_API_TOKEN/);
    expect((error as Error).message).not.toContain('wrong-token-8080');
    const unreachable = await showInNocodb(database.dataSource.manager, new NocodbApi('http://127.0.0.1:9', TOKEN)).catch((e: Error) => e);
    expect((unreachable as Error).message).toMatch(/cannot be reached .* Check NOCODB_URL/);
  });
});

describe('without NOCODB_URL', () => {
  it('says which fields to make in NocoDB, with their types, and why the tables will not show', () => {
    const advice = nocodbAdviceWithoutApi().join('\n');
    expect(advice).toContain('existing_order_id (SingleLineText), existing_trade_journal_id (Number), executed (Checkbox), execution_time (DateTime)');
    expect(advice).toContain('shows no table or column made by SQL');
    expect(advice).toContain('set NOCODB_URL and NOCODB_API_TOKEN');
  });
});
