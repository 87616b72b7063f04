import type { BrokerOrder } from '@trading-monitor/broker';
import { clientOrderIdOf, isOwnClientOrderId, isWorkingOrderStatus, type Price, type Side, SplitRatio, unexplainedShares } from '@trading-monitor/domain';
import { OrderExecution, PositionTracking, TradeAdjustment, TradeJournal, saveFill, type EntityManager } from '@trading-monitor/persistence';
import { orderExists } from '../submit-once';
import type { StepContext } from './sync-context';
import { raiseAlarm } from './trade-alarm';
import { entrySideOf, heldQtyOf, protectedQtyOf, type TradeState } from './trade-state';

/** trade_adjustments.adjustment_type of a split: executed = re-based; not executed = frozen for a person. */
export const SPLIT_ADJUSTMENT = 'SPLIT';

// The trades re-based in the current step (a TradeState lives for one step).
const REBASED_IN_STEP = new WeakMap<TradeState, SplitRatio>();

export type QuantityChange = { kind: 'none' } | { kind: 'rebased'; message: string } | { kind: 'frozen'; message: string };

/**
 * The broker replaced one of the trade's orders by one for a different quantity, which the product
 * never asks for: a split or another corporate action (or a quantity edited by hand). The broker's
 * position then holds a different number of shares without any fill.
 *
 * Re-based when the evidence and the arithmetic are both clean: the position holds exactly the
 * journal's shares × the ratio, and every quantity × ratio is whole and every fill price ÷ ratio
 * is exact (domain SplitRatio). Then quantities and prices are re-stated, each notional and so the
 * P&L is unchanged, the protection already adjusted by the broker is followed, and the trader is
 * told. Otherwise the trade is frozen: recorded as an unexecuted SPLIT adjustment, after which the
 * product places nothing for it and closes nothing with a price it would have to guess; the alarm
 * repeats every run until a person has corrected the trade and marked the adjustment executed.
 */
export async function handleQuantityChange(
  ctx: StepContext,
  state: TradeState,
  from: OrderExecution,
  replaced: BrokerOrder,
  to: BrokerOrder,
  /** Applies the replaced order's last report (pre-split figures) to its row: done before re-basing. */
  applyReplaced: () => Promise<void>,
): Promise<QuantityChange> {
  // What was still working when the broker replaced it, in the broker's figures (fresher than the journal's).
  // The journal's figure matches once the trade was re-based earlier in this step (an OCO's second order).
  const remaining = replaced.qty - replaced.filledQty;
  if (to.qty === remaining || to.qty === from.qty - (from.filledQty ?? 0) || isOwnClientOrderId(to.clientOrderId)) return { kind: 'none' };
  const { trade } = state;
  // Idempotent: a trade is re-based once per split, whichever of its orders shows the split first.
  const done = await ctx.manager.getRepository(TradeAdjustment).find({ where: { tradeJournalId: trade.id, adjustmentType: SPLIT_ADJUSTMENT, executed: true } });
  if (done.some((row) => row.orderIdAffected === from.alpacaOrderId || row.orderIdAffected === replaced.id)) return { kind: 'none' };
  const ratio = SplitRatio.between(remaining, to.qty);
  // One split, several replaced orders (an OCO's two, a chain of edits followed hop by hop): the
  // trade is re-based once per step; a later hop read from the broker's pre-split figures is not.
  const earlier = REBASED_IN_STEP.get(state);
  if (earlier && ratio && earlier.toString() === ratio.toString()) return { kind: 'none' };
  // Evidence of a split rather than a quantity typed in by hand: the price moved by the inverse of
  // the quantity (the broker rounds it to its tick). The broker's position is no evidence here: an
  // exit the journal has not recorded yet (a crash) changes it too.
  const before = from.stopPrice ?? from.limitPrice;
  const after = to.stopPrice ?? to.limitPrice;
  const adjusted = ratio !== null && before !== null && after !== null && Math.abs(Number(ratio.tickPrice(before).minus(after).toString())) <= 0.01;
  const replacedFillScales = (r: SplitRatio) =>
    r.qty(replaced.filledQty) !== null && (!replaced.filledAvgPrice || r.exactPrice(replaced.filledAvgPrice) !== null);
  const feasible = ratio !== null && adjusted && replacedFillScales(ratio) && rebasePlan(state, ratio) !== null;
  if (!feasible || !ratio) {
    const message =
      `${trade.symbol}: the broker's position changed without a fill (order ${from.alpacaOrderId} replaced by one for ${to.qty} shares instead of ${remaining}: a split or a corporate action) ` +
      `and the journal cannot be re-based exactly. Trade ${trade.tradeId} is FROZEN: the product no longer acts on it. ` +
      `Check the position in the Alpaca dashboard, correct the trade in the journal, then set executed = true on its SPLIT row in trade_adjustments.`;
    await recordAdjustment(ctx, state, { oldQty: remaining, newQty: to.qty, executed: false, orderId: from.alpacaOrderId, reason: message });
    await raiseAlarm(ctx, state, { event: 'trade.freeze', message });
    return { kind: 'frozen', message };
  }

  await applyReplaced();
  const held = heldQtyOf(state);
  const expected = ratio.qty(held) as number;
  const plan = rebasePlan(state, ratio);
  if (!plan) throw new Error(`${trade.symbol}: the split re-base of trade ${trade.tradeId} stopped being exact mid-step; retried next run.`);
  await applyPlan(ctx.manager, state, plan, ratio);
  REBASED_IN_STEP.set(state, ratio);
  const stop = trade.currentStopLoss ?? trade.plannedStopLoss;
  const message =
    `${trade.symbol}: the broker adjusted the position for a split (${ratio.toString()} new shares per old share: ${held} → ${expected} shares) and replaced its orders; ` +
    `trade ${trade.tradeId} is re-based to ${expected} shares at ${(trade.actualEntry ?? trade.plannedEntry ?? stop).toString()}, stop ${stop.toString()}. Its P&L is unchanged.`;
  // The ratio is what the quantities say; with nothing held yet (a working entry) the order's.
  const [oldQty, newQty] = held > 0 ? [held, expected] : [remaining, to.qty];
  await recordAdjustment(ctx, state, { oldQty, newQty, executed: true, orderId: from.alpacaOrderId, reason: message });
  await raiseAlarm(ctx, state, { event: 'trade.rebase', message });
  return { kind: 'rebased', message };
}

