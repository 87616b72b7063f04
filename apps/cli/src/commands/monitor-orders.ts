import type { Command } from 'commander';
import { dryRunMonitorOrders, monitorOrders, type DryRunReport, type MonitorOrdersSummary } from '@trading-monitor/workflows';
import { renderDryRun } from './dry-run-output';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT } from '../exit-codes';
import { plural, signed } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';

export function registerMonitorOrders(program: Command, runner: CommandRunner): void {
  program
    .command('monitor-orders')
    .summary('Bring order fills in, protect and close trades (the 5-minute run)')
    .description(
      'Bring every working order in from the broker now, as the 5-minute run does: entry fills become protected positions, ' +
        'protective fills close trades with their P&L, ended entries are cancelled. Exits 1 on alarms or failures.',
    )
    .option('--dry-run', 'read the journal and the broker, print what it would record and the orders it would send, and change nothing')
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('monitor-orders', 'monitor-orders --dry-run', 'monitor-orders --json'))
    .action((options: JsonOption & { dryRun?: boolean }) =>
      options.dryRun
        ? runner.run('monitor-orders', options, (ctx) => ctx.withRuntime((runtime) => dryRunMonitorOrders(runtime)), dryRunPresenter)
        : runner.run('monitor-orders', options, (ctx) => ctx.withRuntime((runtime) => monitorOrders(runtime)), presenter),
    );
}

const dryRunPresenter: Presenter<DryRunReport<MonitorOrdersSummary>> = {
  exitCode: () => EXIT.ok,
  render(report, out) {
    renderDryRun(report, out);
    out('\nWhat the run would report:\n');
    presenter.render(report.summary, out);
  },
};

const presenter: Presenter<MonitorOrdersSummary> = {
  exitCode: (s) => (s.alarms.length > 0 || s.failed.length > 0 ? EXIT.failure : EXIT.ok),
  render(s, out) {
    // Decisions an earlier run left unfinished: an entry it placed, a CANCEL or AMEND still in progress.
    for (const adopted of s.adopted) out(`Decision ${adopted.analysisId} (left by an earlier run), ${adopted.outcome}: ${adopted.message}\n`);
    out(
      `Checked ${plural(s.checked, 'working order')}: ${s.updated} updated, ${plural(s.filled, 'entry', 'entries')} filled, ` +
        `${s.protected} protected, ${s.closed.length} closed, ${s.cancelled.length} cancelled.\n`,
    );
    if (s.closed.length > 0) {
      out('Closed:\n');
      out(
        renderTable(
          [{ header: 'SYMBOL' }, { header: 'TRADE' }, { header: 'REASON' }, { header: 'EXIT', align: 'right' }, { header: 'P&L', align: 'right' }],
          s.closed.map((c) => [c.symbol, c.tradeId, c.reason, c.exitPrice, signed(c.pnl)]),
        ),
      );
    }
    if (s.cancelled.length > 0) {
      out('Cancelled:\n');
      out(
        renderTable(
          [{ header: 'SYMBOL' }, { header: 'TRADE' }, { header: 'REASON' }],
          s.cancelled.map((c) => [c.symbol, c.tradeId, c.reason]),
        ),
      );
    }
    for (const alarm of s.alarms) out(`ALARM: ${alarm}\n`);
    for (const failed of s.failed) out(`Failed: ${failed.error}\n`);
  },
};
