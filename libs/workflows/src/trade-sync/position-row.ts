import { valuePosition, type Price } from '@trading-monitor/domain';
import { PositionTracking, TradeJournal } from '@trading-monitor/persistence';
import type { StepContext } from './sync-context';
import { entrySideOf, entryTotalsOf, heldQtyOf, type TradeState } from './trade-state';

/**
 * Keeps the trade's actual entry and its position row in step with the fills: created on the first
 * entry fill, resized as more fills (or partial exits) arrive. Marked at the last known price.
 */
export async function refreshPosition(ctx: StepContext, state: TradeState): Promise<void> {
  const { trade } = state;
  const entry = entryTotalsOf(state);
  const avgEntry = entry.averagePrice as Price;
  const held = heldQtyOf(state);
  const now = ctx.clock.now();

  if (trade.actualQty !== entry.qty || !trade.actualEntry?.equals(avgEntry)) {
    await ctx.manager.getRepository(TradeJournal).update({ id: trade.id }, { actualQty: entry.qty, actualEntry: avgEntry, updatedAt: now });
    Object.assign(trade, { actualQty: entry.qty, actualEntry: avgEntry });
  }

  // A position row whose price could not be read (position_tracking.unloadable) is rewritten here.
  const price = state.position?.currentPrice ?? avgEntry;
  const valuation = valuePosition({ entrySide: entrySideOf(state), qty: held, avgEntryPrice: avgEntry, price });
  const figures = {
    qty: held,
    avgEntryPrice: avgEntry,
    currentPrice: price,
    costBasis: valuation.costBasis,
    marketValue: valuation.marketValue,
    unrealizedPnl: valuation.unrealizedPnl,
  };
  const repository = ctx.manager.getRepository(PositionTracking);
  if (!state.position) {
    state.position = await repository.save(repository.create({ tradeJournalId: trade.id, symbol: trade.symbol, ...figures, lastUpdated: now }));
  } else if (state.position.qty !== held || !state.position.avgEntryPrice?.equals(avgEntry)) {
    await repository.update({ id: state.position.id }, { ...figures, lastUpdated: now });
    Object.assign(state.position, figures, { lastUpdated: now });
  }
}
