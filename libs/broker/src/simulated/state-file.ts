import { Price, isBrokerOrderStatus } from '@trading-monitor/domain';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FaultState } from './faults';
import type { SimPosition } from './positions';
import type { PriceFeedState } from './price-feed';
import type { SimOrder } from './sim-order';

/**
 * The whole simulated account as JSON: every decimal a string, every time an ISO string, so CLI
 * commands run one after another share one account and a file diff reads like a statement.
 */
export interface SimulatedBrokerState {
  version: 1;
  nextId: number;
  lastProcessedAt: string;
  cash: string;
  orders: SimOrderState[];
  positions: { symbol: string; qty: number; avgEntryPrice: string }[];
  feed: PriceFeedState;
  liquidity: Record<string, number>;
  faults: FaultState;
}

export interface SimOrderState {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: SimOrder['side'];
  type: SimOrder['type'];
  orderClass: SimOrder['orderClass'];
  role: SimOrder['role'];
  timeInForce: SimOrder['timeInForce'];
  qty: number;
  limitPrice: string | null;
  stopPrice: string | null;
  status: string;
  active: boolean;
  triggered: boolean;
  fills: { qty: number; price: string; at: string }[];
  submittedAt: string;
  updatedAt: string;
  filledAt: string | null;
  canceledAt: string | null;
  expiredAt: string | null;
  expiresAt: string | null;
  parentId: string | null;
  groupId: string;
  replacedBy: string | null;
  replaces: string | null;
}

export function orderToState(order: SimOrder): SimOrderState {
  return {
    ...order,
    limitPrice: order.limitPrice?.toString() ?? null,
    stopPrice: order.stopPrice?.toString() ?? null,
    fills: order.fills.map((fill) => ({ qty: fill.qty, price: fill.price.toString(), at: fill.at.toISOString() })),
    submittedAt: order.submittedAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    filledAt: order.filledAt?.toISOString() ?? null,
    canceledAt: order.canceledAt?.toISOString() ?? null,
    expiredAt: order.expiredAt?.toISOString() ?? null,
    expiresAt: order.expiresAt?.toISOString() ?? null,
  };
}

export function orderFromState(state: SimOrderState): SimOrder {
  if (!isBrokerOrderStatus(state.status)) throw new Error(`The simulated broker state has an order with unknown status "${state.status}"`);
  return {
    ...state,
    status: state.status,
    limitPrice: state.limitPrice === null ? null : Price.of(state.limitPrice),
    stopPrice: state.stopPrice === null ? null : Price.of(state.stopPrice),
    fills: state.fills.map((fill) => ({ qty: fill.qty, price: Price.of(fill.price), at: new Date(fill.at) })),
    submittedAt: new Date(state.submittedAt),
    updatedAt: new Date(state.updatedAt),
    filledAt: dateOrNull(state.filledAt),
    canceledAt: dateOrNull(state.canceledAt),
    expiredAt: dateOrNull(state.expiredAt),
    expiresAt: dateOrNull(state.expiresAt),
  };
}

export function positionToState(position: SimPosition): SimulatedBrokerState['positions'][number] {
  return { symbol: position.symbol, qty: position.qty, avgEntryPrice: position.avgEntryPrice.toString() };
}

export function positionFromState(state: SimulatedBrokerState['positions'][number]): SimPosition {
  return { symbol: state.symbol, qty: state.qty, avgEntryPrice: Price.of(state.avgEntryPrice) };
}

function dateOrNull(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

/** The state saved at `path`, or undefined when there is no file yet. */
export function readStateFile(path: string): SimulatedBrokerState | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`The simulated broker state file ${path} is not valid JSON (${(error as Error).message}). Fix or delete it.`, {
      cause: error,
    });
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { version?: unknown }).version !== 1) {
    throw new Error(`The simulated broker state file ${path} is not a version 1 state file. Delete it to start a fresh account.`);
  }
  return parsed as SimulatedBrokerState;
}

/** Writes atomically (temporary file, then rename), so a crash never leaves half an account. */
export function writeStateFile(path: string, state: SimulatedBrokerState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  renameSync(temporary, path);
}
