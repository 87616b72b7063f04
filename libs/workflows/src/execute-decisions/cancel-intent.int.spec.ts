import { Transient, type Broker } from '@trading-monitor/broker';
import { clientOrderIdOf } from '@trading-monitor/domain';
import { TradeAdjustment } from '@trading-monitor/persistence';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { executeDecisions } from './execute-decisions';

// Issue 14 items 2, 3 and 6: cancels that finish later (Alpaca's pending_cancel), CANCEL/AMEND of a
// partly filled entry, and a decision that names another ticker's trade. On real PostgreSQL and the
// simulated broker with its strict default (asynchronous cancels).
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

const amendPlan = () => newTradeDecision('MSFT', { qty: 30, limit_price: 395.5, stop_loss: { stop_price: 385 }, take_profit: { limit_price: 430 } }, 'AMEND');

async function placeMsft() {
  await f.seedDecision('M1', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
  await executeDecisions(f.deps);
  return f.trade('MSFT');
}

async function placeNvda() {
  await f.seedDecision('N1', 'NVDA', newTradeDecision('NVDA'));
  await executeDecisions(f.deps);
  return f.trade('NVDA');
}

const intents = () => f.dataSource.getRepository(TradeAdjustment).find({ order: { id: 'ASC' } });
const workingAtBroker = async () => (await f.sim.listOrders({ status: 'open' })).map((o) => [o.symbol, o.side, o.qty, o.status]);
const newEntryId = (analysisId: string) => clientOrderIdOf({ scopeId: analysisId, leg: 'entry', sequence: 1 });

/** The simulator, except that submitting an entry meets a 429 while `limited` is true. */
function rateLimitedEntries(inner: Broker, state: { limited: boolean }): Broker {
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'submitEntry' && state.limited) return () => Promise.reject(new Transient('rate limited (HTTP 429); retry later'));
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('an AMEND whose cancel the broker has not confirmed yet (pending_cancel)', () => {
  it('records its intent, and the order monitor places the new entry once the cancel is confirmed — once', async () => {
    const old = await placeMsft();
    await f.seedDecision('M1-amend', 'MSFT', amendPlan(), { existingTradeJournalId: old.id });
    f.sim.holdCancels();

    const first = await executeDecisions(f.deps);
    expect(first.decisions).toEqual([expect.objectContaining({ outcome: 'deferred', message: expect.stringContaining('pending_cancel') })]);
    expect(await intents()).toEqual([
      expect.objectContaining({ tradeJournalId: old.id, analysisDecisionId: 'M1-amend', adjustmentType: 'AMEND_ENTRY', executed: false }),
    ]);
    expect(await workingAtBroker()).toEqual([['MSFT', 'buy', 45, 'pending_cancel']]);
    expect((await f.decision('M1-amend')).executed).not.toBe(true);

    // Still pending at the next monitor run: nothing placed, nothing ended.
    const waiting = await monitorOrders(f.deps);
    expect(waiting.adopted).toEqual([expect.objectContaining({ analysisId: 'M1-amend', outcome: 'deferred' })]);
    expect(await f.trades()).toEqual([expect.objectContaining({ id: old.id, status: 'ORDERED' })]);

    f.sim.holdCancels(false);
    f.sim.confirmCancels();
    const done = await monitorOrders(f.deps);
    expect(done.adopted).toEqual([expect.objectContaining({ analysisId: 'M1-amend', outcome: 'amended' })]);
    const [before, after] = await f.trades();
    expect(before).toMatchObject({ id: old.id, status: 'CANCELLED', exitReason: 'AMENDED' });
    expect(after).toMatchObject({ status: 'ORDERED', plannedQty: 30, initialAnalysisId: 'M1-amend' });
    expect(await workingAtBroker()).toEqual([['MSFT', 'buy', 30, 'new']]);
    expect((await f.sim.getOrderByClientId(newEntryId('M1-amend'))).qty).toBe(30);
    expect(await intents()).toEqual([expect.objectContaining({ executed: true, reason: expect.stringContaining('new entry placed') })]);
    expect(await f.decision('M1-amend')).toMatchObject({ executed: true, existingTradeJournalId: after.id });

    // Later runs change nothing: one new entry, never two.
    expect((await executeDecisions(f.deps)).decisions).toEqual([]);
    expect((await monitorOrders(f.deps)).adopted).toEqual([]);
    expect((await f.sim.listOrders({ status: 'all' })).filter((o) => o.side === 'buy')).toHaveLength(2);
  });

  it('does not count the wait as a failed attempt: many runs of waiting never give the decision up', async () => {
    const old = await placeMsft();
    await f.seedDecision('M1-amend', 'MSFT', amendPlan(), { existingTradeJournalId: old.id });
    f.sim.holdCancels();
    await executeDecisions(f.deps);
    for (let run = 0; run < 6; run++) await monitorOrders(f.deps);
    f.sim.holdCancels(false);
    f.sim.confirmCancels();
    expect((await monitorOrders(f.deps)).adopted).toEqual([expect.objectContaining({ outcome: 'amended' })]);
  });
});

describe('an AMEND whose new entry meets a temporary refusal (429) after the old entry was cancelled', () => {
  it('never ends the old trade as plain CANCELLED; the next order-monitor run places the new entry', async () => {
    const old = await placeMsft();
    await f.seedDecision('M1-amend', 'MSFT', amendPlan(), { existingTradeJournalId: old.id });
    const limit = { limited: true };
    const first = await executeDecisions(f.depsWith(rateLimitedEntries(f.sim, limit)));
    expect(first.decisions).toEqual([expect.objectContaining({ outcome: 'deferred', message: expect.stringContaining('429') })]);
    const [oldEntry] = await f.orders(old.id);
    expect((await f.sim.getOrder(oldEntry.alpacaOrderId)).status).toBe('canceled');

    // Still refused at the next run: the old trade ends AMENDED (its intent says so), not CANCELLED.
    await monitorOrders(f.depsWith(rateLimitedEntries(f.sim, limit)));
    expect(await f.trade('MSFT')).toMatchObject({ id: old.id, status: 'CANCELLED', exitReason: 'AMENDED' });
    expect((await f.decision('M1-amend')).executed).not.toBe(true);

    limit.limited = false;
    const done = await monitorOrders(f.deps);
    expect(done.adopted).toEqual([expect.objectContaining({ analysisId: 'M1-amend', outcome: 'amended' })]);
    expect(await f.trade('MSFT')).toMatchObject({ status: 'ORDERED', plannedQty: 30, initialAnalysisId: 'M1-amend' });
    expect(await workingAtBroker()).toEqual([['MSFT', 'buy', 30, 'new']]);
  });
});

describe('a CANCEL that turns into a fill while the cancel is pending', () => {
  it('is handled as a fill: the shares are protected, the trade goes on, and execution_log says so', async () => {
    const trade = await placeNvda();
    await f.seedDecision('N1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    f.sim.holdCancels();
    expect((await executeDecisions(f.deps)).decisions).toEqual([expect.objectContaining({ outcome: 'deferred' })]);

    f.sim.setPrice('NVDA', '133.50'); // the limit buy at 133.80 fills before the venue confirms the cancel
    f.sim.holdCancels(false);
    f.sim.confirmCancels();
    const result = await monitorOrders(f.deps);
    // The monitor runs the decision again first; it finds the fill, protects it and says so.
    expect(result.adopted).toEqual([expect.objectContaining({ analysisId: 'N1-cancel', outcome: 'cancelled' })]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 45 });
    expect((await f.sim.listOrders({ status: 'open' })).filter((o) => o.side === 'sell').map((o) => o.qty)).toEqual([45, 45]); // one OCO
    const [finished] = (await f.audit('N1-cancel')).filter((a) => a.action === 'decision.cancelled');
    expect(finished.message).toContain('45 shares had filled before the cancel took');
    expect(await intents()).toEqual([expect.objectContaining({ executed: true })]);
  });
});

describe('CANCEL or AMEND of a partly filled entry', () => {
  async function partlyFilled() {
    const trade = await placeNvda();
    const [entry] = await f.orders(trade.id);
    f.sim.fill(entry.alpacaOrderId, 20, '133.80');
    await monitorOrders(f.deps); // POSITION of 20, protected; the entry's other 25 keep working
    return { trade, entry };
  }

  it('CANCEL: the unfilled rest is cancelled, the 20 held stay protected, the trade goes on as a position of 20', async () => {
    const { trade, entry } = await partlyFilled();
    await f.seedDecision('N1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    const result = await executeDecisions(f.deps);
    expect(result.decisions).toEqual([expect.objectContaining({ outcome: 'cancelled', message: expect.stringContaining('goes on as a position of 20') })]);
    expect(await f.sim.getOrder(entry.alpacaOrderId)).toMatchObject({ status: 'canceled', filledQty: 20 });
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 20 });
    expect((await f.sim.listOrders({ status: 'open' })).map((o) => [o.side, o.qty])).toEqual([
      ['sell', 20],
      ['sell', 20],
    ]);
    expect((await f.positions()).map((p) => p.qty)).toEqual([20]);
    expect((await f.sim.listPositions()).map((p) => p.qty)).toEqual([20]);
  });

  it('AMEND: the old remainder is cancelled, the 20 held stay protected, and the new entry is not placed (no doubling)', async () => {
    const { trade, entry } = await partlyFilled();
    await f.seedDecision('N1-amend', 'NVDA', newTradeDecision('NVDA', { limit_price: 132 }, 'AMEND'), { existingTradeJournalId: trade.id });
    const result = await executeDecisions(f.deps);
    expect(result.decisions).toEqual([expect.objectContaining({ outcome: 'refused', message: expect.stringContaining('The new entry was NOT placed') })]);
    expect(await f.sim.getOrder(entry.alpacaOrderId)).toMatchObject({ status: 'canceled', filledQty: 20 });
    expect(await f.trades()).toEqual([expect.objectContaining({ status: 'POSITION', actualQty: 20 })]);
    expect((await f.sim.listOrders({ status: 'open' })).every((o) => o.side === 'sell' && o.qty === 20)).toBe(true);
    await expect(f.sim.getOrderByClientId(newEntryId('N1-amend'))).rejects.toThrow();
  });

  it('CANCEL whose remainder cancel is still pending finishes at the next order-monitor run', async () => {
    const { trade, entry } = await partlyFilled();
    await f.seedDecision('N1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    f.sim.holdCancels();
    expect((await executeDecisions(f.deps)).decisions).toEqual([expect.objectContaining({ outcome: 'deferred' })]);
    f.sim.fill(entry.alpacaOrderId, 5, '133.70'); // 5 more fill while the cancel is pending
    f.sim.holdCancels(false);
    f.sim.confirmCancels();
    const done = await monitorOrders(f.deps);
    expect(done.adopted).toEqual([expect.objectContaining({ outcome: 'cancelled', message: expect.stringContaining('position of 25') })]);
    expect(await f.trade('NVDA')).toMatchObject({ status: 'POSITION', actualQty: 25 });
    const stops = (await f.orders(trade.id)).filter((o) => o.orderType === 'STOP_LOSS' && o.orderStatus === 'pending');
    expect(stops.reduce((sum, o) => sum + o.qty, 0)).toBe(25);
  });
});

describe('a decision may only act on its own ticker', () => {
  it('CANCEL for AAPL naming the MSFT trade is refused with the reason, and the MSFT entry keeps working', async () => {
    const msft = await placeMsft();
    await f.seedDecision('X-cancel', 'AAPL', { symbol: 'AAPL', primary_action: 'CANCEL' }, { existingTradeJournalId: msft.id });
    const result = await executeDecisions(f.deps);
    expect(result.decisions).toEqual([
      expect.objectContaining({
        outcome: 'refused',
        message: expect.stringContaining(`existing_trade_journal_id ${msft.id} is trade ${msft.tradeId} in MSFT, not AAPL`),
      }),
    ]);
    expect(await workingAtBroker()).toEqual([['MSFT', 'buy', 45, 'new']]);
    expect(await f.trade('MSFT')).toMatchObject({ status: 'ORDERED' });
    expect(await intents()).toEqual([]);
    expect((await f.audit('X-cancel')).map((a) => [a.action, a.outcome])).toEqual([['decision.refused', 'refused']]);
  });

  it('AMEND for AAPL naming the MSFT entry by existing_order_id is refused, nothing cancelled or placed', async () => {
    const msft = await placeMsft();
    const [entry] = await f.orders(msft.id);
    await f.seedDecision(
      'X-amend',
      'AAPL',
      newTradeDecision('AAPL', { limit_price: 180, stop_loss: { stop_price: 170 }, take_profit: { limit_price: 200 } }, 'AMEND'),
      {
        existingOrderId: entry.alpacaOrderId,
      },
    );
    const result = await executeDecisions(f.deps);
    expect(result.decisions).toEqual([
      expect.objectContaining({ outcome: 'refused', message: expect.stringContaining(`existing_order_id ${entry.alpacaOrderId}`) }),
    ]);
    expect(await workingAtBroker()).toEqual([['MSFT', 'buy', 45, 'new']]);
  });
});

describe("execute's CANCEL takes the trade's lock", () => {
  it('waits while the stream or the order monitor holds the trade, then acts on what they committed', async () => {
    const trade = await placeMsft();
    await f.seedDecision('M1-cancel', 'MSFT', { symbol: 'MSFT', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    const holder = f.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT pg_advisory_xact_lock(16016, $1)', [trade.id]);
    let finished = false;
    const running = executeDecisions(f.deps).then((r) => ((finished = true), r));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished).toBe(false);
    expect(await workingAtBroker()).toEqual([['MSFT', 'buy', 45, 'new']]);
    await holder.commitTransaction();
    await holder.release();
    expect((await running).decisions).toEqual([expect.objectContaining({ outcome: 'cancelled' })]);
  });
});
