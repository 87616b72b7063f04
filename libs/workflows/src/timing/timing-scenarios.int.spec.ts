import { unprotectedShares } from '@trading-monitor/domain';
import { TradeAdjustment } from '@trading-monitor/persistence';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { haltTrading } from '../trading-control/trading-control';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';

// Issue 22: correct at real timing. Each finding as a named scenario on real PostgreSQL and the strict
// simulator (docs/broker-rules.md#timing-the-broker-does-not-wait-between-two-calls).
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

/** Shares the journal holds for the symbol that no working stop covers: what /health reports. */
async function unprotectedInJournal(symbol: string): Promise<number> {
  const trade = await f.trade(symbol);
  const position = (await f.positions()).find((p) => p.tradeJournalId === trade.id);
  const orders = await f.orders(trade.id);
  return unprotectedShares(
    position?.qty ?? 0,
    orders.map((o) => ({ role: o.orderType, status: o.orderStatus, qty: o.qty, filledQty: o.filledQty })),
  );
}

async function placeEntry(symbol: string, decision: Record<string, unknown> = {}): Promise<string> {
  await f.seedDecision(`D-${symbol}`, symbol, newTradeDecision(symbol, decision));
  expect((await executeDecisions(f.deps)).counts.placed).toBe(1);
  const [entry] = await f.sim.listOrders({ status: 'open', symbols: [symbol] });
  return entry.id;
}

describe('issue 22 item 1: a partial fill between two reads is not a split', () => {
  it('item1-partial-fill-between-order-and-position-reads: the 25 more shares come from the working entry; nothing is frozen, all 45 end protected', async () => {
    const entry = await placeEntry('NVDA');
    f.sim.fill(entry, 20, '133.80');
    // The monitor reads the order list (20/45), then the other 25 fill, then it reads the positions (45).
    f.sim.fillBeforeNextCall(entry, 25, 'listPositions', '133.80');

    const run = await monitorOrders(f.deps);

    expect(run.alarms).toEqual([]);
    expect(await f.dataSource.getRepository(TradeAdjustment).count()).toBe(0);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION' });
    await monitorOrders(f.deps); // one clean run
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 45 });
    expect(await unprotectedInJournal('NVDA')).toBe(0);
    const open = await f.sim.listOrders({ status: 'open', symbols: ['NVDA'] });
    expect(open.filter((o) => o.type === 'stop').reduce((sum, o) => sum + o.qty, 0)).toBe(45);
  });
});

describe('issue 22 item 2: a refused exit does not roll back the fill', () => {
  it.each(['pattern_day_trading', 'insufficient_buying_power', 'rate_limited', 'outage'] as const)(
    'item2-exit-refused-%s: the fill is recorded, the refusal is an alarm, the next run sells',
    async (answer) => {
      const entry = await placeEntry('NVDA');
      f.sim.fill(entry, undefined, '133.80');
      f.sim.setPrice('NVDA', '121.50'); // through the stop 124: the OCO is refused
      f.sim.refuseNextOrder('tm-exit-', answer, 3);

      const run = await monitorOrders(f.deps);

      // The fill is a fact: recorded whatever became of the remedy.
      expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 45 });
      expect((await f.positions()).map((p) => p.qty)).toEqual([45]);
      expect(await unprotectedInJournal('NVDA')).toBe(45); // /health: 45 unprotected, 503
      expect(run.alarms.length + run.failed.length).toBeGreaterThan(0); // monitor-orders exits 1
      expect((await f.alarms()).join('\n')).toMatch(/NVDA: .*45.* NOT protected/);

      f.sim.clearFaults();
      const next = await monitorOrders(f.deps);
      expect(next.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '121.50' })]);
      expect(await f.sim.listPositions()).toEqual([]);
    },
  );
});

describe("issue 22 item 2 through execute's CANCEL: the same door, facts first", () => {
  it('item2-cancel-beaten-by-fill-protection-refused (guard): the fill is recorded and alarmed, the decision says so, the next run protects', async () => {
    const entry = await placeEntry('NVDA');
    const trade = await f.trade('NVDA');
    // The entry fills just before the CANCEL's cancel reaches the broker, and the broker then refuses every protection.
    f.sim.fillBeforeNextCall(entry, undefined, 'cancelOrder', '133.80');
    f.sim.refuseNextOrder('tm-', 'outage', 3);
    await f.seedDecision('C-NVDA', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });

    const run = await executeDecisions(f.deps);

    expect(run.decisions).toEqual([
      expect.objectContaining({ analysisId: 'C-NVDA', outcome: 'cancelled', message: expect.stringContaining('45 shares had filled') }),
    ]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 45 });
    expect(await unprotectedInJournal('NVDA')).toBe(45);
    expect((await f.alarms()).join('\n')).toMatch(/NVDA: .*45.* NOT protected/);

    f.sim.clearFaults();
    await monitorOrders(f.deps);
    expect(await unprotectedInJournal('NVDA')).toBe(0);
  });
});

