import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { OrderExecution } from '../entities/order-execution.entity';
import { OrderFill } from '../entities/order-fill.entity';

/** Orders the broker may still change: pending or partially filled. */
export async function findOpenOrders(manager: EntityManager): Promise<OrderExecution[]> {
  return manager.getRepository(OrderExecution).find({ where: { orderStatus: In(['pending', 'partially_filled']) }, order: { id: 'ASC' } });
}

export async function findOrdersOfTrades(manager: EntityManager, tradeJournalIds: readonly number[]): Promise<OrderExecution[]> {
  if (tradeJournalIds.length === 0) return [];
  return manager.getRepository(OrderExecution).find({ where: { tradeJournalId: In([...tradeJournalIds]) }, order: { id: 'ASC' } });
}

export async function findOrderByAlpacaId(manager: EntityManager, alpacaOrderId: string): Promise<OrderExecution | null> {
  return manager.getRepository(OrderExecution).findOne({ where: { alpacaOrderId } });
}

/** Exact fills of the given orders, keyed by order_execution id. */
export async function findFills(manager: EntityManager, orderExecutionIds: readonly number[]): Promise<Map<number, OrderFill>> {
  if (orderExecutionIds.length === 0) return new Map();
  const fills = await manager.getRepository(OrderFill).find({ where: { orderExecutionId: In([...orderExecutionIds]) } });
  return new Map(fills.map((fill) => [fill.orderExecutionId, fill]));
}

/** Records the broker's cumulative fill of an order exactly; running it twice leaves one row. */
export async function saveFill(manager: EntityManager, fill: Omit<OrderFill, 'updatedAt'> & { updatedAt?: Date }): Promise<void> {
  await manager.getRepository(OrderFill).upsert({ ...fill, updatedAt: fill.updatedAt ?? new Date() }, ['orderExecutionId']);
}

/** The journal's rows for these broker order ids (those it has). */
export async function findOrdersByAlpacaIds(manager: EntityManager, alpacaOrderIds: readonly string[]): Promise<OrderExecution[]> {
  if (alpacaOrderIds.length === 0) return [];
  return manager.getRepository(OrderExecution).find({ where: { alpacaOrderId: In([...alpacaOrderIds]) } });
}