/**
 * A split while the trade had no working order to replace: the broker holds more shares in the
 * symbol than every open trade of the journal together, with no fill to explain it. Nothing can
 * say by how much prices moved, so the trade is frozen for a person before anything is protected
 * (or exited) with pre-split figures. Returns the alarm when it froze the trade.
 */
export async function freezeOnUnexplainedShares(ctx: StepContext, state: TradeState): Promise<string | null> {
  // Only where something would be placed: a trade fully covered reads nothing more from the broker.
  if (!ctx.positions || heldQtyOf(state) <= protectedQtyOf(state)) return null;
  const { trade } = state;
  const atBroker = await ctx.positions.heldFor(trade.symbol, entrySideOf(state));
  if (atBroker === null) return null;
  const others = await ctx.manager.getRepository(PositionTracking).find({ where: { symbol: trade.symbol } });
  const journal = heldQtyOf(state) + others.filter((p) => p.tradeJournalId !== trade.id).reduce((sum, p) => sum + p.qty, 0);
  if (atBroker <= journal) return null;
  const workingEntryUnfilled = await workingEntryUnfilledIn(ctx.manager, trade.symbol, entrySideOf(state));
  if (unexplainedShares({ atBroker, journalHeld: journal, workingEntryUnfilled }) === 0) return null;
  // Before anything drastic, read again: an entry of ours that filled since the journal last heard of it is not a split.
  if (await someEntryFilledMore(ctx, trade.symbol, entrySideOf(state))) return null;
  // A protective order an earlier run placed but never journaled (a crash) may be the one the broker
  // adjusted: protectPosition adopts it by its client_order_id, and the replacement is followed.
  const sequence = state.orders.filter((o) => o.orderType === 'STOP_LOSS').length + 1;
  for (const leg of ['stop', 'oco'] as const) {
    if (await orderExists(ctx.broker, clientOrderIdOf({ scopeId: trade.tradeId, leg, sequence }))) return null;
  }
  const message =
    `${trade.symbol}: the broker holds ${atBroker} shares but the journal's open trades only ${journal}, with no fill to explain it (a split or a corporate action?). ` +
    `Trade ${trade.tradeId} is FROZEN: the product no longer acts on it. ` +
    `Check the position in the Alpaca dashboard, correct the trade in the journal, then set executed = true on its SPLIT row in trade_adjustments.`;
  await recordAdjustment(ctx, state, { oldQty: journal, newQty: atBroker, executed: false, orderId: '', reason: message });
  await raiseAlarm(ctx, state, { event: 'trade.freeze', message });
  return message;
}

/** Unfilled shares of the journal's working entries in the symbol on that side (every open trade's). */
async function workingEntryUnfilledIn(manager: EntityManager, symbol: string, side: Side): Promise<number> {
  const working = (await openTradeEntriesIn(manager, symbol, side)).filter((o) => isWorkingOrderStatus(o.orderStatus));
  return working.reduce((sum, o) => sum + Math.max(0, o.qty - (o.filledQty ?? 0)), 0);
}

/** Whether the broker reports more filled on an entry of an open trade in the symbol than the journal records. */
async function someEntryFilledMore(ctx: StepContext, symbol: string, side: Side): Promise<boolean> {
  for (const entry of await openTradeEntriesIn(ctx.manager, symbol, side)) {
    const report = await ctx.broker.getOrder(entry.alpacaOrderId).catch(() => null);
    if (report && report.filledQty > (entry.filledQty ?? 0)) return true;
  }
  return false;
}

