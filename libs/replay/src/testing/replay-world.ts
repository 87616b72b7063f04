import { MARKET_ZONE, SimulatedBroker } from '@trading-monitor/broker';
import { silentLogger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { AnalysisDecision, createDataSource, setupDatabase, type DataSource } from '@trading-monitor/persistence';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { newTradeDecision } from '@trading-monitor/workflows/testing';
import { DateTime } from 'luxon';
import type { DayBars } from '../bars/day-bars';
import type { ReplayDeps } from '../replay-days';

/** A set-up database of the test server. */
export interface OpenDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

export async function openTestBook(): Promise<OpenDatabase> {
  const db: TestDatabase = await createTestDatabase();
  const dataSource = await createDataSource(db.url).initialize();
  await setupDatabase(dataSource, { production: false });
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/** A scratch book for one replay: its own database and a fresh simulated market. */
export async function openScratch(start: string): Promise<ReplayDeps & { close(): Promise<void> }> {
  const book = await openTestBook();
  const clock = new ManualClock(new Date(`${start}T00:00:00Z`));
  const sim = new SimulatedBroker({ clock, cash: '1000000000' });
  return { dataSource: book.dataSource, broker: sim, sim, clock, log: silentLogger(), close: book.close };
}

let written = 0;

/** An approved (unless told) decision in the journal's table, as the analysis pipeline writes it. */
export async function writeDecision(
  journal: DataSource,
  id: string,
  day: string,
  decision: Record<string, unknown>,
  extra: Partial<Omit<AnalysisDecision, 'decision'>> = {},
): Promise<void> {
  const repository = journal.getRepository(AnalysisDecision);
  await repository.insert({
    analysisId: id,
    ticker: String(decision['symbol']),
    decision: decision as object,
    date: day,
    approve: true,
    dateTime: new Date(DateTime.fromISO(`${day}T08:00`, { zone: MARKET_ZONE }).toMillis() + written++ * 1000),
    ...extra,
  });
}

/** The canonical decision for a symbol on a replay day: 10 shares at 100 (stop 95, target 110) unless overridden. */
export function decisionFor(symbol: string, day: string, trade: Record<string, unknown> = {}, action = 'NEW_TRADE'): Record<string, unknown> {
  if (action === 'CANCEL' || action === 'NO_ACTION') return { symbol, analysis_date: day, primary_action: action };
  const decision = newTradeDecision(symbol, { qty: 10, limit_price: 100, stop_loss: { stop_price: 95 }, take_profit: { limit_price: 110 }, ...trade }, action);
  return { ...decision, analysis_date: day };
}

type Ohlc = readonly [open: number, high: number, low: number, close: number];

/**
 * A regular session of 1-minute bars (09:30 to 15:59, New York) at `price`, every bar flat, except
 * the minutes given ("10:00": [open, high, low, close]); from an override on, the session holds at
 * that bar's close until the next override.
 */
export function sessionBars(day: string, price: number, changes: Record<string, Ohlc> = {}, close = '16:00'): DayBars {
  const bars: DayBars = { t: [], o: [], h: [], l: [], c: [] };
  let last = price;
  const start = DateTime.fromISO(`${day}T09:30`, { zone: MARKET_ZONE });
  const end = DateTime.fromISO(`${day}T${close}`, { zone: MARKET_ZONE });
  for (let at = start; at < end; at = at.plus({ minutes: 1 })) {
    const change = changes[at.toFormat('HH:mm')];
    const [o, h, l, c] = change ?? [last, last, last, last];
    bars.t.push(at.toMillis());
    bars.o.push(o);
    bars.h.push(h);
    bars.l.push(l);
    bars.c.push(c);
    last = c;
  }
  return bars;
}
