import { recordAudit } from '@trading-monitor/persistence';
import type { StepContext } from './sync-context';
import type { TradeState } from './trade-state';

export interface TradeAlarm {
  /** The log event: libs/alerts' rules turn it into a page (protection.alarm, order.alarm, trade.freeze, …). */
  event: string;
  /** execution_log.action; the event when not given. */
  action?: string;
  message: string;
  /** Logged beside the trade's ids and kept in execution_log.details. */
  details?: Record<string, unknown>;
}

/** An alarm on a trade: logged as an error and written to execution_log (outcome `alarm`) in the step's transaction. Returns its message. */
export async function raiseAlarm(ctx: StepContext, state: TradeState, alarm: TradeAlarm): Promise<string> {
  const { trade } = state;
  ctx.log.error({ event: alarm.event, tradeId: trade.tradeId, symbol: trade.symbol, ...alarm.details }, alarm.message);
  await recordAudit(ctx.manager, {
    job: ctx.job,
    action: alarm.action ?? alarm.event,
    outcome: 'alarm',
    message: alarm.message,
    tradeJournalId: trade.id,
    symbol: trade.symbol,
    details: alarm.details,
    at: ctx.clock.now(),
  });
  return alarm.message;
}
