import { ManualClock, Price } from '@trading-monitor/domain';
import type { EntryOrderRequest } from '../broker';
import { Ambiguous, Rejected, Transient, type RejectionReason } from '../broker-errors';
import { sampleRefusal } from '../alpaca/alpaca-refusals';
import { newYorkTime as ny } from '../new-york-time';
import { SimulatedBroker } from './simulated-broker';
import { ocoRequest, stopRequest } from '../contract/protection-requests';

const MONDAY_10AM = ny('2026-11-23', '10:00');

function setup(start = MONDAY_10AM) {
  const clock = new ManualClock(start);
  const broker = new SimulatedBroker({ clock });
  broker.setPrices({ AAPL: '140.00' });
  return { clock, broker };
}

const buy = (clientOrderId: string, overrides: Partial<EntryOrderRequest> = {}): EntryOrderRequest => ({
  symbol: 'AAPL',
  side: 'buy',
  qty: 45,
  type: 'limit',
  limitPrice: Price.of('133.80'),
  timeInForce: 'day',
  clientOrderId,
  ...overrides,
});

async function caught(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function openLong(broker: SimulatedBroker, qty = 45) {
  return broker.submitEntry(buy('long', { qty, type: 'market', limitPrice: undefined }));
}

describe('SimulatedBroker', () => {
  describe('ids', () => {
    it('are deterministic and UUID-shaped', async () => {
      const { broker } = setup();
      const order = await broker.submitEntry(buy('a'));
      expect(order.id).toBe('51a00000-0000-4000-8000-000000000001');
      expect(order.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });

  describe('prices', () => {
    it('plays a script of ticks, one per step, and fills a stop on the tick that reaches it', async () => {
      const { broker } = setup();
      await openLong(broker);
      const [stop] = await broker.submitProtection(stopRequest('stop', '132.00'));
      broker.scriptPrices('AAPL', ['139.00', '135.00', '131.00']);
      expect(broker.step().get('AAPL')?.toString()).toBe('139.00');
      broker.step();
      expect((await broker.getOrder(stop.id)).status).toBe('new');
      broker.step();
      const filled = await broker.getOrder(stop.id);
      expect([filled.status, filled.filledAvgPrice?.toString()]).toEqual(['filled', '131.00']);
      expect(broker.step().get('AAPL')?.toString()).toBe('131.00');
    });

    it('walks randomly in whole cents, the same way for the same seed', () => {
      const path = (seed: number) => {
        const { broker } = setup();
        broker.randomWalk('MSFT', { seed, start: '410.25', maxStepCents: 50 });
        return Array.from({ length: 20 }, () => broker.step().get('MSFT')?.toString());
      };
      expect(path(7)).toEqual(path(7));
      expect(path(7)).not.toEqual(path(8));
      for (const price of path(7)) expect(price).toMatch(/^\d+\.\d{2}$/);
    });

    it('does not fill while the market is closed, then fills at the open at the price of that moment', async () => {
      const { broker, clock } = setup();
      const order = await broker.submitEntry(buy('gtc', { timeInForce: 'gtc' }));
      clock.set(ny('2026-11-23', '18:00'));
      broker.setPrice('AAPL', '130.00');
      expect((await broker.getOrder(order.id)).status).toBe('new');
      clock.set(ny('2026-11-24', '09:45'));
      const filled = await broker.getOrder(order.id);
      expect([filled.status, filled.filledAvgPrice?.toString(), filled.filledAt]).toEqual(['filled', '130.00', ny('2026-11-24', '09:30')]);
    });
  });

  describe('partial fills', () => {
    it('fills at most the liquidity per match', async () => {
      const { broker } = setup();
      broker.setLiquidity('AAPL', 20);
      const order = await broker.submitEntry(buy('capped', { type: 'market', limitPrice: undefined }));
      expect([order.status, order.filledQty]).toEqual(['partially_filled', 20]);
      broker.setPrice('AAPL', '140.10');
      broker.setPrice('AAPL', '140.20');
      const filled = await broker.getOrder(order.id);
      expect([filled.status, filled.filledQty, filled.filledAvgPrice?.toString()]).toEqual(['filled', 45, '140.0667']);
    });

    it('refuses to fill more than remains, or an order that is done', async () => {
      const { broker } = setup();
      const order = await broker.submitEntry(buy('a'));
      expect(() => broker.fill(order.id, 46)).toThrow(RangeError);
      broker.fill(order.id);
      expect(() => broker.fill(order.id, 1)).toThrow(/filled/);
    });
  });

  describe('reservation', () => {
    it('counts an OCO once for both legs', async () => {
      const { broker } = setup();
      await openLong(broker);
      const [takeProfit] = await broker.submitProtection(ocoRequest('oco'));
      const error = await caught(broker.submitEntry(buy('one-more', { side: 'sell', qty: 1, limitPrice: Price.of('155.00') })));
      expect(error).toMatchObject({ reason: 'insufficient_qty', brokerMessage: 'insufficient qty available for order (requested: 1, available: 0)' });
      await broker.cancelOrder(takeProfit.id);
      broker.confirmCancels(); // the venue confirms (cancels are asynchronous)
      const stop = await broker.submitProtection(stopRequest('stop', '130.00'));
      expect(stop[0].status).toBe('new');
    });

    it('reserves only what is unfilled, and refuses an exit larger than the position', async () => {
      const { broker } = setup();
      await openLong(broker);
      await broker.submitProtection(stopRequest('stop', '130.00', { qty: 20 }));
      await broker.submitEntry(buy('tp', { side: 'sell', qty: 25, limitPrice: Price.of('150.00') }));
      expect(await caught(broker.submitEntry(buy('more', { side: 'sell', qty: 1, limitPrice: Price.of('151.00') })))).toMatchObject({
        brokerMessage: 'insufficient qty available for order (requested: 1, available: 0)',
      });
      const { broker: other } = setup();
      await openLong(other);
      expect(await caught(other.submitEntry(buy('too-many', { side: 'sell', qty: 50, limitPrice: Price.of('150.00') })))).toMatchObject({
        brokerMessage: 'insufficient qty available for order (requested: 50, available: 45)',
      });
    });

    it('refuses an OCO with no position to protect', async () => {
      const { broker } = setup();
      const error = await caught(broker.submitProtection(ocoRequest('oco')));
      expect(error).toMatchObject({ reason: 'insufficient_qty' });
    });
  });

  describe('buying power', () => {
    it('refuses a buy the cash cannot pay, counting open buys', async () => {
      const { broker } = setup();
      broker.setCash('10000');
      await broker.submitEntry(buy('first', { qty: 40, limitPrice: Price.of('130.00') }));
      const error = await caught(broker.submitEntry(buy('second', { qty: 40, limitPrice: Price.of('130.00') })));
      expect(error).toMatchObject({ reason: 'insufficient_buying_power', httpStatus: 403, brokerMessage: 'insufficient buying power' });
    });

    it('moves cash with fills', async () => {
      const { broker } = setup();
      await openLong(broker, 10);
      expect(broker.cashBalance().toCents()).toBe('98600.00');
    });
  });

  describe('short positions', () => {
    it('opens a short with a sell and reserves the buy that covers it', async () => {
      const { broker } = setup();
      await broker.submitEntry(buy('short', { side: 'sell', qty: 10, type: 'market', limitPrice: undefined }));
      expect((await broker.listPositions()).map((p) => [p.qty, p.side])).toEqual([[-10, 'short']]);
      await broker.submitProtection(stopRequest('cover', '150.00', { side: 'buy', qty: 10 }));
      expect(await caught(broker.submitEntry(buy('cover-2', { qty: 10, limitPrice: Price.of('120.00') })))).toMatchObject({ reason: 'insufficient_qty' });
    });
  });

  describe('complex orders', () => {
    it('replaces an OCO stop leg: the new leg stays under the take-profit and still cancels it', async () => {
      const { broker } = setup();
      await openLong(broker);
      const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco'));
      const moved = await broker.replaceOrder(stop.id, { stopPrice: Price.of('135.00') });
      expect(moved).toMatchObject({ parentId: takeProfit.id, status: 'held', clientOrderId: `replace-${stop.id}` });
      expect(moved.stopPrice?.toString()).toBe('135.00');
      broker.setPrice('AAPL', '134.00');
      expect((await broker.getOrder(moved.id)).status).toBe('filled');
      expect((await broker.getOrder(takeProfit.id)).status).toBe('canceled');
    });

    it('cancelling one OCO leg cancels both', async () => {
      const { broker } = setup();
      await openLong(broker);
      const [takeProfit, stop] = await broker.submitProtection(ocoRequest('oco'));
      await broker.cancelOrder(stop.id);
      broker.confirmCancels(); // the venue confirms (cancels are asynchronous)
      expect([(await broker.getOrder(takeProfit.id)).status, (await broker.getOrder(stop.id)).status]).toEqual(['canceled', 'canceled']);
    });

    it('arms the bracket legs for what filled when the entry is cancelled part-filled', async () => {
      const { broker } = setup();
      const entry = await broker.submitEntry(buy('bracket', { attached: { stopPrice: Price.of('125.00'), takeProfitPrice: Price.of('150.00') } }));
      broker.fill(entry.id, 20);
      await broker.cancelOrder(entry.id);
      broker.confirmCancels(); // the venue confirms (cancels are asynchronous)
      const [, takeProfit, stop] = await broker.listOrders({ status: 'all' });
      expect([takeProfit.status, takeProfit.qty, stop.status, stop.qty]).toEqual(['new', 20, 'held', 20]);
    });

    it('cancels the bracket legs with an entry that never filled', async () => {
      const { broker } = setup();
      const entry = await broker.submitEntry(buy('bracket', { attached: { stopPrice: Price.of('125.00'), takeProfitPrice: Price.of('150.00') } }));
      await broker.cancelOrder(entry.id);
      broker.confirmCancels(); // the venue confirms (cancels are asynchronous)
      expect((await broker.listOrders({ status: 'all' })).map((o) => o.status)).toEqual(['canceled', 'canceled', 'canceled']);
    });

    it('sends a stop-only OTO when the entry has no take-profit', async () => {
      const { broker } = setup();
      const entry = await broker.submitEntry(buy('oto', { attached: { stopPrice: Price.of('125.00') } }));
      expect(entry.orderClass).toBe('oto');
      expect((await broker.listOrders({ status: 'open' })).map((o) => [o.type, o.status])).toEqual([
        ['limit', 'new'],
        ['stop', 'held'],
      ]);
    });
  });

  describe('replace', () => {
    it('is refused for an order still waiting for the open', async () => {
      const { broker } = setup(ny('2026-11-24', '08:00'));
      const order = await broker.submitEntry(buy('pre-open'));
      expect(order.status).toBe('accepted');
      expect(await caught(broker.replaceOrder(order.id, { limitPrice: Price.of('134.00') }))).toMatchObject({ reason: 'invalid', httpStatus: 422 });
    });

    it('keeps the fills on the replaced order and gives the replacement what remains', async () => {
      const { broker } = setup();
      const order = await broker.submitEntry(buy('part'));
      broker.fill(order.id, 20);
      const replacement = await broker.replaceOrder(order.id, { limitPrice: Price.of('134.00') });
      expect([replacement.qty, replacement.filledQty]).toEqual([25, 0]);
      expect(await broker.getOrder(order.id)).toMatchObject({ status: 'replaced', filledQty: 20, replacedBy: replacement.id });
    });
  });

  describe('day orders across a holiday', () => {
    it('sent after Wednesday close, work on Friday and expire at its 13:00 close', async () => {
      const { broker, clock } = setup(ny('2026-11-25', '17:00'));
      const order = await broker.submitEntry(buy('friday'));
      clock.set(ny('2026-11-26', '12:00'));
      expect((await broker.getOrder(order.id)).status).toBe('accepted');
      clock.set(ny('2026-11-27', '09:30'));
      expect((await broker.getOrder(order.id)).status).toBe('new');
      clock.set(ny('2026-11-30', '09:00'));
      expect(await broker.getOrder(order.id)).toMatchObject({ status: 'expired', expiredAt: ny('2026-11-27', '13:00') });
    });
  });

  describe('a position closed by hand', () => {
    it('cancels the orders holding the shares and leaves a filled order the product never sent', async () => {
      const { broker } = setup();
      await openLong(broker);
      const [stop] = await broker.submitProtection(stopRequest('stop', '130.00'));
      const manual = broker.closePositionByHand('AAPL', '138.10');
      expect(manual).toMatchObject({ side: 'sell', qty: 45, type: 'market', status: 'filled' });
      expect(manual.clientOrderId).not.toBe('stop');
      expect((await broker.getOrder(stop.id)).status).toBe('canceled');
      expect(await broker.listPositions()).toEqual([]);
      expect(() => broker.closePositionByHand('AAPL')).toThrow(/No simulated position/);
    });
  });

  describe('faults', () => {
    it.each<RejectionReason>([
      'duplicate_client_order_id',
      'insufficient_qty',
      'wash_trade',
      'pattern_day_trading',
      'insufficient_buying_power',
      'sub_penny_increment',
      'not_cancelable',
      'market_closed',
      'invalid',
      'forbidden',
    ])('rejectNext(%s) refuses the next order with Alpaca’s status and words', async (reason) => {
      const { broker } = setup();
      broker.rejectNext(reason);
      const error = await caught(broker.submitEntry(buy('refused')));
      const expected = sampleRefusal(reason);
      expect(error).toBeInstanceOf(Rejected);
      expect(error).toMatchObject({ reason, brokerMessage: expected.message, httpStatus: expected.httpStatus });
      expect((await broker.submitEntry(buy('next'))).status).toBe('new');
    });

    it('does not spend a refusal on reads', async () => {
      const { broker } = setup();
      broker.rejectNext('pattern_day_trading');
      await broker.listPositions();
      expect(await caught(broker.submitEntry(buy('refused')))).toMatchObject({ reason: 'pattern_day_trading' });
    });

    it('failNext(n) fails the next n calls of any kind, then recovers', async () => {
      const { broker } = setup();
      broker.failNext(2);
      const first = await caught(broker.listPositions());
      expect(first).toBeInstanceOf(Transient);
      expect((first as Transient).retryAfterMs).toBeUndefined();
      expect(await caught(broker.getClock())).toBeInstanceOf(Transient);
      expect(await broker.listPositions()).toEqual([]);
    });

    it('failNextCancels(n) fails only the next n cancels, leaving the order working', async () => {
      const { broker } = setup();
      const order = await broker.submitEntry(buy('cancel-me'));
      broker.failNextCancels(1);
      expect(await caught(broker.cancelOrder(order.id))).toBeInstanceOf(Transient);
      expect((await broker.getOrder(order.id)).status).toBe('new');
      await broker.cancelOrder(order.id);
      expect((await broker.getOrder(order.id)).status).toBe('pending_cancel');
      broker.confirmCancels();
      expect((await broker.getOrder(order.id)).status).toBe('canceled');
    });

    it('rateLimitNext carries the wait', async () => {
      const { broker } = setup();
      broker.rateLimitNext(1, 2000);
      expect(await caught(broker.listOrders({ status: 'all' }))).toMatchObject({ kind: 'transient', retryAfterMs: 2000 });
    });

    it('timeoutAfterAcceptNext leaves the whole OCO behind an Ambiguous', async () => {
      const { broker } = setup();
      await openLong(broker);
      broker.timeoutAfterAcceptNext();
      const error = await caught(broker.submitProtection(ocoRequest('oco')));
      expect(error).toBeInstanceOf(Ambiguous);
      expect((await broker.listOrders({ status: 'open' })).map((o) => o.orderClass)).toEqual(['oco', 'oco']);
    });

    it('clearFaults disarms everything', async () => {
      const { broker } = setup();
      broker.failNext(3);
      broker.rejectNext('wash_trade');
      broker.timeoutAfterAcceptNext();
      broker.clearFaults();
      expect((await broker.submitEntry(buy('fine'))).status).toBe('new');
    });
  });

  describe('the clock', () => {
    it('ignores a clock set back in time instead of replaying it', async () => {
      const { broker, clock } = setup();
      const order = await broker.submitEntry(buy('day'));
      clock.set(ny('2026-11-23', '16:30'));
      expect((await broker.getOrder(order.id)).status).toBe('expired');
      clock.set(ny('2026-11-23', '11:00'));
      expect((await broker.getOrder(order.id)).status).toBe('expired');
    });
  });
});
