import { ExecutionLog } from '@trading-monitor/persistence';
import { snapshotAllTables } from '@trading-monitor/test-harness';
import { dryRunExecuteDecisions } from './dry-run/dry-run';
import { executeDecisions } from './execute-decisions/execute-decisions';
import { monitorOrders } from './monitor-orders/monitor-orders';
import { createNocoDbFixture, type NocoDbFixture } from './testing/nocodb-fixture';
import { newTradeDecision } from './testing/workflow-fixture';

// The product on a decisions table exactly as NocoDB 0.301.3 makes it (docs/database-setup.md): a schema per
// base, NocoDB's system columns, `id` as the key, a json Decision, Analysis_Id neither unique nor
// required, and only some of the analysis workflow's fields.

let f: NocoDbFixture;
afterEach(() => f.close());

const amd = newTradeDecision('AMD', { qty: 10, limit_price: 121.5, stop_loss: { stop_price: 115 }, take_profit: { limit_price: 130 } });

async function brokerOrders(fixture: NocoDbFixture): Promise<string[]> {
  return (await fixture.sim.listOrders({ status: 'all' })).map((o) => `${o.clientOrderId} ${o.symbol} ${o.status} ${o.qty}`).sort();
}

describe.each([
  ['a base schema (NocoDB with PostgreSQL as its database)', { variant: 'base-schema' as const }],
  [
    'a prefixed table in public (NC_DISABLE_PG_DATA_REFLECTION)',
    { variant: 'prefixed' as const, without: ['Chart', 'Analysis_Prompt', '3_Month_Chart', 'Analysis', 'Trade_Type', 'Remarks'] },
  ],
])('on %s', (_name, layout) => {
  beforeEach(async () => {
    f = await createNocoDbFixture(layout);
  });

  it("places the entry of an approved row, marks that row by its id and sets NocoDB's updated_at", async () => {
    const [id] = await f.approve([{ Analysis_Id: 'A-NVDA', Ticker: 'NVDA:NASDAQ', Decision: newTradeDecision('NVDA') }]);
    const summary = await executeDecisions(f.deps);
    expect(summary.decisions).toEqual([expect.objectContaining({ rowKey: String(id), analysisId: 'A-NVDA', outcome: 'placed', symbol: 'NVDA' })]);
    expect(await brokerOrders(f)).toEqual(['tm-entry-1-A-NVDA NVDA new 45']);
    const [row] = await f.rows();
    expect(row).toMatchObject({ id, executed: true, existing_order_id: expect.any(String) });
    expect(row!.updated_at?.getTime()).toBe(f.clock.now().getTime());
    // NocoDB's execution_log row leads to the trade and the order: what the trader follows from it.
    const [trade] = await f.dataSource.query(`SELECT id FROM trade_journal WHERE initial_analysis_id = 'A-NVDA'`);
    expect(await f.audit('A-NVDA')).toEqual([
      expect.objectContaining({ outcome: 'ok', tradeJournalId: trade.id, alpacaOrderId: row!.existing_order_id, clientOrderId: 'tm-entry-1-A-NVDA' }),
    ]);
    // The product's tables are beside the decisions table, in its schema.
    const [{ schema }] = await f.dataSource.query(`SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'trade_journal'`);
    expect(schema).toBe(f.table.schema);
  });
});

