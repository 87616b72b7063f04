import type { Broker } from './broker';

export type BrokerMethod = keyof Broker;

/**
 * Each method of the broker port, and whether it changes something at the broker. `satisfies` makes
 * a port method missing here, or a name the port lacks, a compile error.
 */
const PORT_METHODS = {
  submitEntry: 'write',
  submitProtection: 'write',
  cancelOrder: 'write',
  replaceOrder: 'write',
  getOrder: 'read',
  getOrderByClientId: 'read',
  listOrders: 'read',
  listPositions: 'read',
  closePosition: 'write',
  latestPrices: 'read',
  getClock: 'read',
  getCalendar: 'read',
} as const satisfies Record<BrokerMethod, 'read' | 'write'>;

/** Every method of the broker port, for wrappers that stand in front of a broker (count, meter, fail). */
export const BROKER_METHODS: readonly BrokerMethod[] = Object.keys(PORT_METHODS) as BrokerMethod[];

/** The methods that change something at the broker (orders and positions); the others only read. */
export const BROKER_WRITES: readonly BrokerMethod[] = BROKER_METHODS.filter((method) => PORT_METHODS[method] === 'write');
