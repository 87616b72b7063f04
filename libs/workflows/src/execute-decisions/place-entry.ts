import { entryClientOrderIdOf, type TradePlan } from '@trading-monitor/domain';
import { OrderExecution, TradeJournal, findOpenTradeBySymbol } from '@trading-monitor/persistence';
import { submitOnce } from '../submit-once';
import { tradeIdOf } from '../trade-id';
import type { DecisionContext } from './decision-context';
import type { DecisionOutcome } from './decision-outcome';

export interface PlacedEntry {
  kind: 'placed';
  tradeJournalId: number;
  tradeId: string;
  orderId: string;
  adopted: boolean;
}

/**
 * Places the entry for a trade plan and opens its journal entry (ORDERED). The client_order_id
 * comes from the decision, so a retry after a crash adopts the order instead of sending another.
 * Returns a refusal instead when the symbol already has an open trade or trading is halted.
 */
export async function placeEntry(ctx: DecisionContext, symbol: string, plan: TradePlan): Promise<PlacedEntry | DecisionOutcome> {
  const { decision, manager, broker } = ctx;
  const clientOrderId = entryClientOrderIdOf(decision.analysisId);
  const halt = await ctx.halt();
  // Halted: no new entry; but one an earlier attempt already placed is recorded, never left unknown.
  if (halt.halted && !(await ctx.entryPlaced())) {
    return {
      kind: 'halted',
      symbol,
      message: `Trading is halted (${halt.reason ?? 'no reason given'}): the ${symbol} entry waits. Run \`resume\` to let it go at the next execute run.`,
    };
  }
  const open = await findOpenTradeBySymbol(manager, symbol);
  if (open) {
    return {
      kind: 'refused',
      symbol,
      message: `${symbol} already has an open trade ${open.tradeId} (${open.status}); a second one is not placed. Send AMEND or CANCEL for it instead of NEW_TRADE.`,
    };
  }

  const { orders, adopted } = await submitOnce(broker, clientOrderId, async () => [
    await broker.submitEntry({
      symbol,
      side: plan.side,
      qty: plan.qty,
      type: plan.entryType,
      limitPrice: plan.entryLimit,
      timeInForce: plan.timeInForce,
      clientOrderId,
    }),
  ]);
  const order = orders[0];
  const now = ctx.clock.now();

  const trades = manager.getRepository(TradeJournal);
  const trade = await trades.save(
    trades.create({
      tradeId: tradeIdOf(symbol, decision.analysisId, now),
      symbol,
      tradeStyle: plan.style,
      pattern: plan.pattern ?? null,
      status: 'ORDERED',
      initialAnalysisId: decision.analysisId,
      plannedEntry: plan.entryLimit ?? null,
      plannedStopLoss: plan.stopLoss,
      plannedTakeProfit: plan.takeProfit ?? null,
      plannedQty: plan.qty,
      currentStopLoss: plan.stopLoss,
      daysOpen: 0,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const executions = manager.getRepository(OrderExecution);
  await executions.insert({
    tradeJournalId: trade.id,
    analysisDecisionId: decision.analysisId,
    alpacaOrderId: order.id,
    clientOrderId,
    orderType: 'ENTRY',
    side: plan.side,
    // Recorded as submitted: the order monitor applies whatever the broker has done since.
    orderStatus: 'pending',
    timeInForce: plan.timeInForce,
    qty: plan.qty,
    limitPrice: plan.entryLimit ?? null,
    filledQty: 0,
    createdAt: now,
  });
  ctx.log.info({ event: 'entry.placed', tradeId: trade.tradeId, symbol, orderId: order.id, clientOrderId, adopted, analysisId: decision.analysisId });
  return { kind: 'placed', tradeJournalId: trade.id, tradeId: trade.tradeId, orderId: order.id, adopted };
}

export function describePlan(symbol: string, plan: TradePlan): string {
  const entry = plan.entryType === 'limit' ? `limit ${plan.entryLimit?.toString()}` : 'market';
  const takeProfit = plan.takeProfit ? `, take-profit ${plan.takeProfit.toString()}` : '';
  return `${plan.side} ${plan.qty} ${symbol} ${entry} (${plan.timeInForce}), stop ${plan.stopLoss.toString()}${takeProfit}, ${plan.style}`;
}
