import { isBrokerError, Rejected } from '@trading-monitor/broker';
import { attemptLimitReason, clientOrderIdOf, parseDecision, staleDecisionReason, type TradePlan } from '@trading-monitor/domain';
import { TradeJournal } from '@trading-monitor/persistence';
import { newYorkDate } from '@trading-monitor/broker';
import { orderExists } from '../submit-once';
import { cancelEntry, hasWorkingEntry, lockTargetTrade } from './cancel-entry';
import { hasCancelIntent } from '../trade-sync/cancel-intent';
import type { DecisionContext } from './decision-context';
import type { DecisionOutcome } from './decision-outcome';
import { findTargetTrade, foreignTargetRefusal } from './find-target-trade';
import { describePlan, placeEntry } from './place-entry';

/**
 * Acts on one claimed decision. Broker refusals and outages become outcomes; anything else throws.
 * The refusal rules (attempt limit, stale analysis: decision-limits.ts in the domain) run only once
 * the broker has been asked whether an earlier, unfinished run already placed this decision's
 * entry: such an entry is adopted whatever the decision's age or attempts, never left untracked.
 */
export async function handleDecision(ctx: DecisionContext): Promise<DecisionOutcome> {
  const { decision } = ctx;
  try {
    return await act(ctx);
  } catch (error) {
    const parsed = parseDecision({ ticker: decision.ticker, decision: decision.decision });
    const symbol = parsed.ok ? parsed.intent.symbol : decision.ticker;
    if (error instanceof Rejected) {
      return { kind: 'refused', symbol, message: `${symbol}: the broker refused: ${error.brokerMessage}. No order was placed.` };
    }
    if (isBrokerError(error)) {
      return { kind: 'deferred', symbol, message: `${symbol}: the broker is unavailable (${error.message}); the decision runs again next time.` };
    }
    throw error;
  }
}

async function act(ctx: DecisionContext): Promise<DecisionOutcome> {
  const { decision } = ctx;
  const givenUp = attemptLimitReason(decision.attempts);
  if (givenUp && !(await entryAlreadyPlaced(ctx))) return { kind: 'refused', message: givenUp };
  const parsed = parseDecision({ ticker: decision.ticker, decision: decision.decision });
  if (!parsed.ok) {
    return { kind: 'refused', message: `Decision not acted on: ${parsed.problems.join('; ')}.`, problems: parsed.problems };
  }
  const intent = parsed.intent;
  if ((intent.action === 'NEW_TRADE' || intent.action === 'AMEND') && !givenUp) {
    const stale = staleDecisionReason(decisionDay(ctx), newYorkDate(ctx.clock.now()));
    if (stale && !(await entryAlreadyPlaced(ctx)))
      return { kind: 'refused', symbol: intent.symbol, message: `${intent.action} for ${intent.symbol}: ${stale}` };
  }
  switch (intent.action) {
    case 'NEW_TRADE':
      return newTrade(ctx, intent.symbol, intent.trade);
    case 'CANCEL':
      return cancel(ctx, intent.symbol);
    case 'AMEND':
      return amend(ctx, intent.symbol, intent.trade);
    case 'NO_ACTION':
      return review(ctx, intent.symbol);
  }
}

/** Whether an earlier run already placed this decision's entry (NEW_TRADE's, or AMEND's new one). */
async function entryAlreadyPlaced(ctx: DecisionContext): Promise<boolean> {
  const { analysisId } = ctx.decision;
  if (analysisId.trim() === '') return false; // no Analysis_Id, no client_order_id: nothing was ever placed
  const placed = await orderExists(ctx.broker, clientOrderIdOf({ scopeId: analysisId, leg: 'entry', sequence: 1 }));
  if (placed)
    ctx.log.warn(
      { event: 'decision.adopt-before-refusal', analysisId, symbol: ctx.decision.ticker },
      `${ctx.decision.ticker}: an earlier run already placed this decision's entry; it is recorded, not refused.`,
    );
  return placed;
}

/** The decision's date: the "Date" column, else the New York date it was written. */
function decisionDay(ctx: DecisionContext): string | null {
  const { decision } = ctx;
  return decision.date ?? (decision.dateTime ? newYorkDate(decision.dateTime) : null);
}

async function newTrade(ctx: DecisionContext, symbol: string, plan: TradePlan): Promise<DecisionOutcome> {
  const placed = await placeEntry(ctx, symbol, plan);
  if (placed.kind !== 'placed') return placed;
  return {
    kind: 'placed',
    symbol,
    tradeId: placed.tradeId,
    tradeJournalId: placed.tradeJournalId,
    orderId: placed.orderId,
    adopted: placed.adopted,
    message: `${symbol}: entry placed, ${describePlan(symbol, plan)}${placed.adopted ? ' (adopted from an earlier attempt)' : ''}.`,
  };
}

