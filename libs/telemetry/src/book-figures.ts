import { unprotectedShares } from '@trading-monitor/domain';
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
  const unprotected = status.positions
    .map((p) => {
      const orders = p.tradeId ? status.workingOrders.filter((o) => o.tradeId === p.tradeId) : [];
      return { tradeId: p.tradeId, symbol: p.symbol, shares: unprotectedShares(Math.abs(p.qty), orders) };
    })
    .filter((p) => p.shares > 0);
  return { openTrades: status.openTrades.length, unprotected, realizedPnlToday: report.totals.realizedPnl };
}
