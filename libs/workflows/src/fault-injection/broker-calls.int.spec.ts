import { BROKER_WRITES } from '@trading-monitor/broker';
import { countingBroker, type CountingBroker } from '@trading-monitor/broker/testing';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { monitorPositions } from '../monitor-positions/monitor-positions';
import { createWorkflowFixture, newTradeDecision, resetWorkflowFixture, type WorkflowFixture } from '../testing/workflow-fixture';

// What is deterministic about efficiency: the broker calls one cycle makes do not grow with the
// book. (Timings are printed by `npm run bench`, never asserted.)

let f: WorkflowFixture;
beforeAll(async () => (f = await createWorkflowFixture()));
afterAll(() => f.close());

/** AAA, AAB, …: distinct symbols, one open trade each. */
function symbols(count: number): string[] {
  const letter = (n: number) => String.fromCharCode(65 + (n % 26));
  return Array.from({ length: count }, (_, i) => `${letter(Math.floor(i / 676))}${letter(Math.floor(i / 26))}${letter(i)}`);
}

/** A fresh book of `count` working entries (TREND: a stop alone once filled), at 50.00 each. */
async function bookOf(count: number): Promise<string[]> {
  f = await resetWorkflowFixture(f);
  const tickers = symbols(count);
  await f.seedDecisions(
    tickers.map((symbol, i) => ({
      id: `D${i}`,
      ticker: symbol,
      decision: newTradeDecision(symbol, { strategy: 'TREND', qty: 10, limit_price: 50, stop_loss: { stop_price: 45 }, take_profit: undefined }),
    })),
  );
  const executed = await executeDecisions(f.deps);
  expect(executed.counts.placed).toBe(count);
  return tickers;
}

function split(counting: CountingBroker): { reads: number; writes: number; byMethod: Record<string, number> } {
  const byMethod = Object.fromEntries(Object.entries(counting.counts()).filter(([, n]) => n > 0));
  const writes = BROKER_WRITES.reduce((sum, method) => sum + counting.counts()[method], 0);
  return { reads: counting.total() - writes, writes, byMethod };
}

async function orderCycle(): Promise<ReturnType<typeof split> & { checked: number }> {
  const counting = countingBroker(f.sim);
  const summary = await monitorOrders(f.depsWith(counting));
  return { ...split(counting), checked: summary.checked };
}

describe('broker calls per cycle do not grow with the book', () => {
  it('order monitor, nothing changed: one call for 10 open orders and one for 200', async () => {
    await bookOf(10);
    const small = await orderCycle();
    await bookOf(200);
    const large = await orderCycle();
    expect(small).toMatchObject({ checked: 10, writes: 0 });
    expect(large).toMatchObject({ checked: 200, writes: 0 });
    expect(large.reads).toBe(small.reads);
    expect(large.reads).toBeLessThanOrEqual(2);
  });

  it('order monitor, 20 of 200 gone from the open list (cancelled at the broker): one list of open and one of closed orders', async () => {
    const tickers = await bookOf(200);
    const orders = await f.orders();
    for (const order of orders.slice(0, 20)) await f.sim.cancelOrder(order.alpacaOrderId);
    f.sim.confirmCancels(); // the venue confirms them before the run (cancels are asynchronous)
    const cycle = await orderCycle();
    expect(cycle).toEqual({ checked: 200, reads: 2, writes: 0, byMethod: { listOrders: 2 } });
    expect((await f.trades()).filter((t) => t.status === 'CANCELLED').map((t) => t.symbol)).toEqual(tickers.slice(0, 20));
  });

  it('order monitor, 20 of 200 entries filled: three reads (open orders, closed orders, positions before protecting), one protective order per fill', async () => {
    const tickers = await bookOf(200);
    for (const symbol of tickers.slice(0, 20)) f.sim.setPrice(symbol, '50.00');
    const cycle = await orderCycle();
    // The positions read confirms the shares are still held before a stop is placed for them.
    expect(cycle.reads).toBe(3);
    expect(cycle.byMethod).toMatchObject({ listOrders: 2, listPositions: 1 });
    expect(cycle.byMethod).toMatchObject({ submitProtection: 20 });
    expect(cycle.writes).toBe(20);
  });

  it('position monitor: two calls (prices, positions) for 10 positions and for 200', async () => {
    const positionCycle = async (count: number) => {
      const tickers = await bookOf(count);
      for (const symbol of tickers) f.sim.setPrice(symbol, '50.00');
      await monitorOrders(f.deps);
      expect(await f.positions()).toHaveLength(count);
      for (const symbol of tickers) f.sim.setPrice(symbol, '51.25');
      const counting = countingBroker(f.sim);
      const summary = await monitorPositions(f.depsWith(counting));
      expect(summary).toMatchObject({ positions: count, marked: count, closed: [] });
      return split(counting);
    };
    const small = await positionCycle(10);
    const large = await positionCycle(200);
    expect(large).toEqual(small);
    expect(large).toEqual({ reads: 2, writes: 0, byMethod: { latestPrices: 1, listPositions: 1 } });
  });
});
