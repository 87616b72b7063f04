import { Price, clientOrderIdOf } from '@trading-monitor/domain';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { reconcile } from './reconcile';

let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

async function protectedNvda(): Promise<void> {
  await f.seedDecision('A', 'NVDA', newTradeDecision('NVDA'));
  await executeDecisions(f.deps);
  f.sim.setPrice('NVDA', '133.80');
  await monitorOrders(f.deps);
}

it('reports a clean book as clean', async () => {
  await protectedNvda();
  const report = await reconcile(f.deps);
  expect(report).toMatchObject({ clean: true, ordersBehind: [], notInJournal: [], unprotected: [] });
});

it('finds differences both ways without changing anything, then --fix repairs what is safe', async () => {
  await protectedNvda();
  f.sim.setPrice('NVDA', '145.50'); // the take-profit fills; the journal has not seen it yet
  await f.sim.submitEntry({ symbol: 'TSLA', side: 'buy', qty: 5, type: 'limit', limitPrice: Price.of('200'), timeInForce: 'day', clientOrderId: 'by-hand-1' });

  const report = await reconcile(f.deps);
  expect(report.clean).toBe(false);
  expect(report.missedFills).toEqual([expect.objectContaining({ symbol: 'NVDA', role: 'TAKE_PROFIT', journal: 'pending 0/45', broker: 'filled 45/45' })]);
  expect(report.positionsOnlyInJournal).toEqual([{ tradeId: expect.any(String), symbol: 'NVDA', qty: 45 }]);
  expect(report.notInJournal).toEqual([expect.objectContaining({ symbol: 'TSLA', clientOrderId: 'by-hand-1', own: false })]);
  expect((await f.trade('NVDA')).status).toBe('POSITION'); // a report changes nothing

  const fixed = await reconcile(f.deps, { fix: true });
  expect(fixed.fixed?.orders.closed).toEqual([expect.objectContaining({ symbol: 'NVDA', reason: 'TARGET_HIT', pnl: '526.50' })]);
  expect((await f.trade('NVDA')).status).toBe('CLOSED');
  expect((await f.sim.getOrderByClientId('by-hand-1')).status).toBe('new'); // never touches what it did not place
  const after = await reconcile(f.deps);
  expect(after.notInJournal.map((o) => o.clientOrderId)).toEqual(['by-hand-1']);
  expect(after.missedFills).toEqual([]);
});

/** 5 TSLA bought by hand, and a stop the product placed for `tradeId` (a crash kept it from the journal). */
async function strayStopFor(tradeId: string): Promise<string> {
  f.sim.setPrice('TSLA', '200.00');
  await f.sim.submitEntry({ symbol: 'TSLA', side: 'buy', qty: 5, type: 'market', timeInForce: 'day', clientOrderId: 'by-hand-tsla' });
  const [stop] = await f.sim.submitProtection({
    kind: 'stop',
    symbol: 'TSLA',
    side: 'sell',
    qty: 5,
    stopPrice: Price.of('180.00'),
    timeInForce: 'gtc',
    clientOrderId: clientOrderIdOf({ scopeId: tradeId, leg: 'stop', sequence: 1 }),
  });
  return stop.id;
}

describe('reconcile --fix reports what it did (issue 14 item 7)', () => {
  it('a cancel the broker fails is reported as failed, not as cancelled, and the order is still there', async () => {
    const stray = await strayStopFor('T-GONE');
    expect((await reconcile(f.deps)).strayProtection).toEqual([expect.objectContaining({ orderId: stray, own: true })]);

    f.sim.failNextCancels(1);
    const fixed = await reconcile(f.deps, { fix: true });
    expect(fixed.fixed?.cancelledStrays).toEqual([]);
    expect(fixed.fixed?.failed).toEqual([
      {
        step: 'cancel-stray',
        orderId: stray,
        symbol: 'TSLA',
        message: expect.stringMatching(/^Could not cancel stray protective order .* \(TSLA\): .*HTTP 503.*run `reconcile --fix` again/),
      },
    ]);
    expect((await f.sim.getOrder(stray)).status).toBe('new');
    const [audit] = (await f.audit()).filter((a) => a.action === 'reconcile.fix');
    expect(audit).toMatchObject({ outcome: 'failed', message: expect.stringContaining('1 repair steps failed') });

    // The cancel is sent again; read back at once it is still pending (Alpaca's cancels are asynchronous).
    const again = await reconcile(f.deps, { fix: true });
    expect(again.fixed).toMatchObject({ cancelledStrays: [], cancelsPending: [stray], failed: [] });
    expect((await f.sim.getOrder(stray)).status).toBe('canceled');
  });

  it('a cancel the broker accepted but has not carried out yet is reported as pending, not as cancelled', async () => {
    const stray = await strayStopFor('T-GONE');
    // Alpaca answers a cancel at once and carries it out later (pending_cancel): here, not yet at all.
    f.sim.holdCancels();
    const fixed = await reconcile(f.deps, { fix: true });
    expect(fixed.fixed).toMatchObject({ cancelledStrays: [], cancelsPending: [stray], failed: [] });
    expect((await f.sim.getOrder(stray)).status).toBe('pending_cancel');
  });

  it('the stray cancel works from what the earlier repair changed, not from the snapshot before it', async () => {
    await protectedNvda();
    const nvda = await f.trade('NVDA');
    const stray = await strayStopFor(nvda.tradeId);
    expect((await reconcile(f.deps)).strayProtection).toEqual([]); // NVDA holds shares: its stop is not a stray
    f.sim.setPrice('NVDA', '145.50'); // the take-profit fills; the journal has not seen it yet

    const fixed = await reconcile(f.deps, { fix: true });
    expect(fixed.strayProtection).toEqual([]); // as compared before the repair
    expect(fixed.fixed?.orders.closed).toEqual([expect.objectContaining({ symbol: 'NVDA', reason: 'TARGET_HIT' })]);
    // Once the order monitor closed the trade, its stop protects nothing: its cancel is sent in the same run.
    expect(fixed.fixed).toMatchObject({ cancelledStrays: [], cancelsPending: [stray], failed: [] });
    expect((await f.sim.getOrder(stray)).status).toBe('canceled');
  });
});
