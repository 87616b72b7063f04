import { Money, rMultipleOf, type Price } from '@trading-monitor/domain';
import type { TradeJournal } from '@trading-monitor/persistence';
import Decimal from 'decimal.js';

/** A closed trade as the report needs it. */
export interface ClosedTradeFacts {
  symbol: string;
  strategy: string;
  pnl: Money;
  plannedEntry: Price;
  plannedStop: Price;
  plannedQty: number;
}

/** Performance of a group of closed trades. Amounts are exact to the cent, ratios rounded at the edge. */
export interface Performance {
  /** The group: a symbol, a strategy, or `ALL`. */
  key: string;
  trades: number;
  wins: number;
  losses: number;
  /** Wins as a percentage of trades, one decimal ("66.7"); null with no trades. */
  winRatePercent: string | null;
  /** Sum of realized P&L in dollars and cents ("526.50"). */
  realizedPnl: string;
  /** Mean R-multiple (P&L over the planned risk), two decimals ("1.03"); null when no trade had a risk. */
  averageR: string | null;
}

/** The facts of a closed journal trade (one with a realized P&L). */
export function factsOfClosedTrade(trade: TradeJournal): ClosedTradeFacts {
  if (!trade.actualPnl) throw new RangeError(`Trade ${trade.tradeId} has no realized P&L`);
  return {
    symbol: trade.symbol,
    strategy: trade.tradeStyle,
    pnl: trade.actualPnl,
    // A market entry has no planned price: its risk is measured from the actual entry. With no
    // entry at all the risk is zero and the trade's R is left out.
    plannedEntry: trade.plannedEntry ?? trade.actualEntry ?? trade.plannedStopLoss,
    plannedStop: trade.plannedStopLoss,
    plannedQty: trade.plannedQty,
  };
}

/** Wins, losses, realized P&L and average R of a group. A trade that made exactly zero is neither win nor loss. */
export function performanceOf(key: string, trades: readonly ClosedTradeFacts[]): Performance {
  const wins = trades.filter((t) => t.pnl.isPositive()).length;
  const losses = trades.filter((t) => t.pnl.isNegative()).length;
  const rs = trades.map(rOf).filter((r): r is Decimal => r !== null);
  return {
    key,
    trades: trades.length,
    wins,
    losses,
    winRatePercent: trades.length === 0 ? null : new Decimal(wins).times(100).dividedBy(trades.length).toFixed(1, Decimal.ROUND_HALF_EVEN),
    realizedPnl: Money.sum(trades.map((t) => t.pnl)).toCents(),
    averageR:
      rs.length === 0
        ? null
        : rs
            .reduce((sum, r) => sum.plus(r), new Decimal(0))
            .dividedBy(rs.length)
            .toFixed(2, Decimal.ROUND_HALF_EVEN),
  };
}

/** One performance line per value of `keyOf`, sorted by key. */
export function performanceBy(trades: readonly ClosedTradeFacts[], keyOf: (trade: ClosedTradeFacts) => string): Performance[] {
  const groups = new Map<string, ClosedTradeFacts[]>();
  for (const trade of trades) groups.set(keyOf(trade), [...(groups.get(keyOf(trade)) ?? []), trade]);
  return [...groups.keys()].sort().map((key) => performanceOf(key, groups.get(key) ?? []));
}

/** The trade's R-multiple, two decimals, or null when the plan risked nothing. */
export function rMultipleText(trade: ClosedTradeFacts): string | null {
  return rOf(trade)?.toFixed(2, Decimal.ROUND_HALF_EVEN) ?? null;
}

function rOf(trade: ClosedTradeFacts): Decimal | null {
  return rMultipleOf(trade.pnl, { plannedEntry: trade.plannedEntry, plannedStop: trade.plannedStop, plannedQty: trade.plannedQty });
}
