import {
  exitReasonOf,
  nextTradeStatus,
  realizedPnl,
  rMultipleOf,
  tradeEventOf,
  type ExitReason,
  type FillTotals,
  type Money,
  type Price,
  type TradeEnding,
} from '@trading-monitor/domain';
import Decimal from 'decimal.js';
import { PositionTracking, TradeJournal, recordAudit } from '@trading-monitor/persistence';
import { newYorkDate } from '@trading-monitor/broker';
import { endExitIntent } from './exit-intent';
import type { StepContext } from './sync-context';
import { entrySideOf, entryTotalsOf, type TradeState } from './trade-state';

export interface ClosedTrade {
  tradeId: string;
  symbol: string;
  reason: ExitReason;
  exitPrice: string;
  pnl: string;
}

/**
 * Closes a trade whose position is gone: realized P&L from the exact entry and exit fills, exit
 * price, date and reason; the position row removed. One step of one transaction.
 */
export async function closeTrade(ctx: StepContext, state: TradeState, ending: TradeEnding, exit: FillTotals): Promise<ClosedTrade> {
  const { trade } = state;
  const reason = exitReasonOf(ending);
  const status = nextTradeStatus(trade.status, tradeEventOf(reason));
  const entry = entryTotalsOf(state);
  const pnl: Money = realizedPnl({ entrySide: entrySideOf(state), entryFills: entry, exitFills: exit });
  const exitPrice = exit.averagePrice as Price;
  const now = ctx.clock.now();
  const changes = {
    status,
    exitReason: reason,
    exitPrice,
    actualPnl: pnl,
    exitDate: newYorkDate(now),
    updatedAt: now,
  };
  await ctx.manager.getRepository(TradeJournal).update({ id: trade.id }, changes);
  Object.assign(trade, changes);
  await ctx.manager.getRepository(PositionTracking).delete({ tradeJournalId: trade.id });
  state.position = null;
  await endExitIntent(ctx.manager, trade.id, `Closed ${reason}.`);

  const closed = { tradeId: trade.tradeId, symbol: trade.symbol, reason, exitPrice: exitPrice.toString(), pnl: pnl.toCents() };
  await recordAudit(ctx.manager, {
    job: ctx.job,
    action: 'trade.close',
    outcome: 'ok',
    message: `${trade.symbol}: trade ${trade.tradeId} closed, ${reason}, ${exit.qty} shares at ${exitPrice.toString()}, realized P&L ${pnl.toCents()}.`,
    tradeJournalId: trade.id,
    symbol: trade.symbol,
    details: closed as unknown as Record<string, unknown>,
    at: now,
  });
  // R in the log event, for the alert a person reads: P&L over the planned risk.
  const r = rMultipleOf(pnl, {
    plannedEntry: trade.plannedEntry ?? entry.averagePrice ?? trade.plannedStopLoss,
    plannedStop: trade.plannedStopLoss,
    plannedQty: trade.plannedQty,
  });
  ctx.log.info(
    { event: 'trade.closed', ...closed, r: r?.toFixed(2, Decimal.ROUND_HALF_EVEN) ?? null },
    `${trade.symbol}: trade ${trade.tradeId} closed, ${reason}, realized P&L ${pnl.toCents()}.`,
  );
  return closed;
}

/** Ends a trade that never held shares: cancelled, amended, expired or rejected entry. */
export async function cancelTrade(ctx: StepContext, state: TradeState, reason: ExitReason): Promise<void> {
  const { trade } = state;
  const status = nextTradeStatus(trade.status, tradeEventOf(reason));
  const now = ctx.clock.now();
  const changes = { status, exitReason: reason, exitDate: newYorkDate(now), updatedAt: now };
  await ctx.manager.getRepository(TradeJournal).update({ id: trade.id }, changes);
  Object.assign(trade, changes);
  await recordAudit(ctx.manager, {
    job: ctx.job,
    action: 'trade.cancel',
    outcome: 'ok',
    message: `${trade.symbol}: trade ${trade.tradeId} ended without a position (${reason}).`,
    tradeJournalId: trade.id,
    symbol: trade.symbol,
    at: now,
  });
  ctx.log.info({ event: 'trade.cancelled', tradeId: trade.tradeId, symbol: trade.symbol, reason });
}
