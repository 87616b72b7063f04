import { describeStream, readStreamState, type StreamState } from '../stream/stream-status';
import { Money, type JournalOrderStatus, type OrderRole } from '@trading-monitor/domain';
import {
  PositionTracking,
  countPendingDecisions,
  decisionTableOf,
  findOpenOrders,
  findOpenTrades,
  findTradesByIds,
  readHaltState,
} from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';

export interface OpenTradeView {
  tradeId: string;
  symbol: string;
  strategy: string;
  /** ORDERED (entry working) or POSITION (shares held). */
  status: string;
  plannedQty: number;
  plannedEntry: string | null;
  stopLoss: string | null;
  takeProfit: string | null;
  filledQty: number | null;
  entryPrice: string | null;
  /** trade_journal.days_open: how many times a NO_ACTION decision reviewed the open trade (not days). */
  daysOpen: number | null;
  openedAt: string | null;
}

export interface WorkingOrderView {
  orderId: string;
  tradeId: string | null;
  symbol: string;
  /** ENTRY, STOP_LOSS or TAKE_PROFIT. */
  role: OrderRole;
  side: string;
  qty: number;
  filledQty: number;
  limitPrice: string | null;
  stopPrice: string | null;
  status: JournalOrderStatus;
  timeInForce: string;
  placedAt: string | null;
}

export interface PositionView {
  tradeId: string | null;
  symbol: string;
  qty: number;
  avgEntryPrice: string;
  currentPrice: string;
  marketValue: string;
  unrealizedPnl: string;
  /** When the position monitor last marked it. */
  markedAt: string | null;
}

export interface TradingStatus {
  asOf: string;
  halt: { halted: boolean; reason: string | null; since: string | null };
  /** The decisions table read, `schema.table`; the product's tables are in its schema. */
  decisionTable: string;
  /** Approved decisions the next execute run will take. */
  pendingDecisions: number;
  openTrades: OpenTradeView[];
  workingOrders: WorkingOrderView[];
  positions: PositionView[];
  /** Sum over the positions, at their last marks. */
  unrealizedPnl: string;
  /** The scheduler's trade_updates stream as it last recorded it (see stream/stream-status.ts). */
  orderEvents: { state: StreamState; since: string | null; degraded: boolean; detail: string };
}

/**
 * What the journal holds right now: open trades, working orders, positions at their last marks,
 * the halt switch and the decisions waiting. Reads the database only, so it answers while the
 * broker is down; `reconcile` is the command that compares with the broker.
 */
export async function tradingStatus(deps: Pick<JobDeps, 'dataSource' | 'clock'>): Promise<TradingStatus> {
  const manager = deps.dataSource.manager;
  const halt = await readHaltState(manager);
  const decisionTable = await decisionTableOf(manager);
  const pendingDecisions = await countPendingDecisions(manager);
  const trades = await findOpenTrades(manager);
  const orders = await findOpenOrders(manager);
  const positions = await manager.getRepository(PositionTracking).find({ order: { symbol: 'ASC', id: 'ASC' } });
  // Orders and positions name their trade by row id; a closed trade can still own a working order.
  const tradeIds = new Set([...orders.map((o) => o.tradeJournalId), ...positions.map((p) => p.tradeJournalId)]);
  const known = new Map((await findTradesByIds(manager, [...tradeIds])).map((t) => [t.id, t]));

  const stream = await readStreamState(manager);
  return {
    orderEvents: { state: stream.state, since: stream.since?.toISOString() ?? null, ...describeStream(stream, deps.clock.now()) },
    asOf: deps.clock.now().toISOString(),
    halt: { halted: halt.halted, reason: halt.reason, since: halt.since?.toISOString() ?? null },
    decisionTable: `${decisionTable.schema}.${decisionTable.table}`,
    pendingDecisions,
    openTrades: trades.map((t) => ({
      tradeId: t.tradeId,
      symbol: t.symbol,
      strategy: t.tradeStyle,
      status: t.status,
      plannedQty: t.plannedQty,
      plannedEntry: t.plannedEntry?.toString() ?? null,
      // A row whose stop cannot be read (TradeJournal.unloadable) is shown, not a reason to fail.
      stopLoss: (t.currentStopLoss ?? (t.plannedStopLoss as typeof t.plannedStopLoss | null))?.toString() ?? 'unreadable',
      takeProfit: t.plannedTakeProfit?.toString() ?? null,
      filledQty: t.actualQty,
      entryPrice: t.actualEntry?.toString() ?? null,
      daysOpen: t.daysOpen,
      openedAt: t.createdAt?.toISOString() ?? null,
    })),
    workingOrders: orders.map((o) => ({
      orderId: o.alpacaOrderId,
      tradeId: known.get(o.tradeJournalId)?.tradeId ?? null,
      symbol: known.get(o.tradeJournalId)?.symbol ?? '?',
      role: o.orderType,
      side: o.side,
      qty: o.qty,
      filledQty: o.filledQty ?? 0,
      limitPrice: o.limitPrice?.toString() ?? null,
      stopPrice: o.stopPrice?.toString() ?? null,
      status: o.orderStatus,
      timeInForce: o.timeInForce,
      placedAt: o.createdAt?.toISOString() ?? null,
    })),
    positions: positions.map((p) => ({
      tradeId: known.get(p.tradeJournalId)?.tradeId ?? null,
      symbol: p.symbol,
      qty: p.qty,
      avgEntryPrice: p.avgEntryPrice.toString(),
      currentPrice: p.currentPrice.toString(),
      marketValue: p.marketValue.toCents(),
      unrealizedPnl: (p.unrealizedPnl ?? Money.ZERO).toCents(),
      markedAt: p.lastUpdated?.toISOString() ?? null,
    })),
    unrealizedPnl: Money.sum(positions.map((p) => p.unrealizedPnl ?? Money.ZERO)).toCents(),
  };
}
