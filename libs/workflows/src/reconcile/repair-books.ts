import { compareBooks, journalStatusOf, type BookFindings, type UntrackedOrder } from '@trading-monitor/domain';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import { monitorOrders, type MonitorOrdersSummary } from '../monitor-orders/monitor-orders';
import { monitorPositions, type MonitorPositionsSummary } from '../monitor-positions/monitor-positions';
import { fetchBooks } from './fetch-books';

/** A repair that did not do what it set out to do. */
export interface RepairFailure {
  step: 'orders' | 'positions' | 'cancel-stray';
  tradeId?: string;
  orderId?: string;
  symbol?: string;
  message: string;
}

export interface RepairResult {
  orders: MonitorOrdersSummary;
  positions: MonitorPositionsSummary;
  /** Stray protective orders the broker confirms cancelled. */
  cancelledStrays: string[];
  /** Cancels the broker accepted but has not confirmed yet (pending_cancel): the next reconcile shows them. */
  cancelsPending: string[];
  /** Every step that failed, with why: a non-empty list means the fix did not complete. */
  failed: RepairFailure[];
}

/**
 * Reconcile's fix step. Each step works from what the broker and journal say after the step
 * before it, never from the snapshot taken before the repair: the order monitor brings orders and
 * fills in and protects what is unprotected; the position monitor closes positions gone at the
 * broker; then both sides are read and compared again, and only the stray protective orders that
 * comparison still finds are cancelled, each one re-read before and after its cancel so that what
 * is reported is what the broker says, not what was asked of it.
 */
export async function repairBooks(deps: JobDeps): Promise<RepairResult> {
  const orders = await monitorOrders({ ...deps });
  const positions = await monitorPositions({ ...deps });
  const failed: RepairFailure[] = [
    ...orders.failed.map((f) => ({ step: 'orders' as const, tradeId: f.tradeId, message: f.error })),
    ...positions.failed.map((f) => ({ step: 'positions' as const, tradeId: f.tradeId, message: f.error })),
  ];
  const result: RepairResult = { orders, positions, cancelledStrays: [], cancelsPending: [], failed };

  let now: BookFindings;
  try {
    now = compareBooks(await fetchBooks(deps));
  } catch (error) {
    failed.push({
      step: 'cancel-stray',
      message: `Could not read journal and broker again after the repairs (${describeError(error)}); no stray order was cancelled.`,
    });
    return result;
  }
  for (const stray of now.strayProtection) {
    const outcome = await cancelStray(deps, stray);
    if (outcome.kind === 'cancelled') result.cancelledStrays.push(stray.orderId);
    else if (outcome.kind === 'pending') result.cancelsPending.push(stray.orderId);
    else if (outcome.kind === 'failed') failed.push({ step: 'cancel-stray', orderId: stray.orderId, symbol: stray.symbol, message: outcome.message });
  }
  return result;
}

// Alpaca's cancel (DELETE /v2/orders/{id}) is only a request: the order then reads pending_cancel,
// canceled, or filled when the cancel lost the race, sometimes for minutes (Alpaca's forum, "Orders
// are showing PENDING CANCEL", forum.alpaca.markets/t/813). So only a read-back says what happened.
type CancelOutcome = { kind: 'cancelled' | 'pending' | 'gone' } | { kind: 'failed'; message: string };

async function cancelStray(deps: JobDeps, stray: UntrackedOrder): Promise<CancelOutcome> {
  const { broker, log } = deps;
  const what = `stray protective order ${stray.orderId} (${stray.symbol})`;
  try {
    const before = await broker.getOrder(stray.orderId);
    if (journalStatusOf(before.status, before.filledQty).terminal) return { kind: 'gone' }; // it ended since it was listed
    await broker.cancelOrder(stray.orderId);
    const after = await broker.getOrder(stray.orderId);
    if (after.status === 'canceled') {
      log.warn({ event: 'reconcile.cancel-stray', orderId: stray.orderId, symbol: stray.symbol }, `Cancelled ${what}.`);
      return { kind: 'cancelled' };
    }
    if (!journalStatusOf(after.status, after.filledQty).terminal) {
      log.warn(
        { event: 'reconcile.cancel-stray-pending', orderId: stray.orderId, symbol: stray.symbol, status: after.status },
        `Asked the broker to cancel ${what}; it reads ${after.status} for now.`,
      );
      return { kind: 'pending' };
    }
    const message = `The cancel of ${what} did not take: the broker reports it ${after.status} (${after.filledQty} of ${after.qty} filled). Check the position in ${stray.symbol}.`;
    log.error({ event: 'reconcile.cancel-stray-failed', orderId: stray.orderId, symbol: stray.symbol, status: after.status }, message);
    return { kind: 'failed', message };
  } catch (error) {
    const message = `Could not cancel ${what}: ${describeError(error)}. It may still be working at the broker: run \`reconcile --fix\` again or cancel it in the Alpaca dashboard.`;
    log.error({ event: 'reconcile.cancel-stray-failed', orderId: stray.orderId, symbol: stray.symbol, err: error }, message);
    return { kind: 'failed', message };
  }
}
