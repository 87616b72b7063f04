import type { BrokerOrder } from '@trading-monitor/broker';
import { clientOrderIdOf, parseClientOrderId, planStopThroughMarket, type ProtectionOrder } from '@trading-monitor/domain';
import { submitOnce } from '../submit-once';
import { applyReport } from './apply-order-report';
import { cancelOrderAt } from './cancel-order';
import { recordProtectiveOrder } from './protect-position';
import type { StepContext } from './sync-context';
import { raiseAlarm } from './trade-alarm';
import { isEntry, isWorking, type TradeState } from './trade-state';

export type ExitThroughStopResult =
  | { kind: 'exit-placed'; order: BrokerOrder; message: string }
  /** The entry's remainder is still being cancelled: the exit is sent next run. */
  | { kind: 'waiting'; message: string };

/**
 * The broker refused the protective order because the market is already through its stop (a gap,
 * a fast fall between two runs): the stop the trader asked for has in effect been hit. The shares
 * it should have protected are sold (bought back, for a short) at once, in the same run.
 *
 * Why a market order, `day`: the stop the trader planned is itself a market order once triggered,
 * so a market exit is the same promise, kept late. A marketable limit could be left behind by a
 * market still falling and leave the shares unprotected while it is re-priced run after run.
 * Alpaca takes a market order only for the regular session, and its stops trigger only then: outside
 * it nothing is sent (domain stop-through-market.ts) — an after-hours print below the stop says
 * nothing of the open, and a queued market order would sell there whatever the price. The shares
 * are alarmed as unprotected and the first run in the session decides again. `day` means an exit
 * that still could not fill (a halt) expires at the close, after which the next run measures the
 * market again and protects or exits afresh.
 *
 * The order is journaled as the trade's STOP_LOSS (it does what the stop would have done, so its
 * fill closes the trade STOPPED_OUT and counts as covering the shares while it works) under the
 * deterministic client_order_id tm-exit-<n>-<trade>: a crash after the submit adopts it next run,
 * never sending a second exit. Partial fills are recorded as they come; the trade closes when the
 * last share is out, with the P&L from the exact fills.
 */
export async function exitThroughStop(ctx: StepContext, state: TradeState, refused: ProtectionOrder, brokerMessage: string): Promise<ExitThroughStopResult> {
  const { trade } = state;
  const clock = await ctx.broker.getClock();
  const plan = () => planStopThroughMarket({ sessionOpen: clock.isOpen, entryWorking: state.orders.some((o) => isEntry(o) && isWorking(o)) });
  if (plan() === 'wait-for-open') {
    const message =
      `${trade.symbol}: ${refused.qty} shares are NOT protected: the market is through the stop ${refused.stopPrice.toString()} (the broker refused the protective order: ${brokerMessage}) ` +
      `outside regular trading hours, when stops do not trigger and a market order would sell at the open whatever the price. Nothing is sent; ` +
      `the first run after the open places the stop again, or sells at the market if the stock is still below it.`;
    await raiseAlarm(ctx, state, { event: 'protection.exit-through-stop', message, details: { nextOpen: clock.nextOpen.toISOString() } });
    return { kind: 'waiting', message };
  }
  // A market sell beside the account's own open buy is a wash trade to Alpaca, and a trade being
  // stopped out takes no more shares: the entry's remainder goes first.
  for (const entry of state.orders.filter((o) => isEntry(o) && isWorking(o))) await cancelOrderAt(ctx, state, entry);
  if (plan() === 'cancel-entry-first') {
    const message = `${trade.symbol}: the market is through the stop ${refused.stopPrice.toString()}; waiting for the broker to cancel the rest of the entry before selling the ${refused.qty} shares at the market (next run).`;
    await raiseAlarm(ctx, state, { event: 'protection.exit-through-stop', message, details: {} });
    return { kind: 'waiting', message };
  }

  const sequence = state.orders.filter((o) => parseClientOrderId(o.clientOrderId ?? '')?.leg === 'exit').length + 1;
  const clientOrderId = clientOrderIdOf({ scopeId: trade.tradeId, leg: 'exit', sequence });
  const submitted = await submitOnce(ctx.broker, clientOrderId, async () => [
    await ctx.broker.submitEntry({ symbol: trade.symbol, side: refused.side, qty: refused.qty, type: 'market', timeInForce: 'day', clientOrderId }),
  ]);
  const [placed] = submitted.orders;
  const row = await recordProtectiveOrder(ctx, state, placed, ctx.clock.now());
  if (!state.orders.includes(row)) state.orders.push(row);
  // A market order in an open market usually fills at once: read it back so this run can close the trade.
  const report = await ctx.broker.getOrder(placed.id);
  await applyReport(ctx.manager, state, row, report);

  const side = refused.side === 'sell' ? 'Sold' : 'Bought back';
  // The session closed between the clock read and the submit: the order waits for the open.
  const queued = report.status === 'accepted' || report.status === 'pending_new' ? ' The market is closed: the order is queued for the next market open.' : '';
  const message =
    `${trade.symbol}: the market is already through the stop ${refused.stopPrice.toString()} (the broker refused the protective order: ${brokerMessage}). ` +
    `${side} the ${refused.qty} unprotected shares at the market instead (order ${clientOrderId}); the trade closes as STOPPED_OUT at the fill price.${queued}`;
  await raiseAlarm(ctx, state, {
    event: 'protection.exit-through-stop',
    message,
    details: { clientOrderId, alpacaOrderId: placed.id, status: report.status, adopted: submitted.adopted },
  });
  return { kind: 'exit-placed', order: report, message };
}
