import { compareBooks, type BookFindings } from '@trading-monitor/domain';
import { recordAudit } from '@trading-monitor/persistence';
import type { JobDeps } from '../job-deps';
import { fetchBooks } from './fetch-books';
import { repairBooks, type RepairResult } from './repair-books';

export interface ReconcileReport extends BookFindings {
  /** With `fix`: what the repair did, and every step that failed. */
  fixed?: RepairResult;
}

const JOB = 'reconcile' as const;

/**
 * Compares journal and broker both ways and reports every difference: fetch both sides
 * (fetch-books.ts), compare them in a pure function (the domain's book-comparison.ts), and with
 * `fix` apply the safe corrections (repair-books.ts): bring orders and fills in, protect what is
 * unprotected, close positions gone at the broker, cancel stray protective orders the product
 * placed for trades that no longer hold shares. It never touches positions or orders the product
 * did not place. The report describes the state before the repair; `fixed.failed` lists what the
 * repair could not do.
 */
export async function reconcile(deps: JobDeps, options: { fix?: boolean } = {}): Promise<ReconcileReport> {
  const { dataSource, clock, log } = deps;
  const report: ReconcileReport = compareBooks(await fetchBooks(deps));
  if (options.fix) report.fixed = await repairBooks(deps);
  const failed = report.fixed?.failed ?? [];
  await recordAudit(dataSource.manager, {
    job: JOB,
    action: options.fix ? 'reconcile.fix' : 'reconcile.report',
    outcome: failed.length > 0 ? 'failed' : report.clean ? 'ok' : 'alarm',
    message: [
      report.clean ? 'Journal and broker agree.' : `Journal and broker differ: ${summarise(report)}.`,
      ...(failed.length > 0 ? [`${failed.length} repair steps failed: ${failed.map((f) => f.message).join(' ')}`] : []),
    ].join(' '),
    details: {
      ...report,
      fixed: report.fixed ? { failed, cancelledStrays: report.fixed.cancelledStrays, cancelsPending: report.fixed.cancelsPending } : undefined,
    } as unknown as Record<string, unknown>,
    at: clock.now(),
  });
  log.info({ event: 'reconcile.done', clean: report.clean, fix: Boolean(options.fix), failedRepairs: failed.length });
  return report;
}

function summarise(report: BookFindings): string {
  const parts: string[] = [];
  if (report.ordersBehind.length) parts.push(`${report.ordersBehind.length} orders behind the broker`);
  if (report.missedFills.length) parts.push(`${report.missedFills.length} missed fills`);
  if (report.unknownToBroker.length) parts.push(`${report.unknownToBroker.length} orders unknown to the broker`);
  if (report.notInJournal.length) parts.push(`${report.notInJournal.length} broker orders not in the journal`);
  if (report.positionsOnlyInJournal.length) parts.push(`${report.positionsOnlyInJournal.length} positions only in the journal`);
  if (report.positionsOnlyAtBroker.length) parts.push(`${report.positionsOnlyAtBroker.length} positions only at the broker`);
  if (report.quantityMismatches.length) parts.push(`${report.quantityMismatches.length} quantity mismatches`);
  if (report.unprotected.length) parts.push(`${report.unprotected.length} unprotected positions`);
  return parts.join(', ');
}
