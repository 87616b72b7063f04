import { Money } from '@trading-monitor/domain';
import type { ReportedTrade } from './trading-report';

/** One point of the equity curve: the start of the range, or the exit of one trade. */
export interface EquityPoint {
  /** 0 at the start of the range, then the trade's place in exit order (1, 2, …). */
  index: number;
  /** The trade whose exit made this point; null at the start. */
  trade: ReportedTrade | null;
  /** Cumulative realized P&L after this point's trade. */
  equity: Money;
  /** equity minus the highest equity so far (the start's zero included): 0 at a new high, negative below it. */
  drawdown: Money;
}

export interface EquityCurve {
  /** The start (zero) then one point per trade, oldest exit first: trades + 1 points. */
  points: EquityPoint[];
  /** The deepest drawdown, 0 or negative. */
  maxDrawdown: Money;
  /** The point where the deepest drawdown was reached; null when the curve never fell below its peak. */
  trough: EquityPoint | null;
}

/**
 * The equity curve of a report's trades: cumulative realized P&L, exact to the cent, by exit (the
 * report lists its trades oldest exit first), with its drawdown from the running peak. The range
 * starts at zero: realized P&L only, not the account's balance.
 */
export function equityCurveOf(trades: readonly ReportedTrade[]): EquityCurve {
  const zero = Money.of(0);
  const points: EquityPoint[] = [{ index: 0, trade: null, equity: zero, drawdown: zero }];
  let equity = zero;
  let peak = zero;
  let trough: EquityPoint | null = null;
  trades.forEach((trade, i) => {
    equity = equity.plus(Money.of(trade.pnl));
    if (equity.compare(peak) > 0) peak = equity;
    const point = { index: i + 1, trade, equity, drawdown: equity.minus(peak) };
    points.push(point);
    if (point.drawdown.compare(trough?.drawdown ?? zero) < 0) trough = point;
  });
  return { points, maxDrawdown: (trough as EquityPoint | null)?.drawdown ?? zero, trough };
}
