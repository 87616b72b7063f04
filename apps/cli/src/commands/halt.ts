import type { Command } from 'commander';
import { haltTrading, resumeTrading, type HaltResult } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT } from '../exit-codes';
import { signed } from '../output/amounts';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';

export function registerHalt(program: Command, runner: CommandRunner): void {
  program
    .command('halt')
    .summary('Stop new entries; --flatten also closes everything')
    .description(
      'Stop new entries until `resume`: execute leaves NEW_TRADE and AMEND decisions waiting; protection and monitoring carry on. ' +
        'With --flatten, also cancel every working entry and close every position at market (the emergency exit); exits 1 if any could not be.',
    )
    .option('--reason <text>', 'why, shown by status and kept in the audit log', 'halted by an operator from the CLI')
    .option('--flatten', 'also cancel working entries and close every position at market')
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('halt --reason "earnings week"', 'halt --flatten --reason "broker incident"'))
    .action((options: JsonOption & { reason: string; flatten?: boolean }) =>
      runner.run(
        'halt',
        options,
        (ctx) =>
          ctx.withRuntime((runtime) => {
            if (options.flatten) ctx.progress('Cancelling entries and closing positions');
            return haltTrading(runtime, { reason: options.reason, flatten: Boolean(options.flatten) });
          }),
        haltPresenter,
      ),
    );

  program
    .command('resume')
    .summary('Lift a halt')
    .description('Lift a halt: the next execute run places the entries that waited.')
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('resume'))
    .action((options: JsonOption) =>
      runner.run('resume', options, (ctx) => ctx.withRuntime((runtime) => resumeTrading(runtime)), {
        render: (state, out) => out(state.halted ? 'Trading is still halted.\n' : 'Trading resumed: the next execute run places entries again.\n'),
      }),
    );
}

const haltPresenter: Presenter<HaltResult> = {
  exitCode: (result) => (result.flatten && result.flatten.failed.length > 0 ? EXIT.failure : EXIT.ok),
  render(result, out) {
    out(`Trading HALTED (${result.state.reason ?? 'no reason given'}). New entries wait for \`resume\`; protection and monitoring carry on.\n`);
    const flatten = result.flatten;
    if (!flatten) return;
    out(`Entries cancelled: ${flatten.cancelledEntries.join(', ') || 'none'}.\n`);
    out(`Positions sent to close at market: ${flatten.closing.join(', ') || 'none'}.\n`);
    out(
      `Closed in the journal now: ${flatten.positions.closed.map((c) => `${c.symbol} ${signed(c.pnl)}`).join(', ') || 'none'} (the rest as their orders fill; run status).\n`,
    );
    for (const failed of flatten.failed) out(`FAILED: ${failed}\n`);
  },
};
