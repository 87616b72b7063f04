import { OrderExecution, TradeJournal, findOpenTradeBySymbol } from '@trading-monitor/persistence';
import type { DecisionContext } from './decision-context';

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
