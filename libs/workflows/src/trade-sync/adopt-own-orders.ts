import type { BrokerOrder } from '@trading-monitor/broker';
import { clientOrderIdHasScope, parseClientOrderId } from '@trading-monitor/domain';
import { recordAudit } from '@trading-monitor/persistence';
import { recordProtectiveOrder } from './protect-position';
import type { StepContext } from './sync-context';
import type { TradeState } from './trade-state';

/**
 * Records protective orders the product placed for this trade but never journaled: a submit whose
 * answer was lost (timeout, crash) went through after all. Without this, their fills would pass for
 * someone else's exit. Recognised by the client_order_id, which names the trade.
 */
export async function adoptOwnOrders(ctx: StepContext, state: TradeState, brokerOrders: readonly BrokerOrder[]): Promise<number> {
  const known = new Set(state.orders.map((o) => o.alpacaOrderId));
  const ownParents = brokerOrders.filter((order) => {
    const parsed = parseClientOrderId(order.clientOrderId);
    return parsed !== null && (parsed.leg === 'stop' || parsed.leg === 'oco' || parsed.leg === 'exit') && clientOrderIdHasScope(parsed, state.trade.tradeId);
  });
  const parentIds = new Set(ownParents.map((o) => o.id));
  const own = [...ownParents, ...brokerOrders.filter((o) => o.parentId !== null && parentIds.has(o.parentId))].filter((o) => !known.has(o.id));
  const at = ctx.clock.now();
  for (const order of own) {
    state.orders.push(await recordProtectiveOrder(ctx, state, order, at));
    await recordAudit(ctx.manager, {
      job: ctx.job,
      action: 'protection.adopt',
      outcome: 'ok',
      message: `${state.trade.symbol}: recorded protective order ${order.id} (${order.status}), placed by an earlier run whose answer was lost.`,
      tradeJournalId: state.trade.id,
      alpacaOrderId: order.id,
      clientOrderId: order.clientOrderId,
      symbol: state.trade.symbol,
      at,
    });
  }
  return own.length;
}