describe('Analysis_Id that does not name one row', () => {
  beforeEach(async () => {
    f = await createNocoDbFixture();
  });

  it('refuses both rows that share an Analysis_Id, once, each with its reason, and places nothing', async () => {
    const ids = await f.approve([
      { Analysis_Id: 'SAME', Ticker: 'NVDA', Decision: newTradeDecision('NVDA') },
      { Analysis_Id: 'SAME', Ticker: 'AMD', Decision: amd },
      {
        Analysis_Id: 'OTHER',
        Ticker: 'MSFT',
        Decision: newTradeDecision('MSFT', { qty: 5, limit_price: 420, stop_loss: { stop_price: 410 }, take_profit: { limit_price: 440 } }),
      },
    ]);
    const first = await executeDecisions(f.deps);
    expect(first.decisions.map((d) => [d.rowKey, d.symbol, d.outcome])).toEqual([
      [String(ids[0]), 'NVDA', 'refused'],
      [String(ids[1]), 'AMD', 'refused'],
      [String(ids[2]), 'MSFT', 'placed'],
    ]);
    expect(first.decisions[0]!.message).toContain(`Analysis_Id SAME is also used by row ${ids[1]} (AMD)`);
    expect(first.decisions[1]!.message).toContain(`Analysis_Id SAME is also used by row ${ids[0]} (NVDA)`);
    expect(await brokerOrders(f)).toEqual(['tm-entry-1-OTHER MSFT new 5']);
    const log = await f.audit('SAME');
    expect(log.map((l) => [l.symbol, l.outcome])).toEqual([
      ['NVDA', 'refused'],
      ['AMD', 'refused'],
    ]);
    expect((await f.rows()).map((r) => r.executed)).toEqual([true, true, true]);

    expect((await executeDecisions(f.deps)).decisions).toEqual([]);
    expect(await f.audit('SAME')).toHaveLength(2);
  });

  it('refuses a row without an Analysis_Id once, with a reason found by the row id, and goes on with the others', async () => {
    const [empty, blank, good] = await f.approve([
      { Analysis_Id: null, Ticker: 'NVDA', Decision: newTradeDecision('NVDA') },
      {
        Analysis_Id: '  ',
        Ticker: 'TSLA',
        Decision: newTradeDecision('TSLA', { qty: 3, limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 450 } }),
      },
      { Analysis_Id: 'A-AMD', Ticker: 'AMD', Decision: amd },
    ]);
    const first = await executeDecisions(f.deps);
    expect(first.counts).toMatchObject({ refused: 2, placed: 1, failed: 0 });
    expect(first.decisions[0]).toMatchObject({
      rowKey: String(empty),
      outcome: 'refused',
      message: expect.stringContaining(`Row ${empty} (NVDA) has no Analysis_Id`),
    });
    expect(first.decisions[1]).toMatchObject({ rowKey: String(blank), outcome: 'refused' });
    expect(first.decisions[2]).toMatchObject({ rowKey: String(good), outcome: 'placed' });
    expect(await brokerOrders(f)).toEqual(['tm-entry-1-A-AMD AMD new 10']);
    const refusals = await f.dataSource.getRepository(ExecutionLog).find({ where: { outcome: 'refused' }, order: { id: 'ASC' } });
    expect(refusals.map((l) => l.details)).toEqual([{ row: String(empty) }, { row: String(blank) }]);

    expect((await executeDecisions(f.deps)).decisions).toEqual([]);
    expect((await monitorOrders(f.deps)).adopted).toEqual([]);
  });
});

describe('execute --dry-run', () => {
  beforeEach(async () => {
    f = await createNocoDbFixture();
  });

  it('says exactly which orders it would send and which rows it would mark, and changes nothing in any table or at the broker', async () => {
    // Yesterday's NVDA entry is live; today: an AMD entry, a CANCEL of NVDA, and a malformed row.
    await f.approve([{ Analysis_Id: 'D0-NVDA', Ticker: 'NVDA', Decision: newTradeDecision('NVDA') }]);
    await executeDecisions(f.deps);
    const ids = await f.approve([
      { Analysis_Id: 'D1-AMD', Ticker: 'AMD', Decision: amd },
      { Analysis_Id: 'D1-NVDA', Ticker: 'NVDA', Decision: { symbol: 'NVDA', primary_action: 'CANCEL' } },
      { Analysis_Id: 'D1-BAD', Ticker: 'TSLA', Decision: { symbol: 'TSLA', primary_action: 'NEW_TRADE', new_trade: { qty: -1 } } },
    ]);
    const tablesBefore = await snapshotAllTables(f.db.url);
    const ordersBefore = await brokerOrders(f);

    const report = await dryRunExecuteDecisions(f.deps);

    expect(await snapshotAllTables(f.db.url)).toEqual(tablesBefore);
    expect(await brokerOrders(f)).toEqual(ordersBefore);
    expect(report.orders).toEqual([
      { action: 'submit', symbol: 'AMD', description: 'buy 10 AMD limit 121.50 (day)', clientOrderId: 'tm-entry-1-D1-AMD' },
      expect.objectContaining({ action: 'cancel', symbol: 'NVDA', description: 'cancel buy 45 NVDA (new)' }),
    ]);
    expect(report.markedRows.map((d) => [d.rowKey, d.analysisId, d.outcome])).toEqual([
      [String(ids[0]), 'D1-AMD', 'placed'],
      [String(ids[1]), 'D1-NVDA', 'cancelled'],
      [String(ids[2]), 'D1-BAD', 'refused'],
    ]);

    // The real run then does what the dry run said.
    const real = await executeDecisions(f.deps);
    expect(real.decisions.map((d) => [d.rowKey, d.outcome])).toEqual(report.markedRows.map((d) => [d.rowKey, d.outcome]));
    expect(await brokerOrders(f)).toEqual(['tm-entry-1-D0-NVDA NVDA canceled 45', 'tm-entry-1-D1-AMD AMD new 10']);
  });
});
