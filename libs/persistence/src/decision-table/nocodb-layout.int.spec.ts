import { createNocoDbDecisionTable, createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { Client } from 'pg';
import { openDatabase, type Database } from '../open-database';
import { readSetupState } from '../schema/setup-state';
import { setupDatabase } from '../schema/setup-database';
import { decisionTableOf } from './decision-table';

// Finding and setting up the decisions table where NocoDB 0.301.3 really puts it (docs/database-setup.md, what NocoDB actually creates).

let db: TestDatabase;
let database: Database | undefined;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await database?.close();
  database = undefined;
  await db.drop();
});

const open = async (decisionTable?: { schema: string; table: string }) => (database = await openDatabase({ kind: 'url', url: db.url, decisionTable }));

async function sql(text: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

describe('db:setup --production on NocoDB', () => {
  it("finds the base's schema, works in it, and puts the product's tables beside the decisions table", async () => {
    await createNocoDbDecisionTable(db.url, { baseId: 'pikc59af2dvin1y' });
    const { dataSource, schema } = await open();
    expect(schema).toBe('pikc59af2dvin1y');

    const report = await setupDatabase(dataSource, { production: true });

    expect(report.decisionTable).toBe('pikc59af2dvin1y.analysis_decision');
    expect(report.created.filter((l) => l.startsWith('column analysis_decision.'))).toEqual([
      'column analysis_decision.executed boolean',
      'column analysis_decision.execution_time timestamp without time zone',
      'column analysis_decision.existing_order_id character varying',
      'column analysis_decision.existing_trade_journal_id integer',
    ]);
    const where = await sql(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_name IN ('trade_journal', 'execution_log', 'analysis_decision') ORDER BY 2`,
    );
    expect(where).toEqual([
      { table_schema: 'pikc59af2dvin1y', table_name: 'analysis_decision' },
      { table_schema: 'pikc59af2dvin1y', table_name: 'execution_log' },
      { table_schema: 'pikc59af2dvin1y', table_name: 'trade_journal' },
    ]);
    // Nothing of the product in public, where NocoDB keeps its meta tables.
    expect(await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).toEqual([{ table_name: 'nc_bases_v2' }]);
    const table = await decisionTableOf(dataSource.manager);
    expect(table).toMatchObject({ schema: 'pikc59af2dvin1y', table: 'analysis_decision', key: 'id' });
    expect(table.columns.get('Decision')).toBe('json');
    expect((await readSetupState(dataSource.manager)).problems).toEqual([]);
    expect((await setupDatabase(dataSource, { production: true })).created).toEqual([]);
  });

  it('finds the prefixed table in public (NC_DISABLE_PG_DATA_REFLECTION=true)', async () => {
    await createNocoDbDecisionTable(db.url, { variant: 'prefixed', baseId: 'puy8v0000000000' });
    const { dataSource, schema } = await open();
    expect(schema).toBe('public');
    const report = await setupDatabase(dataSource, { production: true });
    expect(report.decisionTable).toBe('public.nc_uy8v___analysis_decision');
    expect(report.created).toContain('column nc_uy8v___analysis_decision.executed boolean');
    expect(report.created).toContain('table trade_journal');
  });

  it('uses a table without the fields the product does not read (no Chart, no Analysis, no Date_time)', async () => {
    await createNocoDbDecisionTable(db.url, {
      without: ['Chart', 'Analysis_Prompt', '3_Month_Chart', 'Analysis', 'Trade_Type', 'Remarks', 'Date', 'Date_time'],
    });
    const { dataSource } = await open();
    const report = await setupDatabase(dataSource, { production: true });
    // The claim order falls back on NocoDB's created_at.
    expect(report.created).toContain('index idx_analysis_decision_pending on analysis_decision');
  });

  it('names each missing required column with the NocoDB field and the SQL to add it, and changes nothing', async () => {
    await createNocoDbDecisionTable(db.url, { without: ['Decision', 'Approve'] });
    const { dataSource } = await open();
    const failure = setupDatabase(dataSource, { production: true });
    await expect(failure).rejects.toThrow(
      'pikc59af2dvin1y.analysis_decision cannot be used as it is; nothing was changed:\n' +
        '- Column Decision is missing from pikc59af2dvin1y.analysis_decision: add a JSON field named exactly Decision in NocoDB, or run: ALTER TABLE "pikc59af2dvin1y"."analysis_decision" ADD COLUMN "Decision" json;\n' +
        '- Column Approve is missing from pikc59af2dvin1y.analysis_decision: add a Checkbox field named exactly Approve in NocoDB, or run: ALTER TABLE "pikc59af2dvin1y"."analysis_decision" ADD COLUMN "Approve" boolean DEFAULT false;',
    );
    expect(await sql(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'trade_journal'`)).toEqual([{ n: 0 }]);
  });

  it('asks which one when several bases have the table, and ANALYSIS_DECISION_TABLE chooses', async () => {
    await createNocoDbDecisionTable(db.url, { baseId: 'pikc59af2dvin1y' });
    await createNocoDbDecisionTable(db.url, { baseId: 'p0ther000000000' });
    const ambiguous = await open();
    expect(ambiguous.schema).toBe('public');
    await expect(setupDatabase(ambiguous.dataSource, { production: true })).rejects.toThrow(
      'Found 2 decisions tables: p0ther000000000.analysis_decision, pikc59af2dvin1y.analysis_decision. Set ANALYSIS_DECISION_TABLE=schema.table',
    );
    expect((await readSetupState(ambiguous.dataSource.manager)).decisionTable).toBeNull();
    await ambiguous.close();

    const chosen = await open({ schema: 'pikc59af2dvin1y', table: 'analysis_decision' });
    expect(chosen.schema).toBe('pikc59af2dvin1y');
    expect((await setupDatabase(chosen.dataSource, { production: true })).decisionTable).toBe('pikc59af2dvin1y.analysis_decision');
  });

  it('says so when ANALYSIS_DECISION_TABLE names a table that is not there', async () => {
    await createNocoDbDecisionTable(db.url);
    const { dataSource } = await open({ schema: 'public', table: 'analysis_decision' });
    await expect(setupDatabase(dataSource, { production: true })).rejects.toThrow(
      'ANALYSIS_DECISION_TABLE is public.analysis_decision, but this database has no such table (or this user may not read it). Tables that look like it: pikc59af2dvin1y.analysis_decision.',
    );
  });
});