describe('issue 22 item 3: halt --flatten while the scheduler runs', () => {
  /** NVDA bought at 133.80 (TREND: a stop, no target) and protected, the price at 135.00: what a flatten closes. */
  async function protectedNvdaAbovePurchase(): Promise<void> {
    const entry = await placeEntry('NVDA', { strategy: 'TREND', take_profit: undefined });
    f.sim.fill(entry, undefined, '133.80');
    expect((await monitorOrders(f.deps)).protected).toBe(1);
    f.sim.setPrice('NVDA', '135.00');
  }

  it("item3-flatten-while-monitor-runs: a run between the close's cancels and its sell does not re-protect; the sell goes through, nothing is left working", async () => {
    await protectedNvdaAbovePurchase();
    let raced = 0;
    // The scheduler's order run lands after the close cancelled the stop, before its market sell.
    f.sim.interleave(async ({ call }) => {
      const stops = f.sim.peekOrders().filter((o) => o.type === 'stop');
      if (call !== 'submitOrder' || raced > 0 || !stops.every((o) => o.status === 'canceled')) return;
      raced++;
      await monitorOrders(f.deps);
    });

    const halt = await haltTrading(f.deps, { reason: 'flatten while running', flatten: true });

    expect(raced).toBe(1);
    expect(halt.flatten).toMatchObject({ closing: ['NVDA'], failed: [] });
    expect(await f.sim.listPositions()).toEqual([]);
    expect(await f.sim.listOrders({ status: 'open' })).toEqual([]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'CLOSED' });
  });

  it('item3-flatten-then-stream-sees-flat: a run after the sell filled leaves no stop on the flat position and closes the trade', async () => {
    await protectedNvdaAbovePurchase();
    let raced = 0;
    // The other ordering: the run lands right after the close (the position already flat), before halt's own position run.
    f.sim.interleave(async ({ call }) => {
      if (call !== 'listPositions' || raced > 0) return;
      raced++;
      await monitorOrders(f.deps);
    });
    const halt = await haltTrading(f.deps, { reason: 'flatten while running', flatten: true });
    expect(raced).toBe(1);
    expect(halt.flatten).toMatchObject({ closing: ['NVDA'], failed: [] });
    expect(await f.sim.listOrders({ status: 'open' })).toEqual([]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'CLOSED' });
  });
});

describe('issue 22 item 5: outside regular trading hours, no blind market sell through the stop', () => {
  async function protectedThenStopCancelledOvernight(symbol: string, afterHoursPrint: string): Promise<void> {
    const entry = await placeEntry(symbol, { strategy: 'TREND', take_profit: undefined });
    f.sim.fill(entry, undefined, '133.80');
    f.sim.setPrice(symbol, '130.00');
    expect((await monitorOrders(f.deps)).protected).toBe(1);
    const [stop] = await f.sim.listOrders({ status: 'open', symbols: [symbol] });
    f.clock.set(new Date('2025-01-15T23:00:00Z')); // 18:00 New York
    await f.sim.cancelOrder(stop.id); // by hand, or by Alpaca at a corporate action
    f.sim.confirmCancels();
    f.sim.setPrice(symbol, afterHoursPrint);
  }

  it('item5-stop-through-market-after-hours: the 18:00 run sends nothing and alarms; the stock opens above the stop and the stop is placed again', async () => {
    await protectedThenStopCancelledOvernight('META', '118.00');

    const evening = await monitorOrders(f.deps);

    expect(evening.closed).toEqual([]);
    expect(evening.alarms.join('\n')).toContain('outside regular trading hours');
    expect(await f.sim.listOrders({ status: 'open', symbols: ['META'] })).toEqual([]);
    expect(await unprotectedInJournal('META')).toBe(45); // alarmed in /health until the open

    f.clock.set(new Date('2025-01-16T14:00:00Z'));
    f.sim.setPrice('META', '130.00'); // opens above the stop
    f.clock.set(new Date('2025-01-16T14:35:00Z'));
    const morning = await monitorOrders(f.deps);
    expect(morning).toMatchObject({ protected: 1, closed: [] });
    expect(await f.trade('META')).toMatchObject({ status: 'POSITION' });
    expect(await unprotectedInJournal('META')).toBe(0);
    expect((await f.sim.listPositions()).map((p) => p.qty)).toEqual([45]);
  });

  it('item5-opens-below-the-stop: the first run in the session sells at the market and books STOPPED_OUT at the real price', async () => {
    await protectedThenStopCancelledOvernight('META', '118.00');
    expect((await monitorOrders(f.deps)).closed).toEqual([]);

    f.clock.set(new Date('2025-01-16T14:00:00Z'));
    f.sim.setPrice('META', '117.20');
    f.clock.set(new Date('2025-01-16T14:35:00Z'));
    const morning = await monitorOrders(f.deps);
    expect(morning.closed).toEqual([expect.objectContaining({ reason: 'STOPPED_OUT', exitPrice: '117.20', pnl: '-747.00' })]);
  });
});
