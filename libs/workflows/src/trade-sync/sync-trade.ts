import type { BrokerOrder } from '@trading-monitor/broker';
import { exitReasonOf, nextTradeStatus, unfilledEntryEnding, type ExitReason, type TradeStatus } from '@trading-monitor/domain';
import { TradeJournal, recordAudit } from '@trading-monitor/persistence';
import { applyReport } from './apply-order-report';
import { openCancelIntentOf } from './cancel-intent';
import { cancelOrderAt } from './cancel-order';
import { cancelTrade, closeTrade, type ClosedTrade } from './close-trade';
import { refreshPosition } from './position-row';
import { exitThroughStop } from './exit-through-stop';
import { isBeingExited } from './exit-intent';
import { followReplacement } from './follow-replacement';
import { freezeOnUnexplainedShares, isTradeFrozen } from './split-rebase';
import { protectPosition, type ProtectionResult } from './protect-position';
import type { StepContext } from './sync-context';
import { raiseAlarm } from './trade-alarm';
import { entrySideOf, entryTotalsOf, exitTotalsOf, heldQtyOf, isEntry, isProtective, isWorking, loadTradeState, type TradeState } from './trade-state';

export interface TradeSyncResult {
  tradeId: string;
  symbol: string;
  /** The trade's status when the step loaded it, and after it. */
  statusBefore: TradeStatus;
  status: TradeStatus;
  ordersUpdated: number;
  /** The entry filled (first shares, or more of them). */
  filled: boolean;
  protection?: ProtectionResult;
  closed?: ClosedTrade;
  cancelled?: ExitReason;
  alarms: string[];
  /** A person must look at the trade first (split-rebase.ts): nothing was done, the alarm says why. */
  frozen?: boolean;
}

export interface SyncOptions {
  /** The entry is being cancelled by a decision: AMEND ends the trade as AMENDED rather than CANCELLED. */
  cancelledBy?: 'CANCEL' | 'AMEND';
  /** Shares the broker says it holds for this trade, when checked: protection never covers more. */
  heldAtBroker?: number;
  /**
   * `facts`: apply the reports and record what they mean (fills, POSITION, CANCELLED, the position
   * row), sending nothing to the broker, so the facts commit on their own. `remedies`: act on the
   * recorded state (protect, exit, cancel leftovers, close). Default: both in one (trade-step.ts
   * runs the two phases in two transactions).
   */
  phase?: 'facts' | 'remedies';
}

/**
 * One lifecycle step for one trade, inside the caller's transaction: apply what the broker reports
 * for its orders, then act on it — entry fill → POSITION with protection at the broker; entry gone
 * unfilled → CANCELLED; position fully exited → CLOSED with exact P&L. Running it twice with the
 * same reports changes nothing the second time.
 */
