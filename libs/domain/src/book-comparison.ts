import { clientOrderIdHasScope, parseClientOrderId, isOwnClientOrderId } from './client-order-id';
import { journalStatusOf, type BrokerOrderStatus, type JournalOrderStatus } from './order-status';
import type { OrderRole } from './order-role';
import { protectedShares, type CoveringOrder } from './protected-shares';

/**
 * Reconciliation as a pure comparison (the shape NautilusTrader's reconciliation has): a fetch step
 * reads the journal and the broker into a `BookSnapshot`, `compareBooks` lists every difference,
 * and a fix step acts on the findings. The test kit's consistency check uses the same rules where
 * it checks the same facts (`orderDisagreement`, `isOwnOrder`), so there is one rule, not two.
 */

/** A journal order (`order_execution`), as the comparison reads it. */
export interface JournalOrderView {
  orderId: string;
  symbol: string;
  role: OrderRole;
  status: JournalOrderStatus;
  qty: number;
  filledQty: number | null;
}

/** A broker order, as the comparison reads it (the broker port's order satisfies it). */
export interface BrokerOrderView {
  id: string;
  clientOrderId: string;
  parentId: string | null;
  symbol: string;
  side: string;
  type: string;
  status: BrokerOrderStatus;
  qty: number;
  filledQty: number;
}

/** A trade the journal says holds shares (status POSITION). */
export interface HoldingTradeView {
  tradeId: string;
  symbol: string;
  /** Shares the journal's position row holds (0 without one). */
  journalQty: number;
  /** The trade's journal orders, for the protection rule. */
  orders: readonly CoveringOrder[];
}

export interface BookSnapshot {
  /** The journal's working orders (any trade's, a closed trade's leftovers included). */
  journalOrders: readonly JournalOrderView[];
  /** What the broker says now about those orders, by id. */
  brokerReports: ReadonlyMap<string, BrokerOrderView>;
  /** Journal order ids the broker does not know at all. */
  unknownToBroker: readonly string[];
  /** The broker's open orders. */
  brokerOpen: readonly BrokerOrderView[];
  /** Of the broker's open orders, the ids the journal records (any status). */
  journalKnows: ReadonlySet<string>;
  holdingTrades: readonly HoldingTradeView[];
  brokerPositions: ReadonlyArray<{ symbol: string; qty: number }>;
}

export interface OrderDifference {
  orderId: string;
  symbol: string;
  role: string;
  journal: string;
  broker: string;
}

export interface UntrackedOrder {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: string;
  type: string;
  status: string;
  /** The product placed it (its client_order_id, or its parent's, says so): a crash left it. */
  own: boolean;
}

export interface BookFindings {
  /** Journal orders whose broker state moved on (fills included) and the journal has not caught up. */
  ordersBehind: OrderDifference[];
  /** Of those, the ones where the broker filled more than the journal knows. */
  missedFills: OrderDifference[];
  unknownToBroker: string[];
  /** Open broker orders the journal does not know. */
  notInJournal: UntrackedOrder[];
  positionsOnlyInJournal: Array<{ tradeId: string; symbol: string; qty: number }>;
  positionsOnlyAtBroker: Array<{ symbol: string; qty: number }>;
  quantityMismatches: Array<{ symbol: string; journalQty: number; brokerQty: number }>;
  /** Held shares not covered by a working stop. */
  unprotected: Array<{ tradeId: string; symbol: string; heldQty: number; protectedQty: number }>;
  /**
   * Protective orders the product placed (stop or OCO, by their client_order_id) that the journal
   * does not know, for a trade that holds no shares: safe to cancel, they protect nothing.
   */
  strayProtection: UntrackedOrder[];
  clean: boolean;
}

/** How a journal order and the broker's report of it disagree, or null when they agree. */
export function orderDisagreement(journal: Pick<JournalOrderView, 'status' | 'filledQty'>, broker: Pick<BrokerOrderView, 'status' | 'filledQty'>) {
  const brokerStatus = journalStatusOf(broker.status, broker.filledQty).journal;
  const journalFilled = journal.filledQty ?? 0;
  const status = brokerStatus !== journal.status;
  const fills = broker.filledQty !== journalFilled;
  if (!status && !fills) return null;
  return { status, fills, missedFill: broker.filledQty > journalFilled };
}

