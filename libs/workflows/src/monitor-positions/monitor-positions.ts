import type { BrokerPosition } from '@trading-monitor/broker';
import { signedQty, valuePosition, type Price, type Side } from '@trading-monitor/domain';
import { PositionTracking, findOrdersOfTrades, findPositionTrades, recordAudit } from '@trading-monitor/persistence';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import type { ClosedTrade } from '../trade-sync/close-trade';
import { alarmUnloadable } from '../trade-sync/unloadable-trade';
import { runTradeStep } from '../trade-sync/trade-step';

export interface MonitorPositionsSummary {
  /** Open positions in the journal. */
  positions: number;
  /** Marked to a fresh price. */
  marked: number;
  /** Symbols without a price this run: their last price stays. */
  unpriced: string[];
  /** Positions found gone at the broker and closed in the journal. */
  closed: ClosedTrade[];
  /** Journal and broker disagree on the quantity. */
  mismatches: string[];
  /** Broker positions the journal does not know (opened outside the product). */
  untracked: string[];
  failed: Array<{ tradeId?: string; error: string }>;
}

const JOB = 'monitor-positions' as const;

/**
 * Marks every open position to market (one price call for all symbols) and compares the journal with
 * the broker's positions (one call): a position gone at the broker is closed in the journal. Only a
 * successful answer from the broker can close anything; a failed one changes nothing.
 */
export async function monitorPositions(deps: JobDeps): Promise<MonitorPositionsSummary> {
  const { dataSource, broker, clock, log } = deps;
  const summary: MonitorPositionsSummary = { positions: 0, marked: 0, unpriced: [], closed: [], mismatches: [], untracked: [], failed: [] };
  const trades = await findPositionTrades(dataSource.manager);
  const rows = await dataSource.getRepository(PositionTracking).find();
  const positions = rows.filter((p) => trades.some((t) => t.id === p.tradeJournalId));
  summary.positions = trades.length;
  if (trades.length === 0) return summary;

  const symbols = [...new Set(trades.map((t) => t.symbol))];
  let prices = new Map<string, Price>();
  try {
    prices = await broker.latestPrices(symbols);
  } catch (error) {
    summary.failed.push({ error: `Prices unavailable (${describeError(error)}): every position keeps its last price.` });
    log.warn({ event: 'prices.unavailable', err: error }, 'Latest prices unavailable; positions keep their last price.');
  }
  const sides = new Map<number, Side>(
    (
      await findOrdersOfTrades(
        dataSource.manager,
        trades.map((t) => t.id),
      )
    )
      .filter((o) => o.orderType === 'ENTRY')
      .map((o) => [o.tradeJournalId, o.side]),
  );
  const now = clock.now();
  await dataSource.transaction(async (manager) => {
    for (const position of positions) {
      const price = prices.get(position.symbol);
      if (position.unloadable) continue; // rewritten from the fills by the next order run
      if (!price) {
        if (!summary.unpriced.includes(position.symbol)) summary.unpriced.push(position.symbol);
        continue;
      }
      const valuation = valuePosition({
        entrySide: sides.get(position.tradeJournalId) ?? 'buy',
        qty: position.qty,
        avgEntryPrice: position.avgEntryPrice,
        price,
      });
      await manager.getRepository(PositionTracking).update({ id: position.id }, { currentPrice: price, ...valuation, lastUpdated: now });
      summary.marked++;
    }
  });
  if (summary.unpriced.length > 0) {
    log.warn({ event: 'prices.missing', symbols: summary.unpriced }, `No price for ${summary.unpriced.join(', ')}; keeping the last one.`);
  }

  let held: BrokerPosition[];
  try {
    held = await broker.listPositions();
  } catch (error) {
    const message = `Broker positions unavailable (${describeError(error)}): nothing is closed on a failed answer; next run checks again.`;
    summary.failed.push({ error: message });
    log.warn({ event: 'positions.unavailable', err: error }, message);
    return summary;
  }
  const atBroker = new Map(held.map((p) => [p.symbol, p]));
  for (const trade of trades) {
    const brokerPosition = atBroker.get(trade.symbol);
    const journalQty = positions.find((p) => p.tradeJournalId === trade.id)?.qty ?? 0;
    if (!brokerPosition) {
      try {
        const closed = await runTradeStep({ ...deps, job: JOB }, { kind: 'vanished', tradeJournalId: trade.id });
        if (closed) summary.closed.push(closed);
      } catch (error) {
        const unloadable = await alarmUnloadable(error, { manager: dataSource.manager, log, job: JOB, at: clock.now() }, trade);
        if (unloadable) {
          summary.failed.push({ tradeId: trade.tradeId, error: unloadable });
          continue;
        }
        summary.failed.push({ tradeId: trade.tradeId, error: `${trade.symbol}: ${describeError(error)}; retried next run.` });
        log.error({ event: 'position.close-failed', tradeId: trade.tradeId, err: error }, describeError(error));
      }
    } else if (brokerPosition.qty !== signedQty(sides.get(trade.id) ?? 'buy', journalQty)) {
      // Signed: a long in the journal against a short at the broker is the worst mismatch of all.
      const message = `${trade.symbol}: the journal holds ${describeQty(sides.get(trade.id) ?? 'buy', journalQty)}, the broker ${describeQty('buy', brokerPosition.qty)}. Run reconcile to see why.`;
      summary.mismatches.push(message);
      log.error({ event: 'position.mismatch', tradeId: trade.tradeId, symbol: trade.symbol, journalQty, brokerQty: brokerPosition.qty }, message);
      await recordAudit(dataSource.manager, {
        job: JOB,
        action: 'position.compare',
        outcome: 'alarm',
        message,
        tradeJournalId: trade.id,
        symbol: trade.symbol,
        at: now,
      });
    }
  }
  const tracked = new Set(trades.map((t) => t.symbol));
  summary.untracked = held.filter((p) => !tracked.has(p.symbol)).map((p) => `${p.symbol} ${p.qty}`);
  log.info({
    event: 'monitor-positions.done',
    positions: summary.positions,
    marked: summary.marked,
    closed: summary.closed.length,
    unpriced: summary.unpriced.length,
    mismatches: summary.mismatches.length,
  });
  return summary;
}

/** "45 shares long", "45 shares short" (a negative quantity read on the buy side is short). */
function describeQty(entrySide: Side, qty: number): string {
  const signed = signedQty(entrySide, qty);
  return `${Math.abs(signed)} shares ${signed < 0 ? 'short' : 'long'}`;
}
