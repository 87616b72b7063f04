import { isBrokerError, newYorkDate, Rejected } from '@trading-monitor/broker';
import {
  afterCancel,
  attemptLimitReason,
  placeUnlessStale,
  planEntryChange,
  staleDecisionReason,
  type AfterCancel,
  type DecisionIntent,
  type EntryChangeFacts,
  type TradePlan,
} from '@trading-monitor/domain';
import { TradeJournal } from '@trading-monitor/persistence';
import { openCancelIntentOfDecision } from '../trade-sync/cancel-intent';
import { cancelEntry, hasWorkingEntry, rereadTargetTrade } from './cancel-entry';
import { decisionDay, type DecisionContext } from './decision-context';
import type { DecisionOutcome } from './decision-outcome';
import { findTargetTrade, targetNamedBy } from './find-target-trade';
import { describePlan, placeEntry } from './place-entry';

type EntryChange = Extract<DecisionIntent, { action: 'CANCEL' | 'AMEND' }>;

/**
 * CANCEL or AMEND: fetch the facts (the target trade as last committed; this decision's recorded
 * intent; the entry's state), let the domain's planner choose (entry-change-plan.ts), carry it out.
 * A retry acts on the trade its recorded intent names, never on one picked again. Past the attempt
 * limit a recorded intent is still carried on: a failure then is an alarm, never a refusal.
 */
export async function changeEntry(ctx: DecisionContext, intent: EntryChange): Promise<DecisionOutcome> {
  const { facts, trade } = await fetchFacts(ctx, intent);
  const { plan, overdue } = planEntryChange(facts);
  try {
    switch (plan.kind) {
      case 'refuse':
        return { kind: 'refused', symbol: intent.symbol, message: plan.reason };
      case 'defer':
        return { kind: 'halted', symbol: intent.symbol, message: plan.reason };
      case 'cancel':
        return await cancelThen(ctx, intent, facts, target(trade), plan.then);
      case 'cancel-then-place':
        return await cancelThen(ctx, intent, facts, target(trade), 'place');
      case 'record-existing':
        if (plan.then === 'report') return cancelled(intent.symbol, target(trade), 0, false, ' (the broker confirmed it after an earlier run)');
        if (plan.relabelAmended && trade) {
          await ctx.manager.getRepository(TradeJournal).update({ id: trade.id }, { exitReason: 'AMENDED', updatedAt: ctx.clock.now() });
        }
        return await placeNewEntry(ctx, intent, facts, trade);
    }
  } catch (error) {
    if (overdue && isBrokerError(error) && !(error instanceof Rejected)) return overdueAlarm(ctx, intent, error.message);
    throw error;
  }
}

/** The trade a plan that cancels acts on: the planner only cancels a trade that exists. */
function target(trade: TradeJournal | null): TradeJournal {
  if (!trade) throw new Error('The CANCEL/AMEND plan acts on a trade, and none was found.');
  return trade;
}

interface Fetched {
  facts: EntryChangeFacts;
  trade: TradeJournal | null;
}

async function fetchFacts(ctx: DecisionContext, intent: EntryChange): Promise<Fetched> {
  const { decision, manager } = ctx;
  const recorded = await openCancelIntentOfDecision(manager, decision.analysisId);
  const found = recorded
    ? await manager.getRepository(TradeJournal).findOne({ where: { id: recorded.tradeJournalId } })
    : await findTargetTrade(ctx, intent.symbol);
  // Another symbol's trade is refused before the broker is asked.
  const ownSymbol = found !== null && found.symbol.toUpperCase() === intent.symbol.toUpperCase();
  const trade = found && ownSymbol ? await rereadTargetTrade(ctx, found) : found;
  const amend = intent.action === 'AMEND';
  const halt = amend ? await ctx.halt() : null;
  return {
    trade,
    facts: {
      action: intent.action,
      symbol: intent.symbol,
      target: trade && {
        tradeId: trade.tradeId,
        symbol: trade.symbol,
        status: trade.status,
        exitReason: trade.exitReason ?? null,
        heldQty: trade.actualQty ?? null,
        entryPrice: trade.actualEntry?.toString() ?? null,
      },
      namedBy: recorded ? null : targetNamedBy(ctx),
      resumed: recorded !== null && trade !== null,
      workingEntry: trade !== null && ownSymbol ? await hasWorkingEntry(ctx, trade) : false,
      newEntryPlaced: amend && (found === null || ownSymbol) ? await ctx.entryPlaced() : false,
      givenUp: attemptLimitReason(decision.attempts),
      stale: amend ? staleDecisionReason(decisionDay(ctx), newYorkDate(ctx.clock.now())) : null,
      halted: halt?.halted ? (halt.reason ?? 'no reason given') : null,
    },
  };
}

