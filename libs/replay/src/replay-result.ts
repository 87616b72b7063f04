import { newYorkDate } from '@trading-monitor/broker';
import { OrderExecution, TradeJournal, type DataSource } from '@trading-monitor/persistence';
import { factsOfClosedTrade, rMultipleText, tradingReport, type TradingReport } from '@trading-monitor/reporting';
import { In } from 'typeorm';
import type { ReplayDaysResult, ReplayedDecisionRun } from './replay-days';
import type { RealTrade } from './source-decisions';

/** One decision of the range, what the replay made of it, and (when the journal has it) what really happened. */
export interface ReplayedDecision {
  analysisId: string;
  symbol: string;
  /** The decision's day, and the market day its execute run took it (none: outside the range's market days). */
  date: string;
  replayDay: string | null;
  action: string;
  approved: boolean;
  /** What execute did with it: placed, cancelled, amended, reviewed, refused, deferred…; null when it never ran. */
  outcome: string | null;
  message: string | null;
  /** The trade the replay opened for it (a NEW_TRADE or an AMEND), if any. */
  replayed: ReplayedTrade | null;
  /** The trade the real run opened for it, when the journal holds one. */
  real: RealTrade | null;
}

export interface ReplayedTrade extends RealTrade {
  /** When the entry filled (UTC, ISO), at what average price. */
  entryFilledAt: string | null;
  r: string | null;
}

/** The replayed book: the report `report` gives, on the scratch journal, and the decisions one by one. */
export interface ReplayBook {
  report: TradingReport;
  decisions: ReplayedDecision[];
  /** Trades still open at the end of the range (held positions, working entries). */
  stillOpen: number;
}

export async function replayBook(
  dataSource: DataSource,
  range: { from: string; to: string },
  replay: ReplayDaysResult,
  realTrades: ReadonlyMap<string, readonly RealTrade[]>,
): Promise<ReplayBook> {
  const ids = replay.runs.map((run) => run.scratchId);
  const trades = ids.length === 0 ? [] : await dataSource.getRepository(TradeJournal).find({ where: { initialAnalysisId: In(ids) }, order: { id: 'ASC' } });
  const entries =
    trades.length === 0
      ? []
      : await dataSource
          .getRepository(OrderExecution)
          .find({ where: { tradeJournalId: In(trades.map((t) => t.id)), orderType: 'ENTRY' }, order: { id: 'ASC' } });
  const entryOf = new Map(entries.map((e) => [e.tradeJournalId, e]));
  const tradeOf = new Map<string, TradeJournal>();
  for (const trade of trades) if (trade.initialAnalysisId) tradeOf.set(trade.initialAnalysisId, trade);
  const stillOpen = trades.filter((t) => t.status === 'ORDERED' || t.status === 'POSITION').length;
  return {
    report: await tradingReport({ dataSource }, range),
    decisions: replay.runs.map((run) => decisionLine(run, tradeOf.get(run.scratchId), entryOf, realTrades)),
    stillOpen,
  };
}

function decisionLine(
  run: ReplayedDecisionRun,
  trade: TradeJournal | undefined,
  entryOf: ReadonlyMap<number, OrderExecution>,
  realTrades: ReadonlyMap<string, readonly RealTrade[]>,
): ReplayedDecision {
  const { source } = run;
  const real = source.analysisId ? realTrades.get(source.analysisId) : undefined;
  const entry = trade ? entryOf.get(trade.id) : undefined;
  return {
    analysisId: source.analysisId || `(row ${source.rowKey})`,
    symbol: source.symbol,
    date: source.date,
    replayDay: run.day ?? null,
    action: source.action,
    approved: source.approved,
    outcome: run.executed?.outcome ?? null,
    message: run.executed?.message ?? null,
    replayed: trade
      ? {
          tradeId: trade.tradeId,
          status: trade.status,
          qty: trade.actualQty,
          entryPrice: trade.actualEntry?.toString() ?? null,
          entryFilledAt: entry?.filledAt ? entry.filledAt.toISOString() : null,
          exitPrice: trade.exitPrice?.toString() ?? null,
          exitDate: trade.exitDate ?? null,
          exitReason: trade.exitReason,
          pnl: trade.actualPnl?.toCents() ?? null,
          r: trade.actualPnl ? rMultipleText(factsOfClosedTrade(trade)) : null,
        }
      : null,
    real: real && real.length > 0 ? real[real.length - 1] : null,
  };
}

/** "2025-09-03 10:02" New York, from an ISO instant. */
export function newYorkMinute(iso: string): string {
  const instant = new Date(iso);
  const time = instant.toLocaleTimeString('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hour12: false });
  return `${newYorkDate(instant)} ${time}`;
}