async function cancel(ctx: DecisionContext, symbol: string): Promise<DecisionOutcome> {
  const found = await findTargetTrade(ctx, symbol);
  if (!found) return { kind: 'refused', symbol, message: `CANCEL for ${symbol}: there is no open trade or order to cancel.` };
  const foreign = foreignTargetRefusal(ctx, found, symbol, 'CANCEL');
  if (foreign) return foreign;
  const trade = await lockTargetTrade(ctx, found);
  // This decision already started (an earlier run recorded its intent): finish it, whatever the trade became.
  const resumed = await hasCancelIntent(ctx.manager, trade.id, ctx.decision.analysisId);
  if (trade.status === 'CANCELLED' && resumed) {
    return {
      kind: 'cancelled',
      symbol,
      tradeId: trade.tradeId,
      message: `${symbol}: entry cancelled (the broker confirmed it after an earlier run); trade ${trade.tradeId} is CANCELLED.`,
    };
  }
  if (trade.status === 'POSITION' && !resumed && !(await hasWorkingEntry(ctx, trade))) return alreadyFilled(trade, 'CANCEL');
  if (trade.status !== 'ORDERED' && trade.status !== 'POSITION') {
    return { kind: 'refused', symbol, message: `CANCEL for ${symbol}: trade ${trade.tradeId} is already ${trade.status}; nothing to cancel.` };
  }
  const result = await cancelEntry(ctx, trade, 'CANCEL');
  if (result.kind === 'cancelled') {
    return { kind: 'cancelled', symbol, tradeId: trade.tradeId, message: `${symbol}: entry cancelled; trade ${trade.tradeId} is CANCELLED.` };
  }
  if (result.kind === 'filled') {
    return {
      kind: 'cancelled',
      symbol,
      tradeId: trade.tradeId,
      message:
        `${symbol}: the unfilled rest of the entry is cancelled, but ${result.heldQty} shares had filled before the cancel took: ` +
        `trade ${trade.tradeId} goes on as a position of ${result.heldQty}, protected at the broker. Close it by hand or with \`halt --flatten\` if that is the intent.`,
    };
  }
  return {
    kind: 'deferred',
    inProgress: true,
    symbol,
    message: `${symbol}: cancel sent; the broker has not confirmed it yet (pending_cancel). The order monitor finishes it.`,
  };
}

async function amend(ctx: DecisionContext, symbol: string, plan: TradePlan): Promise<DecisionOutcome> {
  const found = await findTargetTrade(ctx, symbol);
  const foreign = found && foreignTargetRefusal(ctx, found, symbol, 'AMEND');
  if (foreign) return foreign;
  const trade = found && (await lockTargetTrade(ctx, found));
  // A retry of an AMEND whose new entry already went out (a crash, a lost answer, the database gone
  // before the journal recorded it) goes straight on to record that entry: the old one was cancelled
  // first, and the order monitor may since have ended its trade as plain CANCELLED.
  const newEntryId = clientOrderIdOf({ scopeId: ctx.decision.analysisId, leg: 'entry', sequence: 1 });
  // This decision already started (its intent is recorded, cancel-intent.ts): an old entry now ended
  // unfilled was ended by it, however the monitor labelled the trade.
  const resumed = trade ? await hasCancelIntent(ctx.manager, trade.id, ctx.decision.analysisId) : false;
  const alreadyReplaced = (trade?.status === 'CANCELLED' && (trade.exitReason === 'AMENDED' || resumed)) || (await orderExists(ctx.broker, newEntryId));
  if (!trade && !alreadyReplaced) {
    return { kind: 'refused', symbol, message: `AMEND for ${symbol}: there is no open entry to amend. Send NEW_TRADE for a new trade.` };
  }
  if (trade?.status === 'POSITION' && !alreadyReplaced) return amendHeld(ctx, trade, resumed);
  if (trade && alreadyReplaced && trade.status === 'CANCELLED' && trade.exitReason !== 'AMENDED') {
    await ctx.manager.getRepository(TradeJournal).update({ id: trade.id }, { exitReason: 'AMENDED', updatedAt: ctx.clock.now() });
  }
  if (trade && trade.status !== 'ORDERED' && !alreadyReplaced) {
    return { kind: 'refused', symbol, message: `AMEND for ${symbol}: trade ${trade.tradeId} is already ${trade.status}; nothing to amend.` };
  }
  const halt = await ctx.halt();
  if (halt.halted) {
    return { kind: 'halted', symbol, message: `Trading is halted (${halt.reason ?? 'no reason given'}): the ${symbol} amendment waits for \`resume\`.` };
  }
  if (trade?.status === 'ORDERED') {
    const cancelled = await cancelEntry(ctx, trade, 'AMEND');
    // Once the new entry is live at the broker it is recorded, whatever became of the old one.
    if (!alreadyReplaced && cancelled.kind === 'filled') {
      return {
        kind: 'refused',
        symbol,
        message: `AMEND for ${symbol}: ${cancelled.heldQty} shares of the old entry filled before the cancel; they are held and protected. The new entry was NOT placed, to avoid doubling the position.`,
      };
    }
    if (!alreadyReplaced && cancelled.kind === 'pending') {
      return {
        kind: 'deferred',
        inProgress: true,
        symbol,
        message: `${symbol}: old entry's cancel sent, not yet confirmed by the broker (pending_cancel); the new entry is placed once it is. The order monitor finishes it.`,
      };
    }
  }
  const placed = await placeEntry(ctx, symbol, plan);
  if (placed.kind !== 'placed') return placed;
  return {
    kind: 'amended',
    symbol,
    tradeId: placed.tradeId,
    tradeJournalId: placed.tradeJournalId,
    orderId: placed.orderId,
    replacedTradeId: trade?.tradeId ?? '',
    message: `${symbol}: old entry ${trade?.tradeId ?? ''} cancelled (AMENDED); new entry placed, ${describePlan(symbol, plan)}.`,
  };
}

