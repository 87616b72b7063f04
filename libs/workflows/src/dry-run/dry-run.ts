import { executeDecisions, type ExecuteDecisionsSummary, type ExecutedDecision } from '../execute-decisions/execute-decisions';
import type { JobDeps } from '../job-deps';
import { monitorOrders, type MonitorOrdersSummary } from '../monitor-orders/monitor-orders';
import { DryRunBroker, type IntendedOrder } from './dry-run-broker';
import { withRolledBackDatabase } from './rolled-back';

/** What a job would have done, and that it did none of it. */
export interface DryRunReport<Summary> {
  dryRun: true;
  /** The run's own summary, as the real run would have reported it. */
  summary: Summary;
  /** The orders it would have sent, cancelled, replaced or closed, in that order. */
  orders: IntendedOrder[];
  /** The decision rows it would have marked executed. */
  markedRows: ExecutedDecision[];
}

// Outcomes that leave the decision for a later run; every other one marks its row executed.
const LEFT_WAITING = new Set(['deferred', 'halted', 'failed']);

/**
 * `execute --dry-run`: the real execute run, on the approved rows and the broker's real state,
 * but with the database rolled back at the end and the broker's changes written down instead of
 * sent (DryRunBroker). What it prints is what the run would do now; the broker can still refuse an
 * order for reasons only a real submit reveals (buying power, say). It reads the decision rows
 * without locking them and marks none (leaveRowsUnlocked): a real run at the same moment takes
 * every one of them.
 */
export async function dryRunExecuteDecisions(deps: JobDeps): Promise<DryRunReport<ExecuteDecisionsSummary>> {
  const broker = new DryRunBroker(deps.broker, deps.clock);
  const log = deps.log.child({ dryRun: true });
  const summary = await withRolledBackDatabase(deps.dataSource, (dataSource) =>
    executeDecisions({ ...deps, log, dataSource, broker }, { leaveRowsUnlocked: true }),
  );
  return { dryRun: true, summary, orders: broker.intended, markedRows: summary.decisions.filter((d) => !LEFT_WAITING.has(d.outcome)) };
}

/** `monitor-orders --dry-run`: what the order run would record and send now (protection for fills, say), changing nothing. */
export async function dryRunMonitorOrders(deps: JobDeps): Promise<DryRunReport<MonitorOrdersSummary>> {
  const broker = new DryRunBroker(deps.broker, deps.clock);
  const log = deps.log.child({ dryRun: true });
  const summary = await withRolledBackDatabase(deps.dataSource, (dataSource) => monitorOrders({ ...deps, log, dataSource, broker }));
  return { dryRun: true, summary, orders: broker.intended, markedRows: summary.adopted.filter((d) => !LEFT_WAITING.has(d.outcome)) };
}
