import { isBrokerError, newYorkDate, Rejected } from '@trading-monitor/broker';
import { attemptLimitReason, staleDecisionReason, type TradePlan } from '@trading-monitor/domain';
import { TradeJournal } from '@trading-monitor/persistence';
import { decisionDay, type DecisionContext } from './decision-context';
import type { DecisionOutcome } from './decision-outcome';
import { changeEntry } from './entry-change';
import { findTargetTrade, foreignTargetRefusal } from './find-target-trade';
import { describePlan, placeEntry } from './place-entry';

/**
 * Acts on one claimed decision. Broker refusals and outages become outcomes; anything else throws.
 * CANCEL and AMEND go through their planner (entry-change.ts). For NEW_TRADE and NO_ACTION the
 * refusal rules (attempt limit, stale analysis: decision-limits.ts in the domain) run only once
 * the broker has been asked whether an earlier, unfinished run already placed this decision's
 * entry: such an entry is adopted whatever the decision's age or attempts, never left untracked.
 */
export async function handleDecision(ctx: DecisionContext): Promise<DecisionOutcome> {
  const { parsed } = ctx;
  if (!parsed.ok) {
    return { kind: 'refused', message: `Decision not acted on: ${parsed.problems.join('; ')}.`, problems: parsed.problems };
  }
  const { intent } = parsed;
  try {
    switch (intent.action) {
      case 'NEW_TRADE':
        return await newTrade(ctx, intent.symbol, intent.trade);
      case 'CANCEL':
      case 'AMEND':
        return await changeEntry(ctx, intent);
      case 'NO_ACTION':
        return await review(ctx, intent.symbol);
    }
  } catch (error) {
    return brokerFailureOutcome(error, intent.symbol);
  }
}

/** A broker refusal or outage as the decision's outcome; anything else is rethrown. */
export function brokerFailureOutcome(error: unknown, symbol: string): DecisionOutcome {
  if (error instanceof Rejected) {
    return { kind: 'refused', symbol, message: `${symbol}: the broker refused: ${error.brokerMessage}. No order was placed.` };
  }
  if (isBrokerError(error)) {
    return { kind: 'deferred', symbol, message: `${symbol}: the broker is unavailable (${error.message}); the decision runs again next time.` };
  }
  throw error;
}

/** Why NEW_TRADE or NO_ACTION places nothing (tried too often; NEW_TRADE: too old), unless its entry is already placed. */
async function limitRefusal(ctx: DecisionContext, action: 'NEW_TRADE' | 'NO_ACTION', symbol: string): Promise<DecisionOutcome | null> {
  const givenUp = attemptLimitReason(ctx.decision.attempts);
  const stale = action === 'NEW_TRADE' && !givenUp ? staleDecisionReason(decisionDay(ctx), newYorkDate(ctx.clock.now())) : null;
  if (!givenUp && !stale) return null;
  if (await ctx.entryPlaced()) {
    ctx.log.warn(
      { event: 'decision.adopt-before-refusal', analysisId: ctx.decision.analysisId, symbol },
      `${symbol}: an earlier run already placed this decision's entry; it is recorded, not refused.`,
    );
    return null;
  }
  if (givenUp) return { kind: 'refused', message: givenUp };
  return { kind: 'refused', symbol, message: `${action} for ${symbol}: ${stale ?? ''}` };
}

async function newTrade(ctx: DecisionContext, symbol: string, plan: TradePlan): Promise<DecisionOutcome> {
  const refused = await limitRefusal(ctx, 'NEW_TRADE', symbol);
  if (refused) return refused;
  const placed = await placeEntry(ctx, symbol, plan);
  if (placed.kind !== 'placed') return placed;
  return { ...placed, symbol, message: `${symbol}: entry placed, ${describePlan(symbol, plan)}${placed.adopted ? ' (adopted from an earlier attempt)' : ''}.` };
}

async function review(ctx: DecisionContext, symbol: string): Promise<DecisionOutcome> {
  const refused = await limitRefusal(ctx, 'NO_ACTION', symbol);
  if (refused) return refused;
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
