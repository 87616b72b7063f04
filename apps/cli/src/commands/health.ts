import type { Command } from 'commander';
import { checkHealth, type HealthReport } from '@trading-monitor/scheduling';
import type { CommandRunner } from '../command-runner';
import { EXIT } from '../exit-codes';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';

export function registerHealth(program: Command, runner: CommandRunner): void {
  program
    .command('health')
    .summary('Check database, broker, job store and scheduler; exits 1 when unhealthy')
    .description(
      'Check the database (reachable, set up), the broker (answers a clock request), the job store, and that a scheduler takes the runs ' +
        '(no job overdue in the job store: a dead scheduler shows here). Exits 1 when any is unhealthy.',
    )
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('health', 'health --json'))
    .action((options: JsonOption) =>
      runner.run(
        'health',
        options,
        (ctx) => {
          ctx.progress('Checking the database, the broker, the job store and the scheduler');
          return checkHealth(ctx.config, { applicationName: 'trading-monitor cli' });
        },
        {
          exitCode: (report: HealthReport) => (report.healthy ? EXIT.ok : EXIT.failure),
          render(report, out) {
            out(
              renderTable(
                [{ header: 'COMPONENT' }, { header: 'STATE' }, { header: 'DETAIL' }],
                report.checks.map((c) => [c.component, c.ok ? (c.degraded ? 'DEGRADED' : 'ok') : 'DOWN', c.detail]),
              ),
            );
            out(report.healthy ? 'Healthy.\n' : 'Unhealthy: see DOWN above.\n');
          },
        },
      ),
    );
}