export async function syncTrade(
  ctx: StepContext,
  tradeJournalId: number,
  reports: ReadonlyMap<string, BrokerOrder>,
  options: SyncOptions = {},
): Promise<TradeSyncResult | null> {
  const state = await loadTradeState(ctx.manager, tradeJournalId);
  if (!state) return null;
  const result: TradeSyncResult = {
    tradeId: state.trade.tradeId,
    symbol: state.trade.symbol,
    statusBefore: state.trade.status,
    status: state.trade.status,
    ordersUpdated: 0,
    filled: false,
    alarms: [],
  };
  // A quantity change at the broker the journal could not re-base: a person decides (split-rebase.ts).
  const frozen = await isTradeFrozen(ctx.manager, tradeJournalId);
  if (frozen) {
    result.alarms.push(await raiseAlarm(ctx, state, { event: 'order.alarm', action: 'order.apply', message: frozen }));
    result.frozen = true;
    return result;
  }
  const entryBefore = entryTotalsOf(state).qty;

  for (const order of options.phase === 'remedies' ? [] : [...state.orders]) {
    const report = reports.get(order.alpacaOrderId);
    if (!report || !isWorking(order)) continue;
    if (report.status === 'replaced' && report.replacedBy) {
      // Edited in the dashboard or adjusted for a corporate action: follow it (follow-replacement.ts).
      const followed = await followReplacement(ctx, state, order, report, reports);
      if (followed?.kind === 'frozen') {
        result.alarms.push(followed.message);
        result.frozen = true;
        return result;
      }
      if (followed) result.ordersUpdated++;
      if (followed?.notice) result.alarms.push(followed.notice);
      continue;
    }
    const applied = await applyReport(ctx.manager, state, order, report);
    if (applied === 'changed') result.ordersUpdated++;
    else if (typeof applied === 'object')
      result.alarms.push(
        await raiseAlarm(ctx, state, { event: 'order.alarm', action: 'order.apply', message: `Order ${order.alpacaOrderId}: ${applied.illegal}` }),
      );
  }
  result.filled = entryTotalsOf(state).qty > entryBefore;

  if (state.trade.status === 'ORDERED') await settleOrdered(ctx, state, result, options);
  if (options.phase === 'facts') {
    // Nothing is sent to the broker in this phase: the shares held are recorded, the rest waits for the remedies.
    if (state.trade.status === 'POSITION' && heldQtyOf(state) > 0) await refreshPosition(ctx, state);
    result.status = state.trade.status;
    return result;
  }
  if (state.trade.status === 'POSITION') await settlePosition(ctx, state, result, options);
  if (state.trade.status === 'CLOSED' || state.trade.status === 'CANCELLED') await cancelLeftovers(ctx, state);
  result.status = state.trade.status;
  return result;
}

async function settleOrdered(ctx: StepContext, state: TradeState, result: TradeSyncResult, options: SyncOptions): Promise<void> {
  if (entryTotalsOf(state).qty > 0) {
    const status = nextTradeStatus(state.trade.status, 'ENTRY_FILLED');
    await ctx.manager.getRepository(TradeJournal).update({ id: state.trade.id }, { status, updatedAt: ctx.clock.now() });
    state.trade.status = status;
    ctx.log.info({ event: 'trade.position', tradeId: state.trade.tradeId, symbol: state.trade.symbol });
    return;
  }
  const entries = state.orders.filter(isEntry);
  if (entries.length === 0 || entries.some(isWorking)) return;
  // An entry cancelled by an AMEND still in progress (cancel-intent.ts) ends its trade AMENDED, whoever sees it first.
  const cancelledBy = options.cancelledBy ?? (await openCancelIntentOf(ctx.manager, state.trade.id))?.action;
  const reason = exitReasonOf(
    unfilledEntryEnding(
      entries.map((o) => o.orderStatus),
      cancelledBy,
    ),
  );
  await cancelTrade(ctx, state, reason);
  result.cancelled = reason;
}