/** Placed by the product: its own client_order_id, or a leg of an order that has one. */
export function isOwnOrder(
  order: Pick<BrokerOrderView, 'clientOrderId' | 'parentId'>,
  parentOf: (id: string) => Pick<BrokerOrderView, 'clientOrderId'> | undefined,
): boolean {
  if (isOwnClientOrderId(order.clientOrderId)) return true;
  return order.parentId !== null && isOwnClientOrderId(parentOf(order.parentId)?.clientOrderId ?? '');
}

/** Every difference between journal and broker, both ways; changes nothing. */
export function compareBooks(books: BookSnapshot): BookFindings {
  const findings: BookFindings = {
    ordersBehind: [],
    missedFills: [],
    unknownToBroker: [...books.unknownToBroker],
    notInJournal: [],
    positionsOnlyInJournal: [],
    positionsOnlyAtBroker: [],
    quantityMismatches: [],
    unprotected: [],
    strayProtection: [],
    clean: true,
  };

  for (const order of books.journalOrders) {
    const at = books.brokerReports.get(order.orderId);
    if (!at) continue;
    const disagreement = orderDisagreement(order, at);
    if (!disagreement) continue;
    const difference = {
      orderId: order.orderId,
      symbol: order.symbol,
      role: order.role,
      journal: `${order.status} ${order.filledQty ?? 0}/${order.qty}`,
      broker: `${at.status} ${at.filledQty}/${at.qty}`,
    };
    findings.ordersBehind.push(difference);
    if (disagreement.missedFill) findings.missedFills.push(difference);
  }

  const openById = new Map(books.brokerOpen.map((o) => [o.id, o]));
  findings.notInJournal = books.brokerOpen
    .filter((o) => !books.journalKnows.has(o.id))
    .map((o) =>
      untracked(
        o,
        isOwnOrder(o, (id) => openById.get(id)),
      ),
    );

  const atBroker = new Map(books.brokerPositions.map((p) => [p.symbol, p]));
  for (const trade of books.holdingTrades) {
    const held = atBroker.get(trade.symbol);
    if (!held) findings.positionsOnlyInJournal.push({ tradeId: trade.tradeId, symbol: trade.symbol, qty: trade.journalQty });
    else if (Math.abs(held.qty) !== trade.journalQty)
      findings.quantityMismatches.push({ symbol: trade.symbol, journalQty: trade.journalQty, brokerQty: held.qty });
    const protectedQty = protectedShares(trade.orders);
    if (protectedQty < trade.journalQty) findings.unprotected.push({ tradeId: trade.tradeId, symbol: trade.symbol, heldQty: trade.journalQty, protectedQty });
  }
  const tracked = new Set(books.holdingTrades.map((t) => t.symbol));
  findings.positionsOnlyAtBroker = books.brokerPositions.filter((p) => !tracked.has(p.symbol)).map((p) => ({ symbol: p.symbol, qty: p.qty }));
  findings.strayProtection = findings.notInJournal.filter((order) => isStrayProtection(order, books.holdingTrades));

  findings.clean = [
    findings.ordersBehind,
    findings.unknownToBroker,
    findings.notInJournal,
    findings.positionsOnlyInJournal,
    findings.positionsOnlyAtBroker,
    findings.quantityMismatches,
    findings.unprotected,
  ].every((list) => list.length === 0);
  return findings;
}

function untracked(order: BrokerOrderView, own: boolean): UntrackedOrder {
  return { orderId: order.id, clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, type: order.type, status: order.status, own };
}

/** A stop or OCO the product placed (by its own id, not as a leg) for a trade that holds nothing now. */
function isStrayProtection(order: UntrackedOrder, holding: readonly HoldingTradeView[]): boolean {
  const parsed = parseClientOrderId(order.clientOrderId);
  if (!parsed || (parsed.leg !== 'stop' && parsed.leg !== 'oco')) return false;
  return !holding.some((trade) => clientOrderIdHasScope(parsed, trade.tradeId));
}
