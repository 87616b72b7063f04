import { ManualClock, Price } from '@trading-monitor/domain';
import type { Broker, BrokerOrder, EntryOrderRequest } from '../broker';
import { Ambiguous, NotFound, Rejected, Transient, type RejectionReason } from '../broker-errors';
import { newYorkTime } from '../new-york-time';
import { ocoRequest, stopRequest } from './protection-requests';
import type { SimulatedBroker } from '../simulated/simulated-broker';

/** A broker under test and the simulated market behind it (driven through its control API). */
export interface BrokerContractFixture {
  broker: Broker;
  market: SimulatedBroker;
  close(): Promise<void>;
}

/** Monday 2026-11-23 10:00 New York: Thanksgiving week, with the holiday and the early close ahead. */
export const CONTRACT_START = newYorkTime('2026-11-23', '10:00');

const ny = newYorkTime;

/**
 * The expectations every Broker adapter meets, run against the simulated broker directly and
 * against AlpacaBroker over HTTP to the Alpaca-compatible test server. Both see the same market.
 */
export function describeBrokerContract(name: string, setup: (clock: ManualClock) => Promise<BrokerContractFixture>): void {
  describe(`Broker contract: ${name}`, () => {
    let clock: ManualClock;
    let fixture: BrokerContractFixture;
    let broker: Broker;
    let market: SimulatedBroker;

    beforeEach(async () => {
      clock = new ManualClock(CONTRACT_START);
      fixture = await setup(clock);
      ({ broker, market } = fixture);
      market.setPrices({ AAPL: '140.00', MSFT: '410.25' });
    });

    afterEach(async () => {
      await fixture.close();
    });

    const limitBuy = (clientOrderId: string, limit: string, overrides: Partial<EntryOrderRequest> = {}): EntryOrderRequest => ({
      symbol: 'AAPL',
      side: 'buy',
      qty: 45,
      type: 'limit',
      limitPrice: Price.of(limit),
      timeInForce: 'day',
      clientOrderId,
      ...overrides,
    });

    /** 45 AAPL bought at the market (140.00). */
    async function openLong(qty = 45): Promise<BrokerOrder> {
      const entry = await broker.submitEntry({ symbol: 'AAPL', side: 'buy', qty, type: 'market', timeInForce: 'day', clientOrderId: 'long-entry' });
      return broker.getOrder(entry.id);
    }

    async function refusalOf(call: Promise<unknown>): Promise<Rejected> {
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Rejected);
      return error as Rejected;
    }

    async function expectRefused(call: Promise<unknown>, reason: RejectionReason, httpStatus: number): Promise<Rejected> {
      const error = await refusalOf(call);
      expect({ reason: error.reason, httpStatus: error.httpStatus }).toEqual({ reason, httpStatus });
      return error;
    }

    const price = (value: Price | null | undefined) => value?.toString() ?? null;

    describe('entries', () => {
      it('submits a limit entry and finds it by id, by client_order_id and in the open list', async () => {
        const order = await broker.submitEntry(limitBuy('entry-1', '133.80'));
        expect(order).toMatchObject({
          clientOrderId: 'entry-1',
          symbol: 'AAPL',
          side: 'buy',
          type: 'limit',
          orderClass: 'simple',
          timeInForce: 'day',
          qty: 45,
          filledQty: 0,
          filledAvgPrice: null,
          stopPrice: null,
          status: 'new',
          parentId: null,
          replacedBy: null,
          filledAt: null,
          canceledAt: null,
          expiredAt: null,
        });
        expect(price(order.limitPrice)).toBe('133.80');
        expect(order.submittedAt).toEqual(CONTRACT_START);

        expect(await broker.getOrder(order.id)).toEqual(order);
        expect(await broker.getOrderByClientId('entry-1')).toEqual(order);
        expect((await broker.listOrders({ status: 'open' })).map((o) => o.id)).toEqual([order.id]);
        expect(await broker.listOrders({ status: 'closed' })).toEqual([]);
      });

      it('fills a limit entry when the price crosses it, at the market price', async () => {
        const order = await broker.submitEntry(limitBuy('entry-1', '133.80'));
        market.setPrice('AAPL', '135.00');
        expect((await broker.getOrder(order.id)).status).toBe('new');

        clock.advance(60_000);
        market.setPrice('AAPL', '133.50');
        const filled = await broker.getOrder(order.id);
        expect(filled).toMatchObject({ status: 'filled', filledQty: 45, filledAt: clock.now() });
        expect(price(filled.filledAvgPrice)).toBe('133.50');
        const [position] = await broker.listPositions();
        expect({ ...position, avgEntryPrice: price(position.avgEntryPrice), currentPrice: price(position.currentPrice) }).toEqual({
          symbol: 'AAPL',
          qty: 45,
          side: 'long',
          avgEntryPrice: '133.50',
          currentPrice: '133.50',
        });
      });

      it('shows a partial fill as a running filled quantity and average price', async () => {
        const order = await broker.submitEntry(limitBuy('entry-1', '133.80'));
        market.fill(order.id, 20, '133.80');
        const partial = await broker.getOrder(order.id);
        expect({ status: partial.status, filledQty: partial.filledQty, avg: price(partial.filledAvgPrice), filledAt: partial.filledAt }).toEqual({
          status: 'partially_filled',
          filledQty: 20,
          avg: '133.80',
          filledAt: null,
        });
        market.fill(order.id, 25, '133.50');
        const filled = await broker.getOrder(order.id);
        expect({ status: filled.status, filledQty: filled.filledQty, avg: price(filled.filledAvgPrice) }).toEqual({
          status: 'filled',
          filledQty: 45,
          avg: '133.6333',
        });
      });

      it('queues a market order sent while the market is closed and fills it at the open', async () => {
        clock.set(ny('2026-11-24', '08:00'));
        const order = await broker.submitEntry({ symbol: 'AAPL', side: 'buy', qty: 10, type: 'market', timeInForce: 'day', clientOrderId: 'pre-open' });
        expect(order.status).toBe('accepted');
        market.setPrice('AAPL', '141.00');
        expect((await broker.getOrder(order.id)).status).toBe('accepted');

        clock.set(ny('2026-11-24', '09:31'));
        const filled = await broker.getOrder(order.id);
        expect({ status: filled.status, avg: price(filled.filledAvgPrice), filledAt: filled.filledAt }).toEqual({
          status: 'filled',
          avg: '141.00',
          filledAt: ny('2026-11-24', '09:30'),
        });
      });

      it('refuses a second order with the same client_order_id', async () => {
        await broker.submitEntry(limitBuy('same-id', '133.80'));
        const error = await expectRefused(broker.submitEntry(limitBuy('same-id', '120.00')), 'duplicate_client_order_id', 422);
        expect(error.brokerMessage).toBe('client_order_id must be unique');
        expect(await broker.listOrders({ status: 'all' })).toHaveLength(1);
      });

      it('refuses a sub-penny price', async () => {
        const error = await expectRefused(broker.submitEntry(limitBuy('sub-penny', '133.801')), 'sub_penny_increment', 422);
        expect(error.brokerMessage).toContain('sub-penny increment does not fulfill minimum pricing criteria');
      });

      it('lists orders submitted after a time, and by symbol', async () => {
        const first = await broker.submitEntry(limitBuy('first', '130.00'));
        clock.advance(60_000);
        const second = await broker.submitEntry({ ...limitBuy('second', '400.00'), symbol: 'MSFT', qty: 5 });
        expect((await broker.listOrders({ status: 'all', after: CONTRACT_START })).map((o) => o.id)).toEqual([second.id]);
        expect((await broker.listOrders({ status: 'all', symbols: ['AAPL'] })).map((o) => o.id)).toEqual([first.id]);
        expect((await broker.listOrders({ status: 'open' })).map((o) => o.id)).toEqual([first.id, second.id]);
      });
    });

    describe('day orders', () => {
      it('expire at the close', async () => {
        const day = await broker.submitEntry(limitBuy('day-entry', '130.00'));
        const gtc = await broker.submitEntry(limitBuy('gtc-entry', '129.00', { timeInForce: 'gtc', qty: 5 }));
        clock.set(ny('2026-11-23', '15:59'));
        expect((await broker.getOrder(day.id)).status).toBe('new');

        clock.set(ny('2026-11-23', '16:00'));
        const expired = await broker.getOrder(day.id);
        expect({ status: expired.status, expiredAt: expired.expiredAt }).toEqual({ status: 'expired', expiredAt: ny('2026-11-23', '16:00') });
        expect((await broker.getOrder(gtc.id)).status).toBe('new');
      });

      it('expire at 13:00 on an early-close day, keeping a partial fill', async () => {
        clock.set(ny('2026-11-27', '10:00'));
        const order = await broker.submitEntry(limitBuy('early-close', '130.00'));
        market.fill(order.id, 20, '130.00');
        clock.set(ny('2026-11-27', '13:00'));
        const expired = await broker.getOrder(order.id);
        expect({ status: expired.status, filledQty: expired.filledQty, expiredAt: expired.expiredAt }).toEqual({
          status: 'expired',
          filledQty: 20,
          expiredAt: ny('2026-11-27', '13:00'),
        });
        expect((await broker.listPositions()).map((p) => [p.symbol, p.qty])).toEqual([['AAPL', 20]]);
      });
    });

    describe('cancel and replace', () => {
      it('cancels an open order: accepted at once, pending_cancel until the venue confirms it', async () => {
        const order = await broker.submitEntry(limitBuy('to-cancel', '130.00'));
        clock.advance(1000);
        await broker.cancelOrder(order.id);
        expect(await broker.getOrder(order.id)).toMatchObject({ status: 'pending_cancel', canceledAt: null });
        expect(await broker.getOrder(order.id)).toMatchObject({ status: 'canceled', canceledAt: clock.now() });
      });

      it('lets an order pending cancel still fill: the fill is what happened', async () => {
        const order = await broker.submitEntry(limitBuy('cancel-loses', '139.00'));
        market.holdCancels();
        await broker.cancelOrder(order.id);
        await broker.cancelOrder(order.id); // asking again changes nothing
        expect((await broker.listOrders({ status: 'open' })).map((o) => [o.id, o.status])).toEqual([[order.id, 'pending_cancel']]);
        market.setPrice('AAPL', '138.50');
        market.confirmCancels();
        const filled = await broker.getOrder(order.id);
        expect({ status: filled.status, filledQty: filled.filledQty, avg: price(filled.filledAvgPrice) }).toEqual({
          status: 'filled',
          filledQty: 45,
          avg: '138.50',
        });
        expect((await broker.listPositions()).map((p) => [p.symbol, p.qty])).toEqual([['AAPL', 45]]);
      });

      it('keeps a partial fill made while the cancel was pending, and cancels the rest', async () => {
        const order = await broker.submitEntry(limitBuy('partly', '139.00'));
        market.fill(order.id, 20, '139.00');
        market.holdCancels();
        await broker.cancelOrder(order.id);
        market.fill(order.id, 5, '138.90');
        expect(await broker.getOrder(order.id)).toMatchObject({ status: 'pending_cancel', filledQty: 25 });
        market.holdCancels(false);
        market.confirmCancels();
        expect(await broker.getOrder(order.id)).toMatchObject({ status: 'canceled', filledQty: 25 });
        expect((await broker.listPositions()).map((p) => [p.symbol, p.qty])).toEqual([['AAPL', 25]]);
      });

      it('cancels both legs of an OCO through pending_cancel', async () => {
        await openLong();
        const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco-cancel'));
        await broker.cancelOrder(takeProfit.id);
        expect((await broker.getOrder(stop.id)).status).toBe('pending_cancel');
        expect([(await broker.getOrder(takeProfit.id)).status, (await broker.getOrder(stop.id)).status]).toEqual(['canceled', 'canceled']);
      });

      it('refuses to cancel a filled order', async () => {
        const entry = await openLong();
        expect(entry.status).toBe('filled');
        const error = await expectRefused(broker.cancelOrder(entry.id), 'not_cancelable', 422);
        expect(error.brokerMessage).toContain('filled');
      });

      it('replaces an open order: the old one is replaced, the new one carries the change', async () => {
        const order = await broker.submitEntry(limitBuy('to-replace', '130.00'));
        clock.advance(1000);
        const replacement = await broker.replaceOrder(order.id, { limitPrice: Price.of('131.00'), clientOrderId: 'replacement' });
        expect(replacement).toMatchObject({ clientOrderId: 'replacement', qty: 45, status: 'new', submittedAt: clock.now() });
        expect(price(replacement.limitPrice)).toBe('131.00');
        expect(await broker.getOrder(order.id)).toMatchObject({ status: 'replaced', replacedBy: replacement.id });
      });
    });

    describe('unknown ids', () => {
      const unknown = '00000000-0000-4000-8000-00000000abcd';
      it.each([
        ['getOrder', (b: Broker) => b.getOrder(unknown)],
        ['getOrderByClientId', (b: Broker) => b.getOrderByClientId('never-sent')],
        ['cancelOrder', (b: Broker) => b.cancelOrder(unknown)],
        ['replaceOrder', (b: Broker) => b.replaceOrder(unknown, { limitPrice: Price.of('1.00') })],
        ['closePosition', (b: Broker) => b.closePosition('NOPE')],
      ])('%s answers NotFound', async (_name, call) => {
        await expect(call(broker)).rejects.toBeInstanceOf(NotFound);
      });
    });

    describe('protection', () => {
      it('puts a stop on a position; a gap through the stop fills at the gap price', async () => {
        await openLong();
        const [stop] = await broker.submitProtection(stopRequest('stop-1', '124.00'));
        expect(stop).toMatchObject({ type: 'stop', side: 'sell', qty: 45, status: 'new', orderClass: 'simple', timeInForce: 'gtc' });
        expect(price(stop.stopPrice)).toBe('124.00');

        market.setPrice('AAPL', '130.00');
        expect((await broker.getOrder(stop.id)).status).toBe('new');
        market.setPrice('AAPL', '120.00');
        const filled = await broker.getOrder(stop.id);
        expect({ status: filled.status, avg: price(filled.filledAvgPrice) }).toEqual({ status: 'filled', avg: '120.00' });
        expect(await broker.listPositions()).toEqual([]);
      });

      it('puts an OCO on a position: take-profit leg first, stop leg held under it, both listed', async () => {
        await openLong();
        const legs = await broker.submitProtection(ocoRequest('oco-1'));
        const [takeProfit, stop] = legs;
        expect(takeProfit).toMatchObject({ clientOrderId: 'oco-1', type: 'limit', orderClass: 'oco', status: 'new', parentId: null, qty: 45 });
        expect(stop).toMatchObject({ type: 'stop', orderClass: 'oco', status: 'held', parentId: takeProfit.id, qty: 45, side: 'sell' });
        expect([price(takeProfit.limitPrice), price(stop.stopPrice)]).toEqual(['150.00', '130.00']);
        expect((await broker.listOrders({ status: 'open' })).map((o) => [o.id, o.parentId])).toEqual([
          [takeProfit.id, null],
          [stop.id, takeProfit.id],
        ]);
      });

      it("cancels an OCO's stop leg when the take-profit leg fills", async () => {
        await openLong();
        const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco-1'));
        market.setPrice('AAPL', '150.50');
        const filled = await broker.getOrder(takeProfit.id);
        expect({ status: filled.status, avg: price(filled.filledAvgPrice) }).toEqual({ status: 'filled', avg: '150.50' });
        expect((await broker.getOrder(stop.id)).status).toBe('canceled');
        expect(await broker.listPositions()).toEqual([]);
      });

      it("cancels an OCO's take-profit leg when the stop leg fills", async () => {
        await openLong();
        const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco-1'));
        market.setPrice('AAPL', '129.00');
        expect((await broker.getOrder(stop.id)).status).toBe('filled');
        expect((await broker.getOrder(takeProfit.id)).status).toBe('canceled');
      });

      it('refuses a second, separate sell for shares an open stop already holds', async () => {
        await openLong();
        await broker.submitProtection(stopRequest('stop-1', '124.00'));
        const takeProfit = broker.submitEntry({ ...limitBuy('tp-1', '150.00'), side: 'sell', timeInForce: 'gtc' });
        const error = await expectRefused(takeProfit, 'insufficient_qty', 403);
        expect(error.brokerMessage).toBe('insufficient qty available for order (requested: 45, available: 0)');
        await expectRefused(broker.submitProtection(stopRequest('stop-2', '125.00')), 'insufficient_qty', 403);
      });

      it('refuses a plain stop against an open opposite entry as a wash trade, but takes an OCO', async () => {
        const entry = await broker.submitEntry(limitBuy('entry-1', '139.00'));
        market.fill(entry.id, 20, '139.00');
        const stop = broker.submitProtection(stopRequest('stop-1', '130.00', { qty: 20 }));
        const error = await expectRefused(stop, 'wash_trade', 403);
        expect(error.brokerMessage).toBe('potential wash trade detected. use complex orders');
        const oco = await broker.submitProtection(ocoRequest('oco-1', { qty: 20 }));
        expect(oco.map((o) => o.status)).toEqual(['new', 'held']);
      });

      it('refuses a sell limit at or below an open buy limit as a wash trade', async () => {
        await broker.submitEntry(limitBuy('buy-1', '130.00'));
        await expectRefused(broker.submitEntry({ ...limitBuy('sell-1', '130.00'), side: 'sell' }), 'wash_trade', 403);
        const above = await broker.submitEntry({ ...limitBuy('sell-2', '150.00'), side: 'sell' });
        expect(above.status).toBe('new');
      });

      it('holds the exit legs of a bracket entry until the entry fills', async () => {
        const entry = await broker.submitEntry({
          ...limitBuy('bracket-1', '139.00'),
          timeInForce: 'gtc',
          attached: { stopPrice: Price.of('130.00'), takeProfitPrice: Price.of('150.00') },
        });
        expect(entry.orderClass).toBe('bracket');
        const listed = await broker.listOrders({ status: 'open' });
        expect(listed.map((o) => [o.type, o.status, o.parentId])).toEqual([
          ['limit', 'new', null],
          ['limit', 'held', entry.id],
          ['stop', 'held', entry.id],
        ]);
        market.setPrice('AAPL', '138.50');
        const [, takeProfit, stop] = await broker.listOrders({ status: 'all' });
        expect([takeProfit.status, stop.status]).toEqual(['new', 'held']);
        market.setPrice('AAPL', '151.00');
        expect((await broker.getOrder(takeProfit.id)).status).toBe('filled');
        expect((await broker.getOrder(stop.id)).status).toBe('canceled');
      });
    });

    describe('stops the market is already through (Alpaca-API issue 166)', () => {
      const stop = (stopPrice: string, overrides: Partial<{ side: 'buy' | 'sell'; clientOrderId: string }> = {}) =>
        broker.submitProtection(stopRequest(overrides.clientOrderId ?? 'stop-through', stopPrice, { side: overrides.side }));

      it('refuses a sell stop at or above the market less a cent, and takes one below it', async () => {
        await openLong();
        market.setPrice('AAPL', '120.00');
        for (const refused of ['124.00', '120.00', '119.99']) {
          const error = await expectRefused(stop(refused), 'stop_through_market', 422);
          expect(error.brokerMessage).toBe('stop price must be less than base_price - 0.01');
        }
        await expect(broker.getOrderByClientId('stop-through')).rejects.toBeInstanceOf(NotFound);
        expect((await stop('119.98'))[0].status).toBe('new');
      });

      it('refuses an OCO whose stop leg is through the market, creating neither leg', async () => {
        await openLong();
        market.setPrice('AAPL', '125.00');
        const oco = broker.submitProtection(ocoRequest('oco-through'));
        const error = await expectRefused(oco, 'stop_through_market', 422);
        expect(error.brokerMessage).toContain('base_price');
        expect(await broker.listOrders({ status: 'open' })).toEqual([]);
      });

      it('refuses a buy stop (protecting a short) at or below the market plus a cent', async () => {
        const short = await broker.submitEntry({ symbol: 'AAPL', side: 'sell', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'short-entry' });
        expect((await broker.getOrder(short.id)).status).toBe('filled');
        market.setPrice('AAPL', '150.00');
        const error = await expectRefused(stop('148.00', { side: 'buy' }), 'stop_through_market', 422);
        expect(error.brokerMessage).toBe('stop price must be greater than base_price + 0.01');
        expect((await stop('150.02', { side: 'buy', clientOrderId: 'stop-above' }))[0].status).toBe('new');
      });
    });

    describe('orders replaced at the broker', () => {
      it('links a replaced order and its replacement both ways (replaced_by, replaces)', async () => {
        await openLong();
        const [placed] = await broker.submitProtection(stopRequest('stop-1', '124.00'));
        clock.advance(1000);
        // What an edit in the dashboard does: the product never asked for it.
        const edited = await market.replaceOrder(placed.id, { stopPrice: Price.of('126.00') });
        expect(await broker.getOrder(placed.id)).toMatchObject({ status: 'replaced', replacedBy: edited.id, replaces: null });
        const replacement = await broker.getOrder(edited.id);
        expect(replacement).toMatchObject({ status: 'new', replaces: placed.id, replacedBy: null, qty: 45, type: 'stop' });
        expect(price(replacement.stopPrice)).toBe('126.00');
      });
    });

    describe('stock splits (a corporate action)', () => {
      it('a 2-for-1 split doubles the position at half the price and replaces its open OCO by an adjusted one', async () => {
        await openLong();
        const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco-1', { stopPrice: '124.00' }));
        clock.advance(1000);
        market.applySplit('AAPL', 2);

        const [position] = await broker.listPositions();
        expect({ qty: position.qty, avg: price(position.avgEntryPrice) }).toEqual({ qty: 90, avg: '70.00' });
        expect(price((await broker.latestPrices(['AAPL'])).get('AAPL'))).toBe('70.00');
        const oldTakeProfit = await broker.getOrder(takeProfit.id);
        expect(oldTakeProfit.status).toBe('replaced');
        const open = await broker.listOrders({ status: 'open' });
        expect(open.map((o) => [o.type, o.qty, price(o.limitPrice ?? o.stopPrice), o.replaces])).toEqual([
          ['limit', 90, '75.00', takeProfit.id],
          ['stop', 90, '62.00', stop.id],
        ]);
        expect(open[0].id).toBe(oldTakeProfit.replacedBy);
        expect(open[1].parentId).toBe(open[0].id);
        expect((await broker.getOrder(stop.id)).replacedBy).toBe(open[1].id);
      });

      it('a 1-for-10 reverse split divides the position, pays the fraction in cash and keeps the cost', async () => {
        await openLong();
        market.applySplit('AAPL', '0.1');
        const [position] = await broker.listPositions();
        expect({ qty: position.qty, avg: price(position.avgEntryPrice) }).toEqual({ qty: 4, avg: '1400.00' });
        expect(price((await broker.latestPrices(['AAPL'])).get('AAPL'))).toBe('1400.00');
      });
    });

    describe('positions', () => {
      it('closes a position with a market order after cancelling its open orders', async () => {
        await openLong();
        const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco-1'));
        market.setPrice('AAPL', '141.20');
        const close = await broker.closePosition('AAPL', { clientOrderId: 'close-1' });
        expect(close).toMatchObject({ clientOrderId: 'close-1', side: 'sell', qty: 45, type: 'market' });
        const closed = await broker.getOrder(close.id);
        expect({ status: closed.status, avg: price(closed.filledAvgPrice) }).toEqual({ status: 'filled', avg: '141.20' });
        expect(await broker.listPositions()).toEqual([]);
        expect([(await broker.getOrder(takeProfit.id)).status, (await broker.getOrder(stop.id)).status]).toEqual(['canceled', 'canceled']);
      });

      it('shows a position closed by hand as gone, with a filled order the product did not place', async () => {
        await openLong();
        const manual = market.closePositionByHand('AAPL', '138.10');
        expect(await broker.listPositions()).toEqual([]);
        const found = (await broker.listOrders({ status: 'closed' })).find((o) => o.id === manual.id);
        expect(found).toMatchObject({ side: 'sell', qty: 45, type: 'market', status: 'filled' });
        expect(price(found?.filledAvgPrice)).toBe('138.10');
      });
    });

    describe('the venue between two calls (issue 22: as hard as Alpaca)', () => {
      const stopFor = (clientOrderId: string, stopPrice = '130.00') => broker.submitProtection(stopRequest(clientOrderId, stopPrice));

      it('lets an entry fill more between the read of the order and the read of the positions', async () => {
        const entry = await broker.submitEntry(limitBuy('entry-between', '133.80'));
        market.fill(entry.id, 20, '133.80');
        expect((await broker.getOrder(entry.id)).filledQty).toBe(20);
        market.fillBeforeNextCall(entry.id, undefined, 'listPositions', '133.80');

        expect((await broker.listPositions()).map((p) => [p.symbol, p.qty])).toEqual([['AAPL', 45]]);
        expect(await broker.getOrder(entry.id)).toMatchObject({ status: 'filled', filledQty: 45 });
      });

      it('closes as cancel-then-sell: a stop placed between the two holds the shares and the sell is refused', async () => {
        await openLong();
        await stopFor('stop-before-close');
        market.interleave(async ({ call, clientOrderId }) => {
          if (call === 'submitOrder' && clientOrderId === 'close-raced') {
            await market.submitOrder({
              symbol: 'AAPL',
              side: 'sell',
              qty: 45,
              type: 'stop',
              stopPrice: Price.of('131.00'),
              timeInForce: 'gtc',
              clientOrderId: 'stop-re-placed',
            });
          }
        });

        const refusal = await expectRefused(broker.closePosition('AAPL', { clientOrderId: 'close-raced' }), 'insufficient_qty', 403);
        expect(refusal.brokerMessage).toBe('insufficient qty available for order (requested: 45, available: 0)');
        expect((await broker.listPositions()).map((p) => p.qty)).toEqual([45]);
        expect((await broker.listOrders({ status: 'open' })).map((o) => [o.clientOrderId, o.type])).toEqual([['stop-re-placed', 'stop']]);
      });

      it('refuses a sell while a stop holds the shares', async () => {
        await openLong();
        await stopFor('stop-holding');
        await expectRefused(
          broker.submitEntry({ symbol: 'AAPL', side: 'sell', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'sell-held' }),
          'insufficient_qty',
          403,
        );
      });

      it('does not trigger a stop outside regular trading hours: it fills at the open, at the opening price', async () => {
        await openLong();
        const [stop] = await stopFor('stop-overnight');
        clock.set(ny('2026-11-23', '18:00'));
        market.setPrice('AAPL', '121.00'); // an after-hours print below the stop
        expect((await broker.getOrder(stop.id)).status).toBe('new');
        expect((await broker.listPositions()).map((p) => p.qty)).toEqual([45]);

        market.setPrice('AAPL', '128.50');
        clock.set(ny('2026-11-24', '09:31'));
        const filled = await broker.getOrder(stop.id);
        expect({ status: filled.status, avg: price(filled.filledAvgPrice) }).toEqual({ status: 'filled', avg: '128.50' });
      });

      it.each([
        ['pattern_day_trading', 403, 'trade denied due to pattern day trading protection'],
        ['insufficient_buying_power', 403, 'insufficient buying power'],
      ] as const)('refuses a remedy order: %s (HTTP %i)', async (reason, httpStatus, message) => {
        await openLong();
        market.refuseNextOrder('tm-exit-', reason);
        const sell = { symbol: 'AAPL', side: 'sell', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'tm-exit-1-T' } as const;
        const refusal = await expectRefused(broker.submitEntry(sell), reason, httpStatus);
        expect(refusal.brokerMessage).toBe(message);
        expect(await broker.submitEntry(sell)).toMatchObject({ clientOrderId: 'tm-exit-1-T', status: 'filled' });
      });

      // A 5xx after a POST may hide an order that was created: the adapter says Ambiguous, the simulator Transient.
      it.each([
        ['rate_limited', ['transient']],
        ['outage', ['transient', 'ambiguous']],
      ] as const)('fails a remedy order when the broker answers %s, creating nothing', async (answer, kinds) => {
        await openLong();
        market.refuseNextOrder('tm-exit-', answer, 5); // more than the adapter's own retries
        const sell = { symbol: 'AAPL', side: 'sell', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'tm-exit-1-T' } as const;
        const error = await broker.submitEntry(sell).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(kinds).toContain((error as Transient | Ambiguous | undefined)?.kind);
        market.clearFaults();
        await expect(broker.getOrderByClientId('tm-exit-1-T')).rejects.toBeInstanceOf(NotFound);
      });
    });

    describe('ambiguous submits', () => {
      it('are resolved by client_order_id without a second order', async () => {
        market.timeoutAfterAcceptNext();
        const error = await broker.submitEntry(limitBuy('lost-answer', '133.80')).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(Ambiguous);
        expect((error as Ambiguous).clientOrderId).toBe('lost-answer');

        const resolved = await broker.getOrderByClientId('lost-answer');
        expect(resolved).toMatchObject({ clientOrderId: 'lost-answer', status: 'new', qty: 45 });
        await expectRefused(broker.submitEntry(limitBuy('lost-answer', '133.80')), 'duplicate_client_order_id', 422);
        expect((await broker.listOrders({ status: 'all' })).map((o) => o.clientOrderId)).toEqual(['lost-answer']);
      });
    });

    describe('transient failures', () => {
      it('reports a rate-limited submit as Transient, with nothing created', async () => {
        market.rateLimitNext(1);
        await expect(broker.submitEntry(limitBuy('rate-limited', '133.80'))).rejects.toBeInstanceOf(Transient);
        await expect(broker.getOrderByClientId('rate-limited')).rejects.toBeInstanceOf(NotFound);
        expect((await broker.submitEntry(limitBuy('rate-limited', '133.80'))).status).toBe('new');
      });
    });

    describe('market data and calendar', () => {
      it('gives the latest prices of many symbols in one call, exactly', async () => {
        const prices = await broker.latestPrices(['AAPL', 'MSFT', 'ZZZZ']);
        expect(Object.fromEntries([...prices].map(([s, p]) => [s, p.toString()]))).toEqual({ AAPL: '140.00', MSFT: '410.25' });
      });

      it('gives the calendar with the Thanksgiving holiday and the early close', async () => {
        const days = await broker.getCalendar('2026-11-23', '2026-11-30');
        expect(days.map((d) => [d.date, d.open.toISOString(), d.close.toISOString()])).toEqual([
          ['2026-11-23', '2026-11-23T14:30:00.000Z', '2026-11-23T21:00:00.000Z'],
          ['2026-11-24', '2026-11-24T14:30:00.000Z', '2026-11-24T21:00:00.000Z'],
          ['2026-11-25', '2026-11-25T14:30:00.000Z', '2026-11-25T21:00:00.000Z'],
          ['2026-11-27', '2026-11-27T14:30:00.000Z', '2026-11-27T18:00:00.000Z'],
          ['2026-11-30', '2026-11-30T14:30:00.000Z', '2026-11-30T21:00:00.000Z'],
        ]);
      });

      it('keeps sessions at 09:30 New York across the daylight-saving change', async () => {
        const days = await broker.getCalendar('2026-03-06', '2026-03-09');
        expect(days.map((d) => [d.date, d.open.toISOString()])).toEqual([
          ['2026-03-06', '2026-03-06T14:30:00.000Z'],
          ['2026-03-09', '2026-03-09T13:30:00.000Z'],
        ]);
      });

      it('gives the clock: closed over the holiday, opening for the short Friday', async () => {
        clock.set(ny('2026-11-25', '17:00'));
        expect(await broker.getClock()).toEqual({
          timestamp: ny('2026-11-25', '17:00'),
          isOpen: false,
          nextOpen: ny('2026-11-27', '09:30'),
          nextClose: ny('2026-11-27', '13:00'),
        });
        clock.set(ny('2026-11-27', '12:00'));
        expect(await broker.getClock()).toEqual({
          timestamp: ny('2026-11-27', '12:00'),
          isOpen: true,
          nextOpen: ny('2026-11-30', '09:30'),
          nextClose: ny('2026-11-27', '13:00'),
        });
      });
    });
  });
}
