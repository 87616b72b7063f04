import { isWorkingOrderStatus } from '@trading-monitor/domain';
import { OrderExecution, PositionTracking, TradeJournal, type DataSource } from '@trading-monitor/persistence';
import { factsOfClosedTrade, rMultipleText } from '@trading-monitor/reporting';
import type { ExecutedDecision, MonitorOrdersSummary, MonitorPositionsSummary, OrderEventOutcome } from '@trading-monitor/workflows';

// Turns what a job did into lines a newcomer can follow: the job summaries say how many, the journal
// before and after says which trade, at what price, protected how.

export interface JournalSnapshot {
  trades: Map<number, TradeJournal>;
  orders: OrderExecution[];
  positions: PositionTracking[];
}

export interface Narrated {
  symbol?: string;
  text: string;
}

export async function snapshotJournal(dataSource: DataSource): Promise<JournalSnapshot> {
  const trades = await dataSource.getRepository(TradeJournal).find({ order: { id: 'ASC' } });
  return {
    trades: new Map(trades.map((t) => [t.id, t])),
    orders: await dataSource.getRepository(OrderExecution).find({ order: { id: 'ASC' } }),
    positions: await dataSource.getRepository(PositionTracking).find({ order: { symbol: 'ASC' } }),
  };
}

export function narrateDecisions(decisions: readonly ExecutedDecision[], tickers: ReadonlyMap<string, string>): Narrated[] {
  return decisions.map((d) => {
    const symbol = d.symbol ?? tickers.get(d.analysisId);
    // The job's messages start with the symbol, which the line already shows.
    const message = symbol && d.message.startsWith(`${symbol}: `) ? d.message.slice(symbol.length + 2) : d.message;
    return { symbol, text: d.outcome === 'refused' ? `refused, no order placed: ${message}` : message };
  });
}

/**
 * What the trade_updates stream did after a price move, as the order monitor's lines, each protection
 * with the measured time from the move (the fill) to the journal recording the protection accepted.
 */
export function narrateStream(outcomes: readonly OrderEventOutcome[], before: JournalSnapshot, after: JournalSnapshot, seconds: number): Narrated[] {
  const synced = outcomes.flatMap((o) => (o.kind === 'synced' ? [o.result] : []));
  const summary = { closed: synced.flatMap((r) => (r.closed ? [r.closed] : [])), alarms: synced.flatMap((r) => r.alarms), failed: [] };
  return narrateOrders(summary, before, after).map((line) =>
    line.text.startsWith('entry filled') && !line.text.includes('NOT protected')
      ? { ...line, text: `${line.text}, ${seconds.toFixed(2)} s after the fill` }
      : line,
  );
}

export function narrateOrders(
  summary: Pick<MonitorOrdersSummary, 'closed' | 'alarms' | 'failed'>,
  before: JournalSnapshot,
  after: JournalSnapshot,
): Narrated[] {
  const lines: Narrated[] = [];
  for (const trade of after.trades.values()) {
    const was = before.trades.get(trade.id);
    const filledBefore = was?.actualQty ?? 0;
    if ((trade.actualQty ?? 0) > filledBefore) {
      lines.push({
        symbol: trade.symbol,
        text: `entry filled ${(trade.actualQty ?? 0) - filledBefore} @ ${trade.actualEntry?.toString()} → ${protectionOf(trade, after.orders)}`,
      });
    }
    if (was && was.status === 'ORDERED' && trade.status === 'CANCELLED') {
      lines.push({ symbol: trade.symbol, text: `entry ended unfilled → CANCELLED (${trade.exitReason})` });
    }
  }
  for (const closed of summary.closed) lines.push(closeLine(closed, after));
  for (const alarm of summary.alarms) lines.push({ text: `ALARM: ${alarm}` });
  for (const failed of summary.failed) lines.push({ text: `failed: ${failed.error}` });
  return lines;
}

export function narratePositions(summary: MonitorPositionsSummary, after: JournalSnapshot, showMarks: boolean): Narrated[] {
  const lines: Narrated[] = summary.closed.map((closed) => closeLine(closed, after));
  if (showMarks && after.positions.length > 0) {
    const marks = after.positions.map((p) => `${p.symbol} ${p.qty} @ ${p.currentPrice.toString()} (${signed(p.unrealizedPnl?.toCents() ?? '0.00')})`);
    lines.push({ text: `marked to market: ${marks.join(' · ')}` });
  }
  for (const text of [...summary.mismatches, ...summary.untracked.map((u) => `untracked position at the broker: ${u}`)]) lines.push({ text: `ALARM: ${text}` });
  for (const failed of summary.failed) lines.push({ text: `failed: ${failed.error}` });
  return lines;
}

function closeLine(closed: { tradeId: string; symbol: string; reason: string; exitPrice: string; pnl: string }, after: JournalSnapshot): Narrated {
  const trade = [...after.trades.values()].find((t) => t.tradeId === closed.tradeId);
  const how = { TARGET_HIT: 'take-profit filled', STOPPED_OUT: 'stop triggered', MANUAL_EXIT: 'position closed outside the product' }[closed.reason] ?? 'exit';
  const r = trade?.actualPnl ? rMultipleText(factsOfClosedTrade(trade)) : null;
  return {
    symbol: closed.symbol,
    text: `${how}, sold ${trade?.actualQty ?? '?'} @ ${closed.exitPrice} → CLOSED ${closed.reason}, P&L ${signed(closed.pnl)}${r ? ` (${signed(r)}R)` : ''}`,
  };
}

function protectionOf(trade: TradeJournal, orders: readonly OrderExecution[]): string {
  const working = orders.filter((o) => o.tradeJournalId === trade.id && isWorkingOrderStatus(o.orderStatus));
  const stop = working.find((o) => o.orderType === 'STOP_LOSS');
  const target = working.find((o) => o.orderType === 'TAKE_PROFIT');
  if (stop && target) return `protected by OCO stop ${stop.stopPrice?.toString()} / take-profit ${target.limitPrice?.toString()} (${stop.timeInForce})`;
  if (stop) return `protected by stop ${stop.stopPrice?.toString()} (${stop.timeInForce})`;
  return 'NOT protected yet: the next run retries';
}

/** "+526.50", "-134.10", "0.00": a sign on every non-zero amount. */
export function signed(amount: string): string {
  return amount.startsWith('-') || /^0(\.0+)?$/.test(amount) ? amount : `+${amount}`;
}
