import type { Command } from 'commander';
import { dryRunExecuteDecisions, executeDecisions, type ExecuteDecisionsSummary } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT } from '../exit-codes';
import { plural } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples } from './command-help';
import { dryRunnableJobAction } from './job-action';

export function registerExecute(program: Command, runner: CommandRunner): void {
  program
    .command('execute')
    .summary('Act on the approved decisions now (the 09:45 run)')
    .description(
      'Act on every approved, unexecuted decision now, as the 09:45 run does: place entries (NEW_TRADE), cancel (CANCEL), ' +
        'cancel and replace (AMEND), review (NO_ACTION). Decisions that cannot be acted on are refused with a reason. ' +
        'Exits 1 when a decision failed and will be retried.',
    )
    .option('--dry-run', 'read the approved rows and the broker, print the orders it would send and the rows it would mark, and change nothing')
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('execute', 'execute --dry-run', 'execute --json'))
    .action(
      dryRunnableJobAction(runner, 'execute', {
        run: executeDecisions,
        dryRun: dryRunExecuteDecisions,
        presenter,
        dryRunExitCode: (summary) => (summary.stoppedEarly ? EXIT.failure : EXIT.ok),
      }),
    );
}

const presenter: Presenter<ExecuteDecisionsSummary> = {
  exitCode: (summary) => (summary.counts.failed > 0 || summary.stoppedEarly ? EXIT.failure : EXIT.ok),
  render(summary, out) {
    // A run that could not read the decisions does not know whether any were waiting.
    if (summary.decisions.length === 0 && !summary.stoppedEarly) out('No approved decisions were waiting.\n');
    else if (summary.decisions.length > 0) {
      const counts = Object.entries(summary.counts)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${n} ${kind}`);
      out(`Took ${plural(summary.decisions.length, 'decision')}: ${counts.join(', ')}.\n`);
      out(
        renderTable(
          [{ header: 'OUTCOME' }, { header: 'SYMBOL' }, { header: 'DECISION' }, { header: 'WHAT HAPPENED' }],
          summary.decisions.map((d) => [d.outcome, d.symbol ?? '', d.analysisId, d.message]),
        ),
      );
    }
    if (summary.stoppedEarly) out(`Stopped early: ${summary.stoppedEarly}\n`);
  },
};
