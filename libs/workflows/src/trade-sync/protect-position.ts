import { Rejected, isBrokerError, type BrokerOrder } from '@trading-monitor/broker';
import { clientOrderIdOf, planProtection, type ProtectionOrder } from '@trading-monitor/domain';
import { OrderExecution, PositionTracking, TradeJournal, recordAudit } from '@trading-monitor/persistence';
import { submitOnce } from '../submit-once';
import type { StepContext } from './sync-context';
import { raiseAlarm } from './trade-alarm';
import { entrySideOf, heldQtyOf, protectedQtyOf, type TradeState } from './trade-state';

export type ProtectionResult =
  | { kind: 'covered' }
  | { kind: 'placed'; order: ProtectionOrder; orderIds: string[]; adopted: boolean }
  /** The broker refused: the shares are not protected yet. Alarmed, retried next run. */
  | { kind: 'refused'; order: ProtectionOrder | null; reason: Rejected['reason'] | 'transient'; message: string; brokerMessage?: string }
  | { kind: 'over-protected'; message: string }
  /** The broker holds none of the trade's shares: closed outside the product. Nothing placed. */
  | { kind: 'not-held' };

/**
 * Puts protection at the broker for every held share not yet covered: a stop, or one OCO for
 * SWING (domain protection plan), `gtc`. A refusal is never silent: it is an alarm in the log and
 * the audit table, and the next run tries again.
 */
export interface ProtectOptions {
  /** Refusals the caller remedies at once and retries (no alarm for them): wash_trade, insufficient_qty. */
  remedied?: ReadonlyArray<Rejected['reason']>;
  /** What the broker holds, when the caller knows it: never protect more than that. */
  heldAtBroker?: number;
}

