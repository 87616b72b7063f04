import type { Broker } from './broker';

export type BrokerMethod = keyof Broker;

/** `satisfies` makes a port method missing here, or a name the port lacks, a compile error. */
const PORT_METHODS = {
  submitEntry: true,
  submitProtection: true,
  cancelOrder: true,
  replaceOrder: true,
  getOrder: true,
  getOrderByClientId: true,
  listOrders: true,
  listPositions: true,
  closePosition: true,
  latestPrices: true,
  getClock: true,
  getCalendar: true,
} as const satisfies Record<BrokerMethod, true>;

/** Every method of the broker port, for wrappers that stand in front of a broker (count, meter, fail). */
export const BROKER_METHODS: readonly BrokerMethod[] = Object.keys(PORT_METHODS) as BrokerMethod[];