async function settlePosition(ctx: StepContext, state: TradeState, result: TradeSyncResult, options: SyncOptions = {}): Promise<void> {
  if (heldQtyOf(state) <= 0) {
    // Every share is out. Nothing more may fill into a closed trade: stop the entry's remainder first.
    for (const entry of state.orders.filter((o) => isEntry(o) && isWorking(o))) await cancelOrderAt(ctx, state, entry);
    if (state.orders.some((o) => isEntry(o) && isWorking(o))) return; // cancel pending: close next run
    if (heldQtyOf(state) > 0) return settlePosition(ctx, state, result, options); // a last fill won the race
    for (const order of state.orders.filter((o) => isProtective(o) && isWorking(o))) await cancelOrderAt(ctx, state, order);
    const fills = state.orders
      .filter((o) => isProtective(o) && (o.filledQty ?? 0) > 0)
      .map((o) => ({ role: o.orderType as 'STOP_LOSS' | 'TAKE_PROFIT', filledAt: o.filledAt ?? ctx.clock.now() }));
    result.closed = await closeTrade(ctx, state, { kind: 'PROTECTIVE_FILLED', fills }, exitTotalsOf(state));
    return;
  }

  await refreshPosition(ctx, state);
  if (options.heldAtBroker === 0) return; // the shares are gone at the broker: nothing to protect
  if (await isBeingExited(ctx.manager, state.trade.id)) {
    // Closed on purpose (halt --flatten): never protected again; once the shares are gone, the trade closes.
    const atBroker = options.heldAtBroker ?? (await ctx.positions?.heldFor(state.trade.symbol, entrySideOf(state)));
    if (atBroker === 0) result.protection = { kind: 'not-held' };
    return;
  }
  const frozen = await freezeOnUnexplainedShares(ctx, state);
  if (frozen) {
    result.alarms.push(frozen);
    return;
  }
  // Alpaca refuses a stop that could trade against the account's own open entry (wash-trade
  // protection). The shares already held come first: cancel the entry's remainder, then protect.
  const workingEntry = state.orders.find((o) => isEntry(o) && isWorking(o));
  const working = () => state.orders.filter((o) => isProtective(o) && isWorking(o));
  const remedied: Array<'wash_trade' | 'insufficient_qty'> = [];
  if (workingEntry) remedied.push('wash_trade');
  if (working().length > 0) remedied.push('insufficient_qty');
  result.protection = await protectPosition(ctx, state, { remedied, heldAtBroker: options.heldAtBroker });
  if (result.protection.kind === 'refused' && result.protection.reason === 'wash_trade' && workingEntry) {
    await cancelOrderAt(ctx, state, workingEntry);
    await recordAudit(ctx.manager, {
      job: ctx.job,
      action: 'entry.cancel-remainder',
      outcome: 'ok',
      message: `${state.trade.symbol}: cancelled the unfilled rest of the entry so the ${heldQtyOf(state)} shares held can be protected (the broker refuses a stop beside an open entry).`,
      tradeJournalId: state.trade.id,
      alpacaOrderId: workingEntry.alpacaOrderId,
      symbol: state.trade.symbol,
      at: ctx.clock.now(),
    });
    await refreshPosition(ctx, state);
    result.protection = await protectPosition(ctx, state, { heldAtBroker: options.heldAtBroker });
  }
  // The broker says the shares are reserved, yet stops do not cover them: an exit order without its
  // stop holds them (a take-profit partly filled, whose OCO stop the broker cancelled). Start over:
  // cancel the trade's protection and protect every held share with one fresh order.
  if (result.protection.kind === 'refused' && result.protection.reason === 'insufficient_qty' && working().length > 0) {
    for (const order of working()) await cancelOrderAt(ctx, state, order);
    await recordAudit(ctx.manager, {
      job: ctx.job,
      action: 'protection.rebuild',
      outcome: 'ok',
      message: `${state.trade.symbol}: protection did not cover the ${heldQtyOf(state)} shares held; cancelled it to place it again whole.`,
      tradeJournalId: state.trade.id,
      symbol: state.trade.symbol,
      at: ctx.clock.now(),
    });
    if (heldQtyOf(state) <= 0) return settlePosition(ctx, state, result, options); // an exit filled meanwhile
    await refreshPosition(ctx, state);
    result.protection = await protectPosition(ctx, state, { heldAtBroker: options.heldAtBroker });
  }
  // The market is already through the stop: the stop has in effect been hit. Exit now (exit-through-stop.ts).
  if (result.protection.kind === 'refused' && result.protection.reason === 'stop_through_market' && result.protection.order) {
    const exit = await exitThroughStop(ctx, state, result.protection.order, result.protection.brokerMessage ?? '');
    result.alarms.push(exit.message);
    if (heldQtyOf(state) <= 0) return settlePosition(ctx, state, result, options); // filled at once: close now
    await refreshPosition(ctx, state);
    return;
  }
  if (result.protection.kind === 'refused' || result.protection.kind === 'over-protected') result.alarms.push(result.protection.message);
}

/** A closed or cancelled trade keeps no working order at the broker: a stray stop could open a position. */
async function cancelLeftovers(ctx: StepContext, state: TradeState): Promise<void> {
  for (const order of state.orders.filter(isWorking)) await cancelOrderAt(ctx, state, order);
}
