import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { EXACT_PRICE_COLUMNS } from './product-tables-sql';
import { schemaSnapshot } from './schema-snapshot';
import { setupDatabase } from './setup-database';

let db: TestDatabase;
let dataSource: DataSource;

beforeEach(async () => {
  db = await createTestDatabase();
  dataSource = await createDataSource(db.url).initialize();
});
afterEach(async () => {
  await dataSource.destroy();
  await db.drop();
});

describe('setupDatabase (development)', () => {
  it('creates every table of the product, analysis_decision included', async () => {
    const report = await setupDatabase(dataSource, { production: false });
    for (const table of [
      'analysis_decision',
      'trade_journal',
      'order_execution',
      'position_tracking',
      'trade_adjustments',
      'execution_log',
      'order_fill',
      'trading_control',
    ]) {
      expect(report.created).toContain(`table ${table}`);
    }
    expect(report.created).toContain('column trade_journal.planned_stop_loss numeric');
    expect(report.created).toContain('index idx_analysis_decision_executed on analysis_decision');
  });

  it('creates no foreign key at all', async () => {
    await setupDatabase(dataSource, { production: false });
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY'`);
    expect(count).toBe(0);
  });

  it('changes nothing when run again', async () => {
    await setupDatabase(dataSource, { production: false });
    const before = await schemaSnapshot(dataSource.manager);
    const second = await setupDatabase(dataSource, { production: false });
    expect(second.created).toEqual([]);
    expect(await schemaSnapshot(dataSource.manager)).toEqual(before);
  });

  it('matches the TypeORM entities column for column (nothing left for TypeORM to synchronise)', async () => {
    await setupDatabase(dataSource, { production: false });
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('survives two processes setting up at once', async () => {
    const other = await createDataSource(db.url).initialize();
    try {
      const [a, b] = await Promise.all([setupDatabase(dataSource, { production: false }), setupDatabase(other, { production: false })]);
      expect([a.created.length > 0, b.created.length > 0].sort()).toEqual([false, true]);
    } finally {
      await other.destroy();
    }
  });
});

describe('setupDatabase (production, NocoDB owns analysis_decision)', () => {
  const nocodbTable = `CREATE TABLE analysis_decision (
    "Analysis_Id" VARCHAR(255) PRIMARY KEY, "Date_time" TIMESTAMP DEFAULT NOW(), "Ticker" VARCHAR(50) NOT NULL,
    "Chart" TEXT, "Analysis_Prompt" TEXT, "3_Month_Chart" TEXT, "Analysis" TEXT, "Trade_Type" VARCHAR(50),
    "Decision" TEXT, "Approve" BOOLEAN DEFAULT false, "Date" DATE, "Remarks" TEXT,
    nc_created_by VARCHAR(255), nc_order NUMERIC)`;

  it('adds the four product columns and keeps every existing row exactly as it was', async () => {
    await dataSource.query(nocodbTable);
    await dataSource.query(
      `INSERT INTO analysis_decision ("Analysis_Id", "Date_time", "Ticker", "Decision", "Approve", "Date", nc_order)
       SELECT 'A' || g, TIMESTAMP '2025-01-15 09:00' + g * INTERVAL '1 minute', 'NVDA:NASDAQ', '{"primary_action":"NO_ACTION"}', g % 2 = 0, DATE '2025-01-15', g
       FROM generate_series(1, 50) g`,
    );
    const rowsBefore = await dataSource.query('SELECT * FROM analysis_decision ORDER BY "Analysis_Id"');

    const report = await setupDatabase(dataSource, { production: true });

    expect(report.created.filter((line) => line.startsWith('column analysis_decision.'))).toEqual([
      'column analysis_decision.executed boolean',
      'column analysis_decision.execution_time timestamp without time zone',
      'column analysis_decision.existing_order_id character varying',
      'column analysis_decision.existing_trade_journal_id integer',
    ]);
    expect(report.created).not.toContain('table analysis_decision');
    const rowsAfter = await dataSource.query('SELECT * FROM analysis_decision ORDER BY "Analysis_Id"');
    expect(rowsAfter).toEqual(
      rowsBefore.map((row: object) => ({ ...row, existing_order_id: null, existing_trade_journal_id: null, executed: false, execution_time: null })),
    );
    // NocoDB's own columns are left alone.
    expect(Object.keys(rowsAfter[0])).toEqual(expect.arrayContaining(['nc_created_by', 'nc_order']));
  });

  it('adds the exact price columns to a journal made by an older version, keeping its rows', async () => {
    await dataSource.query(nocodbTable);
    await setupDatabase(dataSource, { production: true });
    const exactColumns = EXACT_PRICE_COLUMNS.map(({ table, column }) => `${table}.${column}`);
    for (const { table, column } of EXACT_PRICE_COLUMNS) await dataSource.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
    await dataSource.query(
      `INSERT INTO trade_journal (trade_id, symbol, trade_style, planned_stop_loss, planned_qty) VALUES ('OLD-1', 'NVDA', 'SWING', 124.00, 45)`,
    );

    const report = await setupDatabase(dataSource, { production: true });

    expect(report.created).toEqual(exactColumns.map((c) => `column ${c} numeric`).sort());
    const [row] = await dataSource.query(`SELECT planned_stop_loss, planned_stop_loss_exact FROM trade_journal WHERE trade_id = 'OLD-1'`);
    expect(row).toEqual({ planned_stop_loss: '124.00', planned_stop_loss_exact: null });
    // The product's tables match the entities again (NocoDB's analysis_decision differs by design).
    const pending = (await dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(pending.filter((query) => !query.includes('"analysis_decision"'))).toEqual([]);
    expect((await setupDatabase(dataSource, { production: true })).created).toEqual([]);
  });

  it('is a no-op the second time', async () => {
    await dataSource.query(nocodbTable);
    await setupDatabase(dataSource, { production: true });
    expect((await setupDatabase(dataSource, { production: true })).created).toEqual([]);
  });

  describe('as a database user that does not own analysis_decision (NocoDB owns it)', () => {
    async function asNonOwner(): Promise<DataSource> {
      const role = `app_${Math.random().toString(36).slice(2, 8)}`;
      await dataSource.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
      await dataSource.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${role}`);
      await dataSource.query(`GRANT SELECT, UPDATE ON analysis_decision TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = 'pw';
      return createDataSource(url.toString()).initialize();
    }

    it('works once the four columns exist, and skips the indexes it may not create', async () => {
      await dataSource.query(nocodbTable);
      for (const column of ['existing_order_id VARCHAR(255)', 'existing_trade_journal_id INT', 'executed BOOLEAN DEFAULT false', 'execution_time TIMESTAMP']) {
        await dataSource.query(`ALTER TABLE analysis_decision ADD COLUMN ${column}`);
      }
      const app = await asNonOwner();
      try {
        const report = await setupDatabase(app, { production: true });
        expect(report.created).toContain('table trade_journal');
        expect(report.skipped).toEqual([expect.stringContaining('index idx_analysis_decision_executed'), expect.any(String), expect.any(String)]);
      } finally {
        await app.destroy();
      }
    });

    it('says how to add missing columns when it may not', async () => {
      await dataSource.query(nocodbTable);
      const app = await asNonOwner();
      try {
        await expect(setupDatabase(app, { production: true })).rejects.toThrow(
          "Cannot add column existing_order_id to public.analysis_decision: this database user does not own the table. Add the four columns in NocoDB's UI",
        );
      } finally {
        await app.destroy();
      }
    });
  });

  it('refuses to run, and creates nothing, when analysis_decision is missing', async () => {
    await expect(setupDatabase(dataSource, { production: true })).rejects.toThrow('Table analysis_decision was not found. Production setup never creates it');
    expect(await schemaSnapshot(dataSource.manager)).toEqual([]);
  });
});
