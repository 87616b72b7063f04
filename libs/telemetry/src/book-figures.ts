import { tradingReport } from '@trading-monitor/reporting';
import { newYorkDate } from '@trading-monitor/broker';
import { tradingStatus, type JobDeps } from '@trading-monitor/workflows';

export interface UnprotectedPosition {
  tradeId: string | null;
  symbol: string;
  /** Shares held with no working stop behind them. */
  shares: number;
}

/** What the book looks like now, for the health and metrics endpoints. Reads the journal only. */
export interface BookFigures {
  openTrades: number;
  unprotected: UnprotectedPosition[];
  /** Realized P&L of the trades closed today (New York), dollars and cents. */
  realizedPnlToday: string;
}

export async function bookFigures(deps: Pick<JobDeps, 'dataSource' | 'clock'>): Promise<BookFigures> {
  const status = await tradingStatus(deps);
  const today = newYorkDate(deps.clock.now());
  const report = await tradingReport(deps, { from: today, to: today });
  const stopped = new Map<string, number>();
  for (const order of status.workingOrders) {
    if (order.role !== 'STOP_LOSS' || !order.tradeId) continue;
    stopped.set(order.tradeId, (stopped.get(order.tradeId) ?? 0) + order.qty - order.filledQty);
  }
  const unprotected = status.positions
    .map((p) => ({ tradeId: p.tradeId, symbol: p.symbol, shares: Math.max(Math.abs(p.qty) - (p.tradeId ? (stopped.get(p.tradeId) ?? 0) : 0), 0) }))
    .filter((p) => p.shares > 0);
  return { openTrades: status.openTrades.length, unprotected, realizedPnlToday: report.totals.realizedPnl };
}