async function openTradeEntriesIn(manager: EntityManager, symbol: string, side: Side): Promise<OrderExecution[]> {
  return manager
    .getRepository(OrderExecution)
    .createQueryBuilder('o')
    .innerJoin(TradeJournal, 't', 't.id = o.trade_journal_id')
    .where('t.symbol = :symbol', { symbol })
    .andWhere("t.status IN ('ORDERED', 'POSITION')")
    .andWhere("o.order_type = 'ENTRY'")
    .andWhere('o.side = :side', { side })
    .getMany();
}

/** Whether a person must look at this trade first (an unexecuted SPLIT adjustment). */
export async function isTradeFrozen(manager: EntityManager, tradeJournalId: number): Promise<string | null> {
  const row = await manager
    .getRepository(TradeAdjustment)
    .findOne({ where: { tradeJournalId, adjustmentType: SPLIT_ADJUSTMENT, executed: false }, order: { id: 'DESC' } });
  return row ? (row.reason ?? 'frozen') : null;
}

interface RebasePlan {
  orders: Array<{ order: OrderExecution; qty: number; filledQty: number }>;
  fills: Array<{ orderExecutionId: number; qty: number; price: Price }>;
  plannedQty: number;
}

function rebasePlan(state: TradeState, ratio: SplitRatio): RebasePlan | null {
  const orders: RebasePlan['orders'] = [];
  for (const order of state.orders) {
    const qty = ratio.qty(order.qty);
    const filledQty = ratio.qty(order.filledQty ?? 0);
    if (qty === null || filledQty === null) return null;
    orders.push({ order, qty, filledQty });
  }
  const fills: RebasePlan['fills'] = [];
  for (const [orderExecutionId, fill] of state.fills) {
    const qty = ratio.qty(fill.filledQty);
    const price = ratio.exactPrice(fill.filledAvgPrice);
    if (qty === null || price === null) return null;
    fills.push({ orderExecutionId, qty, price });
  }
  const plannedQty = ratio.qty(state.trade.plannedQty);
  return plannedQty === null ? null : { orders, fills, plannedQty };
}

async function applyPlan(manager: EntityManager, state: TradeState, plan: RebasePlan, ratio: SplitRatio): Promise<void> {
  const scaled = (price: Price | null) => (price ? ratio.tickPrice(price) : null);
  for (const { order, qty, filledQty } of plan.orders) {
    const changes = {
      qty,
      filledQty,
      limitPrice: scaled(order.limitPrice),
      stopPrice: scaled(order.stopPrice),
      filledAvgPrice: order.filledAvgPrice ? (ratio.exactPrice(order.filledAvgPrice) ?? ratio.tickPrice(order.filledAvgPrice)) : null,
    };
    await manager.getRepository(OrderExecution).update({ id: order.id }, changes);
    Object.assign(order, changes);
  }
  for (const fill of plan.fills) {
    const existing = state.fills.get(fill.orderExecutionId);
    if (!existing) continue;
    const updated = { ...existing, filledQty: fill.qty, filledAvgPrice: fill.price };
    await saveFill(manager, updated);
    state.fills.set(fill.orderExecutionId, updated);
  }
  const { trade } = state;
  const changes = {
    plannedQty: plan.plannedQty,
    actualQty: trade.actualQty === null ? null : ratio.qty(trade.actualQty),
    plannedEntry: scaled(trade.plannedEntry),
    plannedStopLoss: ratio.tickPrice(trade.plannedStopLoss),
    plannedTakeProfit: scaled(trade.plannedTakeProfit),
    currentStopLoss: scaled(trade.currentStopLoss),
    actualEntry: trade.actualEntry ? (ratio.exactPrice(trade.actualEntry) ?? ratio.tickPrice(trade.actualEntry)) : null,
  };
  await manager.getRepository(TradeJournal).update({ id: trade.id }, changes);
  Object.assign(trade, changes);
}

async function recordAdjustment(
  ctx: StepContext,
  state: TradeState,
  entry: { oldQty: number; newQty: number; executed: boolean; orderId: string; reason: string },
): Promise<void> {
  const repository = ctx.manager.getRepository(TradeAdjustment);
  await repository.save(
    repository.create({
      tradeJournalId: state.trade.id,
      analysisDecisionId: state.trade.initialAnalysisId,
      adjustmentType: SPLIT_ADJUSTMENT,
      oldQty: entry.oldQty,
      newQty: entry.newQty,
      oldStopLoss: null,
      newStopLoss: entry.executed ? state.trade.currentStopLoss : null,
      orderIdAffected: entry.orderId,
      reason: entry.reason,
      executed: entry.executed,
      createdAt: ctx.clock.now(),
    }),
  );
}
