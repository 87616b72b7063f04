import type { Command } from 'commander';
import { reconcile, type ReconcileReport } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT } from '../exit-codes';
import { plural } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';

interface ReconcileResult {
  report: ReconcileReport;
  /** With --fix, when something differed: the comparison run again after the repair. */
  afterFix?: ReconcileReport;
}

export function registerReconcile(program: Command, runner: CommandRunner): void {
  program
    .command('reconcile')
    .summary('Compare journal and broker both ways; --fix repairs what is safe')
    .description(
      'Compare the journal with the broker both ways (orders, fills, positions, protection) and list every difference. ' +
        'With --fix, apply the safe repairs, then compare again; a repair step that failed (a cancel the broker did not take, say) is listed as FAILED. ' +
        'Exits 0 when they agree (after the fix, with --fix), 1 when they still differ or a repair step failed.',
    )
    .option(
      '--fix',
      'bring orders and fills in, protect unprotected shares, close positions gone at the broker, cancel stray protective orders the product placed',
    )
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('reconcile', 'reconcile --fix', 'reconcile --json'))
    .action((options: JsonOption & { fix?: boolean }) =>
      runner.run(
        'reconcile',
        options,
        (ctx) =>
          ctx.withRuntime(async (runtime): Promise<ReconcileResult> => {
            const report = await reconcile(runtime, { fix: Boolean(options.fix) });
            // The report describes the state before the repair; only a second look says whether it worked.
            return options.fix && !report.clean ? { report, afterFix: await reconcile(runtime) } : { report };
          }),
        presenter,
      ),
    );
}

const presenter: Presenter<ReconcileResult> = {
  exitCode: ({ report, afterFix }) => ((afterFix ?? report).clean && (report.fixed?.failed.length ?? 0) === 0 ? EXIT.ok : EXIT.failure),
  render({ report, afterFix }, out) {
    if (report.clean && !report.fixed?.failed.length) {
      out('Journal and broker agree.\n');
      return;
    }
    if (!report.clean) {
      out('Journal and broker differ:\n');
      renderDifferences(report, out);
    }
    if (report.fixed) renderRepair(report.fixed, out);
    if (afterFix) {
      if (afterFix.clean) out('After the repair, journal and broker agree.\n');
      else {
        out('After the repair they still differ; these need a person:\n');
        renderDifferences(afterFix, out);
      }
    } else if (!report.fixed) out('Run `reconcile --fix` to apply the safe repairs.\n');
  },
};

function renderRepair(fixed: NonNullable<ReconcileReport['fixed']>, out: (text: string) => void): void {
  const { orders, positions, cancelledStrays, cancelsPending, failed } = fixed;
  const pending = cancelsPending.length > 0 ? `, ${plural(cancelsPending.length, 'stray cancel')} asked for and not yet confirmed` : '';
  out(
    `Repair: ${orders.updated} orders updated, ${orders.protected} protected, ${orders.closed.length + positions.closed.length} trades closed, ` +
      `${plural(cancelledStrays.length, 'stray order')} cancelled${pending}.\n`,
  );
  if (failed.length === 0) return;
  out(`Repair FAILED in ${plural(failed.length, 'step')}:\n`);
  for (const failure of failed) out(`  FAILED ${failure.step}: ${failure.message}\n`);
}

function renderDifferences(report: ReconcileReport, out: (text: string) => void): void {
  const section = (title: string, rows: (string | number)[][], headers: string[]) => {
    if (rows.length === 0) return;
    out(`${title}:\n`);
    out(
      renderTable(
        headers.map((header) => ({ header })),
        rows,
      ),
    );
  };
  section(
    'Orders behind the broker',
    report.ordersBehind.map((d) => [d.symbol, d.role, d.orderId, d.journal, d.broker]),
    ['SYMBOL', 'ROLE', 'ORDER', 'JOURNAL', 'BROKER'],
  );
  section(
    'Orders the broker does not know',
    report.unknownToBroker.map((id) => [id]),
    ['ORDER'],
  );
  section(
    'Broker orders not in the journal',
    report.notInJournal.map((o) => [o.symbol, o.side, o.type, o.status, o.orderId, o.own ? 'yes' : 'no']),
    ['SYMBOL', 'SIDE', 'TYPE', 'STATUS', 'ORDER', 'PLACED BY US'],
  );
  section(
    'Positions only in the journal',
    report.positionsOnlyInJournal.map((p) => [p.symbol, p.qty, p.tradeId]),
    ['SYMBOL', 'QTY', 'TRADE'],
  );
  section(
    'Positions only at the broker',
    report.positionsOnlyAtBroker.map((p) => [p.symbol, p.qty]),
    ['SYMBOL', 'QTY'],
  );
  section(
    'Quantity mismatches',
    report.quantityMismatches.map((m) => [m.symbol, m.journalQty, m.brokerQty]),
    ['SYMBOL', 'JOURNAL', 'BROKER'],
  );
  section(
    'Unprotected shares',
    report.unprotected.map((u) => [u.symbol, u.heldQty, u.protectedQty, u.tradeId]),
    ['SYMBOL', 'HELD', 'PROTECTED', 'TRADE'],
  );
}
