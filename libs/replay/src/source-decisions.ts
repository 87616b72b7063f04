import { newYorkDate, sessionOn } from '@trading-monitor/broker';
import { parseDecision } from '@trading-monitor/domain';
import { listDecisions, OrderExecution, TradeJournal, type DataSource } from '@trading-monitor/persistence';
import { In } from 'typeorm';

export type DecisionSelection = 'approved' | 'all';

/** A decision of the journal's table as replay plays it again. */
export interface SourceDecision {
  /** The row's key in the journal's table. */
  rowKey: string;
  /** Its Analysis_Id ('' when empty). */
  analysisId: string;
  ticker: string;
  /** The symbol traded (the ticker before any `:EXCHANGE`). */
  symbol: string;
  /** NEW_TRADE, CANCEL, AMEND, NO_ACTION, or what the row says when it cannot be read. */
  action: string;
  decision: unknown;
  tradeType: string | null;
  /** The decision's day: `Date`, else the New York date it was written. */
  date: string;
  dateTime: Date | null;
  approved: boolean;
  /** The planned entry, when the decision has one: where the offline bars start for its symbol. */
  plannedEntry: string | null;
  /**
   * For CANCEL, AMEND and NO_ACTION: the Analysis_Id of the decision whose trade the real run acted
   * on (read from the journal through existing_order_id / existing_trade_journal_id), so the replay
   * acts on the replayed trade of that decision. Null: the open trade in the symbol, as execute does.
   */
  targetAnalysisId: string | null;
}

/** The real trade of a decision in the journal, for the side-by-side. */
export interface RealTrade {
  tradeId: string;
  status: string;
  qty: number | null;
  entryPrice: string | null;
  exitPrice: string | null;
  exitDate: string | null;
  exitReason: string | null;
  pnl: string | null;
}

export interface SourceBook {
  decisions: SourceDecision[];
  /** By Analysis_Id: the trades the real run opened for that decision, oldest first. */
  realTrades: Map<string, RealTrade[]>;
}

export interface SourceFilter {
  from: string;
  to: string;
  selection: DecisionSelection;
  /** Only these symbols (upper case); undefined: all. */
  symbols?: ReadonlySet<string>;
}

/**
 * Reads, and only reads, the decisions of the range from the journal's decisions table and the
 * real trades they led to: no row is claimed, locked or marked.
 */
export async function readSourceBook(dataSource: DataSource, filter: SourceFilter): Promise<SourceBook> {
  const rows = await listDecisions(dataSource.manager);
  const decisions: SourceDecision[] = [];
  for (const row of rows) {
    if (filter.selection === 'approved' && !row.approved) continue;
    const date = row.date ?? (row.dateTime ? newYorkDate(row.dateTime) : null);
    if (!date || date < filter.from || date > filter.to) continue;
    const symbol = row.ticker.split(':')[0].trim().toUpperCase();
    if (filter.symbols && !filter.symbols.has(symbol)) continue;
    const parsed = parseDecision({ ticker: row.ticker, decision: row.decision });
    const plan = parsed.ok && 'trade' in parsed.intent ? parsed.intent.trade : undefined;
    decisions.push({
      rowKey: row.rowKey,
      analysisId: row.analysisId,
      ticker: row.ticker,
      symbol,
      action: parsed.ok ? parsed.intent.action : actionWritten(row.decision),
      decision: row.decision,
      tradeType: plan?.style ?? null,
      date,
      dateTime: row.dateTime,
      approved: row.approved,
      plannedEntry: plan?.entryLimit?.toString() ?? null,
      targetAnalysisId: null,
    });
  }
  await findTargets(dataSource, decisions, rows);
  const ids = [...new Set(decisions.map((d) => d.analysisId).filter((id) => id !== ''))];
  const trades = ids.length === 0 ? [] : await dataSource.getRepository(TradeJournal).find({ where: { initialAnalysisId: In(ids) }, order: { id: 'ASC' } });
  const realTrades = new Map<string, RealTrade[]>();
  for (const trade of trades) {
    const key = trade.initialAnalysisId ?? '';
    realTrades.set(key, [
      ...(realTrades.get(key) ?? []),
      {
        tradeId: trade.tradeId,
        status: trade.status,
        qty: trade.actualQty,
        entryPrice: trade.actualEntry?.toString() ?? null,
        exitPrice: trade.exitPrice?.toString() ?? null,
        exitDate: trade.exitDate ?? null,
        exitReason: trade.exitReason,
        pnl: trade.actualPnl?.toCents() ?? null,
      },
    ]);
  }
  return { decisions, realTrades };
}

/** The first market day on or after the decision's day: when the replay's execute takes it (09:45 New York). */
export function replayDayOf(decision: Pick<SourceDecision, 'date'>, days: readonly string[]): string | undefined {
  return days.find((day) => day >= decision.date && sessionOn(day));
}

async function findTargets(dataSource: DataSource, decisions: SourceDecision[], rows: Awaited<ReturnType<typeof listDecisions>>): Promise<void> {
  const byKey = new Map(rows.map((r) => [r.rowKey, r]));
  for (const decision of decisions) {
    if (decision.action === 'NEW_TRADE') continue;
    const row = byKey.get(decision.rowKey);
    let tradeJournalId = row?.existingTradeJournalId ?? null;
    if (!tradeJournalId && row?.existingOrderId) {
      const order = await dataSource.getRepository(OrderExecution).findOne({ where: { alpacaOrderId: row.existingOrderId } });
      tradeJournalId = order?.tradeJournalId ?? null;
    }
    if (!tradeJournalId) continue;
    const trade = await dataSource.getRepository(TradeJournal).findOne({ where: { id: tradeJournalId } });
    // An executed AMEND names its own new entry: that is not what it acted on.
    if (trade?.initialAnalysisId && trade.initialAnalysisId !== decision.analysisId) decision.targetAnalysisId = trade.initialAnalysisId;
  }
}

function actionWritten(decision: unknown): string {
  try {
    const value = typeof decision === 'string' ? JSON.parse(decision) : decision;
    const action = (value as { primary_action?: unknown } | null)?.primary_action;
    return typeof action === 'string' && action.trim() !== '' ? action : 'UNREADABLE';
  } catch {
    return 'UNREADABLE';
  }
}