/** Cancels the target's working entry (its intent recorded first), then does what the planner says follows. */
async function cancelThen(
  ctx: DecisionContext,
  intent: EntryChange,
  facts: EntryChangeFacts,
  trade: TradeJournal,
  then: AfterCancel,
): Promise<DecisionOutcome> {
  const symbol = intent.symbol;
  const result = await cancelEntry(ctx, trade, intent.action);
  const step = afterCancel(then, facts, { result: result.kind, heldQty: result.kind === 'filled' ? result.heldQty : 0 });
  switch (step.kind) {
    case 'cancelled':
      return cancelled(symbol, trade, step.heldQty, step.alarm);
    case 'wait':
      return { kind: 'deferred', inProgress: true, symbol, message: `${symbol}: ${WAITING[then]} The order monitor finishes it.` };
    case 'refuse':
      return { kind: 'refused', symbol, message: step.reason, ...(step.alarm ? { alarm: true } : {}) };
    case 'place':
      return placeNewEntry(ctx, intent, facts, trade);
  }
}

const WAITING: Record<AfterCancel, string> = {
  report: 'cancel sent; the broker has not confirmed it yet (pending_cancel).',
  place: "old entry's cancel sent, not yet confirmed by the broker (pending_cancel); the new entry is placed once it is.",
  hold: "cancel of the old entry's unfilled rest sent, not yet confirmed by the broker (pending_cancel).",
};

function cancelled(symbol: string, trade: TradeJournal, heldQty: number, alarm: boolean, confirmed = ''): DecisionOutcome {
  if (heldQty === 0) {
    return { kind: 'cancelled', symbol, tradeId: trade.tradeId, message: `${symbol}: entry cancelled${confirmed}; trade ${trade.tradeId} is CANCELLED.` };
  }
  return {
    kind: 'cancelled',
    symbol,
    tradeId: trade.tradeId,
    ...(alarm ? { alarm: true } : {}),
    message:
      `${symbol}: the unfilled rest of the entry is cancelled, but ${heldQty} shares had filled before the cancel took: ` +
      `trade ${trade.tradeId} goes on as a position of ${heldQty}, protected at the broker. Close it by hand or with \`halt --flatten\` if that is the intent.`,
  };
}

/** The AMEND's new entry, once the old one is gone: placed (or adopted, if already live), unless the analysis grew too old meanwhile. */
async function placeNewEntry(ctx: DecisionContext, intent: EntryChange, facts: EntryChangeFacts, old: TradeJournal | null): Promise<DecisionOutcome> {
  const symbol = intent.symbol;
  const step = placeUnlessStale(facts);
  if (step.kind === 'refuse') return { kind: 'refused', symbol, message: step.reason };
  if (intent.action !== 'AMEND') throw new Error(`Only an AMEND places a new entry, not ${intent.action}.`);
  const plan: TradePlan = intent.trade;
  const placed = await placeEntry(ctx, symbol, plan);
  if (placed.kind !== 'placed') return placed;
  const { tradeId, tradeJournalId, orderId } = placed;
  return {
    kind: 'amended',
    symbol,
    tradeId,
    tradeJournalId,
    orderId,
    replacedTradeId: old?.tradeId ?? '',
    message: `${symbol}: old entry ${old?.tradeId ?? ''} cancelled (AMENDED); new entry placed, ${describePlan(symbol, plan)}.`,
  };
}

/** A recorded CANCEL or AMEND the broker keeps failing past the attempt limit: kept, retried every run, and a person is told. */
function overdueAlarm(ctx: DecisionContext, intent: EntryChange, failure: string): DecisionOutcome {
  const { symbol, action } = intent;
  return {
    kind: 'deferred',
    symbol,
    alarm: true,
    message:
      `${action} for ${symbol}: the broker has failed it ${ctx.decision.attempts} times or more (the latest: ${failure}). It is not given up: every order-monitor run tries again. ` +
      `Until it goes through the entry can still fill; cancel it in the Alpaca dashboard if it must not.`,
  };
}
