import type { Command } from 'commander';
import { monitorPositions, type MonitorPositionsSummary } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT } from '../exit-codes';
import { plural } from '../output/amounts';
import { closedTradesTable } from './closed-trades';
import { JSON_FLAG, JSON_HELP, examples } from './command-help';
import { jobAction } from './job-action';

export function registerMonitorPositions(program: Command, runner: CommandRunner): void {
  program
    .command('monitor-positions')
    .summary('Mark positions to market, close those gone at the broker (the 10-minute run)')
    .description(
      'Mark open positions to market and compare them with the broker now, as the 10-minute run does: a position gone at the ' +
        'broker is closed in the journal. Exits 1 on failures or quantity mismatches.',
    )
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('monitor-positions', 'monitor-positions --json'))
    .action(jobAction(runner, 'monitor-positions', monitorPositions, presenter));
}

const presenter: Presenter<MonitorPositionsSummary> = {
  exitCode: (s) => (s.failed.length > 0 || s.mismatches.length > 0 ? EXIT.failure : EXIT.ok),
  render(s, out) {
    out(`${plural(s.positions, 'open position')}: ${s.marked} marked to market, ${s.closed.length} closed.\n`);
    if (s.unpriced.length > 0) out(`No price for ${s.unpriced.join(', ')}: the last one stays.\n`);
    if (s.closed.length > 0) {
      out('Closed (gone at the broker):\n');
      out(closedTradesTable(s.closed));
    }
    for (const mismatch of s.mismatches) out(`ALARM: ${mismatch}\n`);
    for (const untracked of s.untracked) out(`Not in the journal (opened outside the product, left alone): ${untracked}\n`);
    for (const failed of s.failed) out(`Failed: ${failed.error}\n`);
  },
};