export async function protectPosition(ctx: StepContext, state: TradeState, options: ProtectOptions = {}): Promise<ProtectionResult> {
  const { trade } = state;
  const journalHeld = heldQtyOf(state);
  let atBroker = options.heldAtBroker;
  if (atBroker === undefined && ctx.positions && journalHeld > protectedQtyOf(state)) {
    const known = await ctx.positions.heldFor(trade.symbol, entrySideOf(state));
    if (known === null) {
      // Never a protective order on faith: for shares closed by hand meanwhile it would open a
      // position the other way, and that no later run can undo. The next run tries again.
      const message = `${trade.symbol}: ${journalHeld - protectedQtyOf(state)} shares are NOT protected yet: the broker's positions cannot be read to confirm they are still held. The next monitor run tries again.`;
      await raiseAlarm(ctx, state, { event: 'protection.alarm', action: 'protection.submit', message, details: { reason: 'positions unavailable' } });
      return { kind: 'refused', order: null, reason: 'transient', message };
    }
    atBroker = known;
  }
  if (atBroker === 0 && journalHeld > 0) return { kind: 'not-held' };
  const held = Math.min(journalHeld, atBroker ?? Number.POSITIVE_INFINITY);
  const covered = protectedQtyOf(state);
  if (covered > held) {
    const message = `${trade.symbol}: protective orders cover ${covered} shares but only ${held} are held; a stop firing would open an unintended position. Run reconcile.`;
    await raiseAlarm(ctx, state, { event: 'protection.alarm', action: 'protection.excess', message });
    return { kind: 'over-protected', message };
  }
  const plan = planProtection({
    style: trade.tradeStyle,
    entrySide: entrySideOf(state),
    filledQty: held,
    protectedQty: covered,
    stopLoss: trade.currentStopLoss ?? trade.plannedStopLoss,
    takeProfit: trade.plannedTakeProfit,
  });
  if (!plan) return { kind: 'covered' };

  // A new sequence number for every protective order the trade ever had: a retry of this very
  // submit (crash before commit) computes the same id and adopts it; a later one gets a fresh id.
  const sequence = state.orders.filter((o) => o.orderType === 'STOP_LOSS').length + 1;
  const clientOrderId = clientOrderIdOf({ scopeId: trade.tradeId, leg: plan.kind, sequence });
  let submitted;
  try {
    submitted = await submitOnce(ctx.broker, clientOrderId, () => ctx.broker.submitProtection({ ...plan, symbol: trade.symbol, clientOrderId }));
  } catch (error) {
    if (!isBrokerError(error) || error.kind === 'not_found') throw error;
    const reason = error instanceof Rejected ? error.reason : 'transient';
    const message =
      `${trade.symbol}: ${held - covered} shares are NOT protected: the broker ` +
      (error instanceof Rejected ? `refused the ${plan.kind} order (${error.brokerMessage}).` : `did not answer (${error.message}).`) +
      ' The next monitor run tries again.';
    // The caller cancels the open entry and tries again at once: not yet a reason to wake anyone.
    // A stop through the market is always remedied (exit-through-stop.ts), with its own alarm.
    if (reason !== 'transient' && (options.remedied?.includes(reason) || reason === 'stop_through_market'))
      ctx.log.info({ event: 'protection.remedy', tradeId: trade.tradeId, reason }, message);
    else await raiseAlarm(ctx, state, { event: 'protection.alarm', action: 'protection.submit', message, details: { clientOrderId, reason } });
    return { kind: 'refused', order: plan, reason, message, brokerMessage: error instanceof Rejected ? error.brokerMessage : undefined };
  }

  const now = ctx.clock.now();
  for (const order of submitted.orders) {
    const row = await recordProtectiveOrder(ctx, state, order, now);
    state.orders.push(row);
  }
  const stop = submitted.orders.find((o) => o.type === 'stop' || o.type === 'stop_limit');
  const takeProfit = submitted.orders.find((o) => o.type === 'limit');
  await ctx.manager.getRepository(TradeJournal).update({ id: trade.id }, { currentStopLoss: plan.stopPrice, updatedAt: now });
  trade.currentStopLoss = plan.stopPrice;
  if (state.position) {
    const changes = { stopLossOrderId: stop?.id ?? state.position.stopLossOrderId, takeProfitOrderId: takeProfit?.id ?? state.position.takeProfitOrderId };
    await ctx.manager.getRepository(PositionTracking).update({ id: state.position.id }, changes);
    Object.assign(state.position, changes);
  }
  const orderIds = submitted.orders.map((o) => o.id);
  const described = plan.kind === 'oco' ? `OCO stop ${plan.stopPrice} / take-profit ${plan.takeProfitPrice}` : `stop ${plan.stopPrice}`;
  await recordAudit(ctx.manager, {
    job: ctx.job,
    action: 'protection.submit',
    outcome: 'ok',
    message: `${trade.symbol}: protected ${plan.qty} shares with ${described} (gtc)${submitted.adopted ? ', adopted from an earlier attempt' : ''}.`,
    tradeJournalId: trade.id,
    alpacaOrderId: orderIds[0],
    clientOrderId,
    symbol: trade.symbol,
    at: now,
  });
  ctx.log.info({
    event: 'protection.placed',
    tradeId: trade.tradeId,
    symbol: trade.symbol,
    kind: plan.kind,
    qty: plan.qty,
    orderIds,
    adopted: submitted.adopted,
  });
  return { kind: 'placed', order: plan, orderIds, adopted: submitted.adopted };
}

export async function recordProtectiveOrder(ctx: StepContext, state: TradeState, order: BrokerOrder, at: Date): Promise<OrderExecution> {
  const repository = ctx.manager.getRepository(OrderExecution);
  const existing = await repository.findOne({ where: { alpacaOrderId: order.id } });
  if (existing) return existing;
  const row = repository.create({
    tradeJournalId: state.trade.id,
    analysisDecisionId: state.trade.initialAnalysisId,
    alpacaOrderId: order.id,
    clientOrderId: order.clientOrderId,
    orderType: order.type === 'limit' ? 'TAKE_PROFIT' : 'STOP_LOSS',
    side: order.side,
    // Recorded as submitted; the order monitor applies whatever has happened since.
    orderStatus: 'pending',
    timeInForce: order.timeInForce,
    qty: order.qty,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    filledQty: 0,
    createdAt: at,
  });
  return repository.save(row);
}
