import { Ambiguous, NotFound, Rejected, type Broker, type BrokerOrder } from '@trading-monitor/broker';

export interface SubmitResult {
  orders: BrokerOrder[];
  /** The broker already had this client_order_id: an earlier attempt went through and is taken over. */
  adopted: boolean;
}

/**
 * Submits an order at most once across crashes, retries and concurrent runs. The client_order_id
 * is a pure function of the intent, so a second attempt is refused as a duplicate (or its outcome
 * is unknown) and the existing order is looked up and adopted instead of placing another one.
 * An ambiguous submit whose order cannot be found yet stays `Ambiguous`: the caller retries later
 * with the same id, never with a new one.
 */
export async function submitOnce(broker: Broker, clientOrderId: string, submit: () => Promise<BrokerOrder[]>): Promise<SubmitResult> {
  try {
    return { orders: await submit(), adopted: false };
  } catch (error) {
    const duplicate = error instanceof Rejected && error.reason === 'duplicate_client_order_id';
    if (!duplicate && !(error instanceof Ambiguous)) throw error;
    const existing = await findByClientId(broker, clientOrderId);
    if (existing) return { orders: existing, adopted: true };
    throw error instanceof Ambiguous
      ? error
      : new Ambiguous(`The broker reports client_order_id ${clientOrderId} as used but cannot find its order yet.`, clientOrderId);
  }
}

/** The order with this client_order_id and, for a multi-leg order, its legs (parent first). */
async function findByClientId(broker: Broker, clientOrderId: string): Promise<BrokerOrder[] | undefined> {
  let parent: BrokerOrder;
  try {
    parent = await broker.getOrderByClientId(clientOrderId);
  } catch (error) {
    if (error instanceof NotFound) return undefined;
    throw error;
  }
  if (parent.orderClass === 'simple') return [parent];
  const since = new Date(parent.submittedAt.getTime() - 1000);
  const legs = (await broker.listOrders({ status: 'all', after: since, symbols: [parent.symbol] })).filter((order) => order.parentId === parent.id);
  return [parent, ...legs];
}

/** Whether the broker has an order with this client_order_id. */
export async function orderExists(broker: Broker, clientOrderId: string): Promise<boolean> {
  try {
    await broker.getOrderByClientId(clientOrderId);
    return true;
  } catch (error) {
    if (error instanceof NotFound) return false;
    throw error;
  }
}