/**
 * AMEND of an entry that has (partly) filled. The simplest honest rule: the shares already held
 * stay where they are — a position of the old trade, protected at its stop — the unfilled rest of
 * the old entry is cancelled, and the new entry is NOT placed, so an AMEND never doubles a
 * position nor leaves the old remainder working. The trader sends a fresh decision for more.
 */
async function amendHeld(ctx: DecisionContext, trade: TradeJournal, resumed: boolean): Promise<DecisionOutcome> {
  const symbol = trade.symbol;
  if (!resumed && !(await hasWorkingEntry(ctx, trade))) return alreadyFilled(trade, 'AMEND');
  const cancelled = await cancelEntry(ctx, trade, 'AMEND');
  if (cancelled.kind === 'pending') {
    return {
      kind: 'deferred',
      inProgress: true,
      symbol,
      message: `${symbol}: cancel of the old entry's unfilled rest sent, not yet confirmed by the broker (pending_cancel). The order monitor finishes it.`,
    };
  }
  const held = cancelled.kind === 'filled' ? cancelled.heldQty : 0;
  return {
    kind: 'refused',
    symbol,
    message:
      `AMEND for ${symbol}: ${held} shares of trade ${trade.tradeId}'s entry had filled; they are held as a position of ${held}, protected at the broker, and the unfilled rest is cancelled. ` +
      'The new entry was NOT placed, to avoid doubling the position; approve a fresh decision if you want more.',
  };
}

async function review(ctx: DecisionContext, symbol: string): Promise<DecisionOutcome> {
  const trade = await findTargetTrade(ctx, symbol);
  const foreign = trade && foreignTargetRefusal(ctx, trade, symbol, 'NO_ACTION');
  if (foreign) return foreign;
  if (!trade || (trade.status !== 'ORDERED' && trade.status !== 'POSITION')) {
    return { kind: 'reviewed', symbol, message: `NO_ACTION for ${symbol}: no open trade, nothing to do.` };
  }
  const today = newYorkDate(ctx.clock.now());
  await ctx.manager
    .getRepository(TradeJournal)
    .createQueryBuilder()
    .update()
    .set({ daysOpen: () => 'COALESCE(days_open, 0) + 1', lastReviewDate: today, updatedAt: ctx.clock.now() })
    .where('id = :id', { id: trade.id })
    .execute();
  // days_open counts reviews (executed NO_ACTION decisions), not days: see docs/database-setup.md.
  const reviews = (trade.daysOpen ?? 0) + 1;
  return {
    kind: 'reviewed',
    symbol,
    tradeId: trade.tradeId,
    message: `${symbol}: trade ${trade.tradeId} reviewed (review ${reviews} while open; days_open ${reviews}).`,
  };
}

function alreadyFilled(trade: TradeJournal, action: 'CANCEL' | 'AMEND'): DecisionOutcome {
  return {
    kind: 'refused',
    symbol: trade.symbol,
    message:
      `${action} for ${trade.symbol}: the entry of trade ${trade.tradeId} has already filled (${trade.actualQty ?? '?'} shares at ${trade.actualEntry?.toString() ?? '?'}), ` +
      'so nothing was cancelled. The position stays open with its protection; close it by hand or with `halt --flatten` if that is the intent.',
  };
}
