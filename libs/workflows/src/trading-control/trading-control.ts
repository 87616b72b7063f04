import { isWorkingOrderStatus } from '@trading-monitor/domain';
import { NotFound, type BrokerOrder } from '@trading-monitor/broker';
import { findOpenTrades, findOrdersOfTrades, readHaltState, recordAudit, setHalted, type HaltState } from '@trading-monitor/persistence';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import { monitorPositions, type MonitorPositionsSummary } from '../monitor-positions/monitor-positions';
import { cancelAndRead } from '../trade-sync/cancel-order';
import { endExitIntent, recordExitIntent } from '../trade-sync/exit-intent';
import { runTradeStep } from '../trade-sync/trade-step';

export interface HaltResult {
  state: HaltState;
  /** With flatten: entries cancelled, positions sent to close, and what could not be done. */
  flatten?: {
    cancelledEntries: string[];
    closing: string[];
    failed: string[];
    positions: MonitorPositionsSummary;
  };
}

/**
 * Stops every new entry (execute-decisions leaves NEW_TRADE and AMEND decisions waiting) until
 * `resume`. With `flatten`, also cancels every working entry and closes every position at market:
 * the emergency exit. Protection and monitoring carry on either way.
 */
export async function haltTrading(deps: JobDeps, options: { reason: string; flatten?: boolean }): Promise<HaltResult> {
  const { dataSource, broker, clock, log } = deps;
  const now = clock.now();
  await dataSource.transaction(async (manager) => {
    await setHalted(manager, true, options.reason, now);
    await recordAudit(manager, { job: 'trading-control', action: 'trading.halt', outcome: 'ok', message: `Trading halted: ${options.reason}.`, at: now });
  });
  log.warn({ event: 'trading.halted', reason: options.reason, flatten: Boolean(options.flatten) });
  const result: HaltResult = { state: await readHaltState(dataSource.manager) };
  if (!options.flatten) return result;

  const flatten = {
    cancelledEntries: [] as string[],
    closing: [] as string[],
    failed: [] as string[],
    positions: undefined as unknown as MonitorPositionsSummary,
  };
  const trades = await findOpenTrades(dataSource.manager);
  const orders = await findOrdersOfTrades(
    dataSource.manager,
    trades.map((t) => t.id),
  );
  const step = { ...deps, job: 'trading-control' };
  for (const trade of trades) {
    try {
      const working = orders.filter((o) => o.tradeJournalId === trade.id && o.orderType === 'ENTRY' && isWorkingOrderStatus(o.orderStatus));
      const reports = new Map<string, BrokerOrder>();
      for (const entry of working) reports.set(entry.alpacaOrderId, await cancelAndRead(broker, entry.alpacaOrderId));
      if (working.length > 0) {
        const synced = await runTradeStep(step, { kind: 'sync', tradeJournalId: trade.id, reports, options: { cancelledBy: 'CANCEL' } });
        if (synced?.cancelled) flatten.cancelledEntries.push(trade.symbol);
        if (synced?.status !== 'POSITION') continue;
      } else if (trade.status !== 'POSITION') continue;
      // Recorded under the trade lock before the broker is asked: no sync re-protects a trade being closed (exit-intent.ts).
      await runTradeStep(step, {
        kind: 'locked',
        tradeJournalId: trade.id,
        run: (ctx) => recordExitIntent(ctx.manager, { tradeJournalId: trade.id, reason: `halt --flatten: ${options.reason}`, at: clock.now() }),
      });
      try {
        await broker.closePosition(trade.symbol);
      } catch (error) {
        // Already flat at the broker: the position run below records how it closed.
        if (!(error instanceof NotFound)) {
          // Not closed: the shares are protected again by the next sync, and the operator is told.
          await runTradeStep(step, {
            kind: 'locked',
            tradeJournalId: trade.id,
            run: (ctx) => endExitIntent(ctx.manager, trade.id, `The close failed: ${describeError(error)}`),
          });
          throw error;
        }
      }
      flatten.closing.push(trade.symbol);
    } catch (error) {
      flatten.failed.push(`${trade.symbol}: ${describeError(error)}`);
      log.error({ event: 'flatten.failed', tradeId: trade.tradeId, err: error }, `Could not flatten ${trade.symbol}.`);
    }
  }
  // Positions that closed at once are recorded now; market orders waiting for the open, next run.
  flatten.positions = await monitorPositions(deps);
  return { ...result, flatten };
}

export async function resumeTrading(deps: JobDeps): Promise<HaltState> {
  const now = deps.clock.now();
  await deps.dataSource.transaction(async (manager) => {
    await setHalted(manager, false, null, now);
    await recordAudit(manager, { job: 'trading-control', action: 'trading.resume', outcome: 'ok', message: 'Trading resumed.', at: now });
  });
  deps.log.info({ event: 'trading.resumed' });
  return readHaltState(deps.dataSource.manager);
}

export async function tradingState(deps: Pick<JobDeps, 'dataSource'>): Promise<HaltState> {
  return readHaltState(deps.dataSource.manager);
}
