import type { BrokerOrder } from '@trading-monitor/broker';
import { NotFound } from '@trading-monitor/broker';
import { OrderExecution, PositionTracking, TradeJournal, recordAudit } from '@trading-monitor/persistence';
import { applyReport } from './apply-order-report';
import { handleQuantityChange } from './split-rebase';
import type { StepContext } from './sync-context';
import type { TradeState } from './trade-state';

// Alpaca allows a replace of a replace; a chain longer than this is not an edit anyone makes by hand.
const MAX_CHAIN = 10;

export type FollowedReplacement =
  | { kind: 'followed'; from: OrderExecution; to: OrderExecution; report: BrokerOrder; notice?: string }
  /** The quantity changed and the trade could not be re-based: frozen for a person (split-rebase.ts). */
  | { kind: 'frozen'; message: string };

/**
 * The broker replaced one of the trade's orders (`replaced`, with `replaced_by`): a replace request,
 * an edit in the Alpaca dashboard (a stop moved by hand), or a corporate-action adjustment. The
 * order lives on under the new id, so the journal follows it: the replaced order's row ends
 * `cancelled` (keeping any shares it filled: its fills are its own), and a row for the replacement,
 * in the same role, carries on from the replacement's report. Protection is not sent again: the
 * replacement covers the shares, and a stop edited to a new price becomes the trade's current stop.
 * Returns null when the chain cannot be read now (the next run tries again).
 */
export async function followReplacement(
  ctx: StepContext,
  state: TradeState,
  order: OrderExecution,
  replaced: BrokerOrder,
  reports: ReadonlyMap<string, BrokerOrder>,
  hops = 0,
): Promise<FollowedReplacement | null> {
  // One hop at a time: each order of a chain of edits gets its row, so a fill of any of them is kept.
  if (!replaced.replacedBy || hops >= MAX_CHAIN) return null;
  const last: BrokerOrder | null = reports.get(replaced.replacedBy) ?? (await readOrder(ctx, replaced.replacedBy));
  if (!last) return null;
  // A different quantity is a split or another corporate action: re-base the trade first, or freeze it.
  const applyReplaced = async () => void (await applyReport(ctx.manager, state, order, replaced));
  const change = await handleQuantityChange(ctx, state, order, replaced, last, applyReplaced);
  if (change.kind === 'frozen') return { kind: 'frozen', message: change.message };
  if (change.kind === 'none') await applyReplaced();

  const repository = ctx.manager.getRepository(OrderExecution);
  const existing = state.orders.find((o) => o.alpacaOrderId === last.id) ?? (await repository.findOne({ where: { alpacaOrderId: last.id } }));
  let row = existing;
  if (!row) {
    row = await repository.save(
      repository.create({
        tradeJournalId: state.trade.id,
        analysisDecisionId: order.analysisDecisionId,
        alpacaOrderId: last.id,
        clientOrderId: last.clientOrderId,
        orderType: order.orderType,
        side: last.side,
        orderStatus: 'pending',
        timeInForce: last.timeInForce,
        qty: last.qty,
        limitPrice: last.limitPrice,
        stopPrice: last.stopPrice,
        filledQty: 0,
        createdAt: ctx.clock.now(),
      }),
    );
  }
  if (!state.orders.includes(row)) state.orders.push(row);
  // A replacement replaced in turn stays working in the journal until its own successor is read.
  if (last.status !== 'replaced') await applyReport(ctx.manager, state, row, last);

  const now = ctx.clock.now();
  if (order.orderType === 'STOP_LOSS' && last.stopPrice && !last.stopPrice.equals(state.trade.currentStopLoss ?? last.stopPrice)) {
    await ctx.manager.getRepository(TradeJournal).update({ id: state.trade.id }, { currentStopLoss: last.stopPrice, updatedAt: now });
    state.trade.currentStopLoss = last.stopPrice;
  }
  if (state.position) {
    const changes: Partial<PositionTracking> = {};
    if (state.position.stopLossOrderId === order.alpacaOrderId) changes.stopLossOrderId = last.id;
    if (state.position.takeProfitOrderId === order.alpacaOrderId) changes.takeProfitOrderId = last.id;
    if (Object.keys(changes).length > 0) {
      await ctx.manager.getRepository(PositionTracking).update({ id: state.position.id }, changes);
      Object.assign(state.position, changes);
    }
  }
  const price = last.stopPrice ?? last.limitPrice;
  await recordAudit(ctx.manager, {
    job: ctx.job,
    action: 'order.replaced',
    outcome: 'ok',
    message:
      `${state.trade.symbol}: the broker replaced ${order.orderType} order ${order.alpacaOrderId} with ${last.id} ` +
      `(${last.qty} shares${price ? ` at ${price.toString()}` : ''}, ${last.status}); the journal follows the new order.`,
    tradeJournalId: state.trade.id,
    alpacaOrderId: last.id,
    clientOrderId: last.clientOrderId,
    symbol: state.trade.symbol,
    at: now,
  });
  ctx.log.info({ event: 'order.replaced', tradeId: state.trade.tradeId, from: order.alpacaOrderId, to: last.id, status: last.status });
  const notice = change.kind === 'rebased' ? change.message : undefined;
  if (last.status === 'replaced') {
    const further = await followReplacement(ctx, state, row, last, reports, hops + 1);
    if (further?.kind === 'followed') return { ...further, from: order, notice: further.notice ?? notice };
    return further ?? { kind: 'followed', from: order, to: row, report: last, notice };
  }
  return { kind: 'followed', from: order, to: row, report: last, notice };
}

async function readOrder(ctx: StepContext, orderId: string): Promise<BrokerOrder | null> {
  try {
    return await ctx.broker.getOrder(orderId);
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}
