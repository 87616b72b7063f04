import type { Broker, BrokerOrder, ListOrdersQuery } from '@trading-monitor/broker';
import { journalStatusOf, type Price } from '@trading-monitor/domain';
import { findOpenOrders, findPositionTrades } from '@trading-monitor/persistence';
import { monitorOrders, monitorPositions, type JobDeps } from '@trading-monitor/workflows';

// The naive baseline: the same journal work as the product's monitors, but the broker is asked
// about one order (and one symbol's price) per call. The per-order answers are collected first,
// then handed to the product's own monitor from memory, so the journal work is identical and only
// the way the broker is read differs.

/** One getOrder per open journal order, then the product's order step on those answers. */
export async function naiveMonitorOrders(deps: JobDeps): Promise<void> {
  const reports: BrokerOrder[] = [];
  for (const order of await findOpenOrders(deps.dataSource.manager)) reports.push(await deps.broker.getOrder(order.alpacaOrderId));
  await monitorOrders({ ...deps, broker: answering(deps.broker, { orders: reports }) });
}

/** One latestPrices per position's symbol, then the product's position step on those prices. */
export async function naiveMonitorPositions(deps: JobDeps): Promise<void> {
  const prices = new Map<string, Price>();
  for (const trade of await findPositionTrades(deps.dataSource.manager)) {
    for (const [symbol, price] of await deps.broker.latestPrices([trade.symbol])) prices.set(symbol, price);
  }
  await monitorPositions({ ...deps, broker: answering(deps.broker, { prices }) });
}

/** The broker, except that order lists and prices come from answers already fetched (not counted again). */
function answering(broker: Broker, answers: { orders?: readonly BrokerOrder[]; prices?: ReadonlyMap<string, Price> }): Broker {
  const facade = Object.create(broker) as Broker;
  if (answers.orders) {
    const orders = answers.orders;
    facade.listOrders = async (query: ListOrdersQuery) =>
      orders.filter((o) => {
        const open = !journalStatusOf(o.status).terminal;
        return (query.status === 'all' || (query.status === 'open') === open) && (!query.symbols || query.symbols.includes(o.symbol));
      });
  }
  if (answers.prices) {
    const prices = answers.prices;
    facade.latestPrices = async (symbols: readonly string[]) =>
      new Map(
        symbols.flatMap((symbol) => {
          const price = prices.get(symbol);
          return price ? [[symbol, price] as const] : [];
        }),
      );
  }
  return facade;
}
