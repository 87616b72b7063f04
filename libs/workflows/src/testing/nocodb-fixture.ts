import { openDatabase, setupDatabase } from '@trading-monitor/persistence';
import {
  createNocoDbDecisionTable,
  createTestDatabase,
  insertNocoDbRows,
  type NocoDbLayoutOptions,
  type NocoDbRow,
  type NocoDbTable,
} from '@trading-monitor/test-harness';
import { MARKET_OPEN_DAY, fixtureOn, type WorkflowFixture } from './workflow-fixture';

export interface NocoDbFixture extends WorkflowFixture {
  table: NocoDbTable;
  /** Approved rows as NocoDB holds them; returns their ids. */
  approve(rows: ReadonlyArray<Omit<NocoDbRow, 'Approve'>>): Promise<number[]>;
  /** The rows as they are now, by id: the product's columns and NocoDB's updated_at. */
  rows(): Promise<
    Array<{ id: number; Analysis_Id: string | null; Ticker: string; executed: boolean | null; existing_order_id: string | null; updated_at: Date | null }>
  >;
}

/**
 * A test database holding the decisions table as NocoDB makes it (tools/test-harness/nocodb-layout.ts),
 * opened as the product opens a configured database (it finds the table and works in its schema),
 * and set up with `db:setup --production`.
 */
export async function createNocoDbFixture(layout: NocoDbLayoutOptions = {}, start = MARKET_OPEN_DAY): Promise<NocoDbFixture> {
  const db = await createTestDatabase();
  const table = await createNocoDbDecisionTable(db.url, layout);
  const database = await openDatabase({ kind: 'url', url: db.url });
  await setupDatabase(database.dataSource, { production: true });
  const f = fixtureOn(db, database.dataSource, start);
  let written = 0;
  return {
    ...f,
    table,
    approve: (rows) =>
      insertNocoDbRows(
        db.url,
        table,
        rows.map((row) => ({
          ...(layout.without?.includes('Date_time') ? {} : { Date_time: new Date(f.clock.now().getTime() - 3_600_000 + written++ * 1000) }),
          ...row,
          Approve: true,
        })),
      ),
    rows: () => f.dataSource.query(`SELECT id, "Analysis_Id", "Ticker", executed, existing_order_id, updated_at FROM ${table.sql} ORDER BY id`),
  };
}
