import type { BrokerOrder } from '@trading-monitor/broker';
import { isOwnClientOrderId, journalStatusOf, realizedPnl, totalFills, type Fill } from '@trading-monitor/domain';
import type { WorkflowFixture } from './workflow-fixture';

/**
 * The invariants that must hold after any run followed by one clean cycle, whatever crashed before:
 * every product order at the broker is in the journal exactly once and agrees with it, every
 * position at the broker is fully protected, every closed trade's P&L equals the P&L of the
 * broker's own fills to the cent, and no decision is left unexecuted. Returns the violations.
 */
export async function consistencyProblems(f: WorkflowFixture): Promise<string[]> {
  const problems: string[] = [];
  const atBroker = await f.sim.listOrders({ status: 'all' });
  const byId = new Map(atBroker.map((o) => [o.id, o]));
  const journal = await f.orders();
  const journalIds = new Set(journal.map((o) => o.alpacaOrderId));

  for (const order of atBroker) {
    const own = isOwnClientOrderId(order.clientOrderId) || (order.parentId !== null && isOwnClientOrderId(byId.get(order.parentId)?.clientOrderId ?? ''));
    if (own && !journalIds.has(order.id)) problems.push(`broker order ${order.id} (${order.clientOrderId}, ${order.status}) is not in the journal`);
  }
  const entryIds = atBroker.filter((o) => o.clientOrderId.startsWith('tm-entry-')).map((o) => o.clientOrderId);
  if (new Set(entryIds).size !== entryIds.length) problems.push(`duplicate entry orders: ${entryIds.join(', ')}`);

  for (const row of journal) {
    const order = byId.get(row.alpacaOrderId);
    if (!order) {
      problems.push(`journal order ${row.alpacaOrderId} is unknown to the broker`);
      continue;
    }
    const status = journalStatusOf(order.status, order.filledQty).journal;
    if (status !== row.orderStatus || order.filledQty !== (row.filledQty ?? 0)) {
      problems.push(`order ${row.alpacaOrderId} (${row.orderType}): journal ${row.orderStatus} ${row.filledQty}, broker ${order.status} ${order.filledQty}`);
    }
  }

  const open = atBroker.filter((o) => ['new', 'accepted', 'held', 'partially_filled', 'pending_new'].includes(o.status));
  for (const position of await f.sim.listPositions()) {
    const covered = open
      .filter((o) => o.symbol === position.symbol && (o.type === 'stop' || o.type === 'stop_limit') && o.side === (position.qty > 0 ? 'sell' : 'buy'))
      .reduce((sum, o) => sum + o.qty - o.filledQty, 0);
    if (covered < Math.abs(position.qty)) problems.push(`${position.symbol}: ${Math.abs(position.qty)} shares held, only ${covered} protected`);
  }

  for (const trade of await f.trades()) {
    const rows = journal.filter((o) => o.tradeJournalId === trade.id);
    if (trade.status === 'POSITION' && !(await f.positions()).some((p) => p.tradeJournalId === trade.id)) problems.push(`${trade.tradeId}: POSITION without a position row`);
    if (trade.status !== 'CLOSED' || trade.exitReason === 'MANUAL_EXIT') continue;
    const fillsOf = (roles: string[]): Fill[] =>
      rows
        .filter((o) => roles.includes(o.orderType))
        .map((o) => byId.get(o.alpacaOrderId) as BrokerOrder)
        .filter((o) => o.filledQty > 0 && o.filledAvgPrice)
        .map((o) => ({ qty: o.filledQty, price: o.filledAvgPrice! }));
    const expected = realizedPnl({ entrySide: rows[0]?.side ?? 'buy', entryFills: totalFills(fillsOf(['ENTRY'])), exitFills: totalFills(fillsOf(['STOP_LOSS', 'TAKE_PROFIT'])) });
    if (expected.toCents() !== trade.actualPnl?.toCents()) problems.push(`${trade.tradeId}: journal P&L ${trade.actualPnl?.toCents()}, broker fills ${expected.toCents()}`);
  }

  const pending = await f.dataSource.query(`SELECT "Analysis_Id" FROM analysis_decision WHERE "Approve" AND executed IS NOT TRUE`);
  for (const row of pending) problems.push(`decision ${row.Analysis_Id} was never executed`);
  return problems;
}
