import { OrderExecution, TradeJournal, findOpenTradeBySymbol } from '@trading-monitor/persistence';
import type { DecisionContext } from './decision-context';
import type { DecisionOutcome } from './decision-outcome';

/**
 * The trade a CANCEL, AMEND or NO_ACTION decision is about: the one its `existing_trade_journal_id`
 * or `existing_order_id` names (the analysis workflow fills them in), else the open trade in the symbol.
 */
export async function findTargetTrade(ctx: DecisionContext, symbol: string): Promise<TradeJournal | null> {
  const { decision, manager } = ctx;
  if (decision.existingTradeJournalId) {
    return manager.getRepository(TradeJournal).findOne({ where: { id: decision.existingTradeJournalId } });
  }
  if (decision.existingOrderId) {
    const order = await manager.getRepository(OrderExecution).findOne({ where: { alpacaOrderId: decision.existingOrderId } });
    return order ? manager.getRepository(TradeJournal).findOne({ where: { id: order.tradeJournalId } }) : null;
  }
  return findOpenTradeBySymbol(manager, symbol);
}

/**
 * A decision acts on its own ticker only: an `existing_trade_journal_id` or `existing_order_id` that
 * names another symbol's trade (a copy-paste in NocoDB, a workflow bug) is refused with the reason,
 * before the broker is called, rather than cancelling or amending someone else's entry.
 */
export function foreignTargetRefusal(
  ctx: DecisionContext,
  trade: TradeJournal,
  symbol: string,
  action: 'CANCEL' | 'AMEND' | 'NO_ACTION',
): DecisionOutcome | null {
  if (trade.symbol.toUpperCase() === symbol.toUpperCase()) return null;
  const named = targetNamedBy(ctx) ?? 'the decision';
  return {
    kind: 'refused',
    symbol,
    message:
      `${action} for ${symbol}: ${named} is trade ${trade.tradeId} in ${trade.symbol}, not ${symbol}; nothing was cancelled or placed. ` +
      'Correct the ticker or the id and approve a fresh decision.',
  };
}

/** How the decision names its trade (`existing_trade_journal_id 7`), for a message; null when only by its symbol. */
export function targetNamedBy(ctx: DecisionContext): string | null {
  const { decision } = ctx;
  if (decision.existingTradeJournalId) return `existing_trade_journal_id ${decision.existingTradeJournalId}`;
  if (decision.existingOrderId) return `existing_order_id ${decision.existingOrderId}`;
  return null;
}
