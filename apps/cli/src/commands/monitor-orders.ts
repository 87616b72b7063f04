import type { Command } from 'commander';
import { dryRunMonitorOrders, monitorOrders, type MonitorOrdersSummary } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT } from '../exit-codes';
import { plural } from '../output/amounts';
import { renderTable } from '../output/table';
import { closedTradesTable } from './closed-trades';
import { JSON_FLAG, JSON_HELP, examples } from './command-help';
import { dryRunnableJobAction } from './job-action';

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
    .action(dryRunnableJobAction(runner, 'monitor-orders', { run: monitorOrders, dryRun: dryRunMonitorOrders, presenter }));
}

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
      out(closedTradesTable(s.closed));
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
