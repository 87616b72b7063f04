import { Transient, type Broker } from '@trading-monitor/broker';
import { MAX_ATTEMPTS, clientOrderIdOf } from '@trading-monitor/domain';
import { AnalysisDecision, TradeAdjustment } from '@trading-monitor/persistence';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { executeDecisions } from './execute-decisions';

// Issue 22 items 4 and 6: a CANCEL or AMEND whose intent is recorded is finished, or handed to a
// person with an alarm, and a retry acts on the trade the intent names. Real PostgreSQL, the
// simulated broker with its strict default (asynchronous cancels).
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

const FIVE_MINUTES = 5 * 60_000;
const intents = () => f.dataSource.getRepository(TradeAdjustment).find({ order: { id: 'ASC' } });
const newEntryId = (analysisId: string) => clientOrderIdOf({ scopeId: analysisId, leg: 'entry', sequence: 1 });

async function placeNvda() {
  await f.seedDecision('N1', 'NVDA', newTradeDecision('NVDA'));
  await executeDecisions(f.deps);
  return f.trade('NVDA');
}

/** The simulator, except that the entry with this client_order_id meets a 429 while `limited` is true. */
function refusingEntry(inner: Broker, clientOrderId: string, state: { limited: boolean }): Broker {
  return new Proxy(inner, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === 'submitEntry')
        return (request: { clientOrderId: string }) =>
          state.limited && request.clientOrderId === clientOrderId
            ? Promise.reject(new Transient('rate limited (HTTP 429); retry later'))
            : (value as (r: unknown) => Promise<unknown>).call(target, request);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('scenario: the broker answers a recorded CANCEL with 503 for twenty minutes (issue 22 item 4)', () => {
  it('keeps the intent past the attempt limit, alarms, and cancels the entry once the broker answers', async () => {
    const trade = await placeNvda();
    await f.seedDecision('N1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    f.sim.failNextCancels(1_000);
    expect((await executeDecisions(f.deps)).decisions).toEqual([expect.objectContaining({ outcome: 'deferred' })]);

    // Every five minutes the order monitor runs the CANCEL again; every cancel is answered 503.
    const runs = [];
    for (let run = 0; run < MAX_ATTEMPTS + 1; run++) {
      f.clock.advance(FIVE_MINUTES);
      runs.push(await monitorOrders(f.deps));
    }
    expect(runs.map((r) => r.adopted.map((d) => d.outcome))).toEqual(runs.map(() => ['deferred']));
    expect(await intents()).toEqual([expect.objectContaining({ analysisDecisionId: 'N1-cancel', executed: false })]);
    expect((await f.decision('N1-cancel')).executed).not.toBe(true);
    // Past the limit a person is told, every run, that the entry may still fill.
    const last = runs[runs.length - 1];
    expect(last.alarms).toEqual([expect.stringContaining('CANCEL for NVDA')]);
    expect((await f.audit('N1-cancel')).some((a) => a.outcome === 'alarm')).toBe(true);

    f.sim.failNextCancels(0);
    f.clock.advance(FIVE_MINUTES);
    const done = await monitorOrders(f.deps);
    expect(done.adopted).toEqual([expect.objectContaining({ analysisId: 'N1-cancel', outcome: 'cancelled' })]);
    expect(await f.trade('NVDA')).toMatchObject({ id: trade.id, status: 'CANCELLED', exitReason: 'CANCELLED' });
    expect(await intents()).toEqual([expect.objectContaining({ executed: true })]);

    // The price then passes through the entry's limit: nothing fills into a trade the trader cancelled.
    f.sim.setPrice('NVDA', '130.00');
    await monitorOrders(f.deps);
    expect(await f.sim.listPositions()).toEqual([]);
  });

  it('alarms when the entry fills while the cancel keeps failing; the shares are protected', async () => {
    const trade = await placeNvda();
    await f.seedDecision('N1-cancel', 'NVDA', { symbol: 'NVDA', primary_action: 'CANCEL' }, { existingTradeJournalId: trade.id });
    f.sim.failNextCancels(1_000);
    await executeDecisions(f.deps);
    f.clock.advance(FIVE_MINUTES);
    await monitorOrders(f.deps);

    f.sim.setPrice('NVDA', '133.50'); // the limit buy fills while the cancel is still refused
    f.clock.advance(FIVE_MINUTES);
    await monitorOrders(f.deps); // the fill becomes a protected position
    f.clock.advance(FIVE_MINUTES);
    const run = await monitorOrders(f.deps);

    expect(run.adopted).toEqual([expect.objectContaining({ analysisId: 'N1-cancel', outcome: 'cancelled' })]);
    expect(run.alarms).toEqual([expect.stringContaining('45 shares had filled before the cancel took')]);
    expect(await f.trade('NVDA')).toMatchObject({ id: trade.id, status: 'POSITION', actualQty: 45 });
    const stops = (await f.sim.listOrders({ status: 'open' })).filter((o) => o.side === 'sell' && o.type === 'stop');
    expect(stops.reduce((sum, o) => sum + o.qty, 0)).toBe(45);
    expect((await f.audit('N1-cancel')).filter((a) => a.action === 'decision.cancelled').map((a) => a.outcome)).toEqual(['alarm']);
    expect(await intents()).toEqual([expect.objectContaining({ executed: true })]);
  });
});

describe('scenario: a retried AMEND with no ids, and a newer trade in the same ticker (issue 22 item 6)', () => {
  it('acts on the trade its intent recorded and leaves the newer trade working', async () => {
    const old = await placeNvda();
    await f.seedDecision('N1-amend', 'NVDA', newTradeDecision('NVDA', { limit_price: 132 }, 'AMEND')); // no existing_* ids
    const limit = { limited: true };
    const amending = f.depsWith(refusingEntry(f.sim, newEntryId('N1-amend'), limit));

    // The old entry is cancelled, the new one meets a 429: the AMEND waits, its intent recorded.
    expect((await executeDecisions(amending)).decisions).toEqual([expect.objectContaining({ analysisId: 'N1-amend', outcome: 'deferred' })]);
    await monitorOrders(amending); // the old trade ends AMENDED; the new entry is refused again
    expect(await f.trade('NVDA')).toMatchObject({ id: old.id, status: 'CANCELLED', exitReason: 'AMENDED' });

    // An analysis written earlier that morning is approved now: the next execute run takes it first.
    const decisions = f.dataSource.getRepository(AnalysisDecision);
    await f.seedDecision('N2', 'NVDA', newTradeDecision('NVDA', { qty: 10 }), { approve: false, dateTime: new Date(f.clock.now().getTime() - 86_400_000) });
    await decisions.update({ analysisId: 'N2' }, { approve: true });
    limit.limited = false;
    const run = await executeDecisions(f.deps);

    expect(run.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([
      ['N2', 'placed'],
      ['N1-amend', 'refused'],
    ]);
    const newer = await f.trade('NVDA');
    expect(newer).toMatchObject({ initialAnalysisId: 'N2', status: 'ORDERED', plannedQty: 10 });
    const working = (await f.sim.listOrders({ status: 'open' })).map((o) => [o.clientOrderId, o.qty]);
    expect(working).toEqual([[newEntryId('N2'), 10]]);
    expect(await intents()).toEqual([expect.objectContaining({ tradeJournalId: old.id, executed: true })]);
  });
});
