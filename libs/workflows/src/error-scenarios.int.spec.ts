import { crashingBroker } from './testing/crashing-broker';
import { executeDecisions } from './execute-decisions/execute-decisions';
import { monitorOrders } from './monitor-orders/monitor-orders';
import { createDataSource } from '@trading-monitor/persistence';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from './testing/workflow-fixture';

let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

const SYMBOLS = ['NVDA', 'AAPL', 'MSFT', 'AMD', 'TSLA'];
async function seedTrades(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const symbol = i < SYMBOLS.length ? SYMBOLS[i] : `SYM${i}`;
    await f.seedDecision(`D${String(i).padStart(3, '0')}`, symbol, newTradeDecision(symbol));
  }
}

async function entryClientIds(): Promise<string[]> {
  return (await f.sim.listOrders({ status: 'all' })).map((o) => o.clientOrderId).filter((id) => id.startsWith('tm-entry-'));
}

describe('error scenarios', () => {
  it('broker down: nothing is placed, nothing is lost, and the next run places everything', async () => {
    await seedTrades(3);
    f.sim.failNext(1000);
    const down = await executeDecisions(f.deps);
    expect(down.counts).toMatchObject({ deferred: 3, placed: 0 });
    expect(down.decisions[0].message).toContain('the broker is unavailable');
    expect((await f.decision('D000')).executed).toBe(false);
    expect((await f.audit('D000')).map((a) => a.outcome)).toEqual(['retry']);

    f.sim.clearFaults();
    const back = await executeDecisions(f.deps);
    expect(back.counts.placed).toBe(3);
    expect(await entryClientIds()).toHaveLength(3);
  });

  it('rate limited: the limited decision waits for the next run, the rest of the batch goes on', async () => {
    await seedTrades(3);
    f.sim.rateLimitNext(1, 5000);
    const first = await executeDecisions(f.deps);
    expect(first.decisions.map((d) => d.outcome)).toEqual(['deferred', 'placed', 'placed']);
    const second = await executeDecisions(f.deps);
    expect(second.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([['D000', 'placed']]);
  });

  it('gives up on a decision after a bounded number of attempts, and says so', async () => {
    await seedTrades(1);
    for (let run = 0; run < 5; run++) {
      f.sim.failNext(1);
      expect((await executeDecisions(f.deps)).decisions[0].outcome).toBe('deferred');
    }
    const last = await executeDecisions(f.deps);
    expect(last.decisions[0]).toMatchObject({ outcome: 'refused', message: expect.stringContaining('Given up after 5 attempts') });
    expect(await entryClientIds()).toEqual([]);
  });

  it('an order the broker rejects: no order, the broker’s reason recorded, the batch goes on', async () => {
    await seedTrades(2);
    f.sim.rejectNext('insufficient_buying_power');
    const result = await executeDecisions(f.deps);
    expect(result.decisions.map((d) => d.outcome)).toEqual(['refused', 'placed']);
    expect(result.decisions[0].message).toMatch(/the broker refused: .*insufficient buying power/i);
    const [audit] = await f.audit('D000');
    expect(audit).toMatchObject({ outcome: 'refused' });
    expect((await f.decision('D000')).executed).toBe(true);
  });

  it('an ambiguous submit (timeout after the broker accepted) is resolved by client_order_id, never sent twice', async () => {
    await seedTrades(1);
    f.sim.timeoutAfterAcceptNext();
    const result = await executeDecisions(f.deps);
    expect(result.decisions[0]).toMatchObject({ outcome: 'placed', message: expect.stringContaining('adopted') });
    expect(await entryClientIds()).toHaveLength(1);
    expect(await f.orders()).toHaveLength(1);
  });

  it('the database connection is lost mid-batch: that decision is retried and adopted, no order doubled', async () => {
    await seedTrades(4);
    const dropping = crashingBroker(f.sim, 2, () => f.db.disconnectAll());
    const first = await executeDecisions(f.depsWith(dropping));
    expect(first.counts.placed).toBeGreaterThanOrEqual(2);
    expect(first.counts.failed + first.counts.placed).toBe(4);

    const second = await executeDecisions(f.deps);
    expect(first.counts.placed + second.counts.placed).toBe(4);
    expect(second.decisions.every((d) => d.outcome === 'placed')).toBe(true);
    const ids = await entryClientIds();
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect(await f.orders()).toHaveLength(4);
  });

  it('two executors at once never take one decision twice or double an order', async () => {
    await seedTrades(20);
    const other = await createDataSource(f.db.url).initialize();
    try {
      const [a, b] = await Promise.all([executeDecisions(f.deps), executeDecisions({ ...f.deps, dataSource: other })]);
      expect(a.counts.placed + b.counts.placed).toBe(20);
      const taken = [...a.decisions, ...b.decisions].map((d) => d.analysisId);
      expect(new Set(taken).size).toBe(taken.length);
      expect(await entryClientIds()).toHaveLength(20);
      expect(await f.trades()).toHaveLength(20);
    } finally {
      await other.destroy();
    }
  });

  it('two order monitors at once protect a filled entry exactly once', async () => {
    await seedTrades(1);
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    const other = await createDataSource(f.db.url).initialize();
    try {
      await Promise.all([monitorOrders(f.deps), monitorOrders({ ...f.deps, dataSource: other })]);
      const protective = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.side === 'sell');
      expect(protective).toHaveLength(2); // one OCO: take-profit leg + stop leg
      expect((await f.orders()).map((o) => o.orderType)).toEqual(['ENTRY', 'TAKE_PROFIT', 'STOP_LOSS']);
    } finally {
      await other.destroy();
    }
  });

  it('a crash right after the broker accepted an entry is repaired by the next run', async () => {
    await seedTrades(1);
    const crash = await executeDecisions(f.depsWith(crashingBroker(f.sim, 1)));
    expect(crash.decisions[0]).toMatchObject({ outcome: 'failed', message: expect.stringContaining('crash after broker call 1') });
    expect(await f.orders()).toEqual([]); // the journal never saw it
    const repaired = await executeDecisions(f.deps);
    expect(repaired.decisions[0]).toMatchObject({ outcome: 'placed', message: expect.stringContaining('adopted') });
    expect(await entryClientIds()).toHaveLength(1);
  });
});

describe('stale decisions', () => {
  it('an approval weeks old places no order and says why; a CANCEL of the same age still works', async () => {
    await f.seedDecision('OLD', 'NVDA', newTradeDecision('NVDA'), { date: '2024-12-20' });
    await f.seedDecision('FRESH', 'AAPL', newTradeDecision('AAPL'), { date: '2025-01-14' });
    const result = await executeDecisions(f.deps);
    expect(result.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([
      ['OLD', 'refused'],
      ['FRESH', 'placed'],
    ]);
    expect(result.decisions[0].message).toBe(
      'NEW_TRADE for NVDA: the analysis is from 2024-12-20, 26 days ago; an analysis older than 4 days places no order. Approve a fresh one if the trade still stands.',
    );
    expect(await entryClientIds()).toHaveLength(1);
  });
});
