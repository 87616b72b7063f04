import { TradeJournal, type DataSource } from '@trading-monitor/persistence';
import { factsOfClosedTrade, performanceBy, performanceOf, rMultipleText, type Performance } from './performance';
import type { ReportRange } from './report-range';

/** One closed trade in the report. Money and prices are decimal strings. */
export interface ReportedTrade {
  tradeId: string;
  symbol: string;
  strategy: string;
  exitDate: string;
  exitReason: string | null;
  qty: number | null;
  entryPrice: string | null;
  exitPrice: string | null;
  pnl: string;
  /** P&L in units of the planned risk; null when the plan risked nothing. */
  r: string | null;
}

export interface TradingReport extends ReportRange {
  totals: Performance;
  bySymbol: Performance[];
  byStrategy: Performance[];
  /** Oldest exit first. */
  trades: ReportedTrade[];
}

/**
 * Realized performance of the trades closed (exit date, New York) within the range: P&L, win rate
 * and average R-multiple, overall, by symbol and by strategy. Cancelled trades never held shares and
 * are left out.
 */
export async function tradingReport(deps: { dataSource: DataSource }, range: ReportRange): Promise<TradingReport> {
  const closed = await deps.dataSource
    .getRepository(TradeJournal)
    .createQueryBuilder('t')
    .where("t.status = 'CLOSED'")
    .andWhere('t.exitDate BETWEEN :from AND :to', range)
    .orderBy('t.exitDate', 'ASC')
    .addOrderBy('t.updatedAt', 'ASC')
    .addOrderBy('t.id', 'ASC')
    .getMany();
  // Every CLOSED trade has a P&L; the guard keeps a hand-edited row from breaking the report.
  const counted = closed.filter((trade) => trade.actualPnl !== null).map((trade) => ({ trade, facts: factsOfClosedTrade(trade) }));
  const all = counted.map((c) => c.facts);
  return {
    ...range,
    totals: performanceOf('ALL', all),
    bySymbol: performanceBy(all, (t) => t.symbol),
    byStrategy: performanceBy(all, (t) => t.strategy),
    trades: counted.map(({ trade, facts }) => ({
      tradeId: trade.tradeId,
      symbol: trade.symbol,
      strategy: trade.tradeStyle,
      exitDate: trade.exitDate as string,
      exitReason: trade.exitReason,
      qty: trade.actualQty,
      entryPrice: trade.actualEntry?.toString() ?? null,
      exitPrice: trade.exitPrice?.toString() ?? null,
      pnl: facts.pnl.toCents(),
      r: rMultipleText(facts),
    })),
  };
}
