import { Command } from 'commander';
import type { CliIo } from './cli-io';
import type { CommandRunner } from './command-runner';
import { registerDbSetup } from './commands/db-setup';
import { registerDemo } from './commands/demo';
import { registerExecute } from './commands/execute';
import { registerHalt } from './commands/halt';
import { registerHealth } from './commands/health';
import { registerMonitorOrders } from './commands/monitor-orders';
import { registerMonitorPositions } from './commands/monitor-positions';
import { registerReconcile } from './commands/reconcile';
import { registerReplay } from './commands/replay';
import { registerReport } from './commands/report';
import { registerStatus } from './commands/status';

const GENERAL_HELP = `
Run it from the repository as  npx nx run cli:exec -- <command>
or, built (npx nx run cli:build), as  node dist/apps/cli/main.js <command>

Configuration comes from the environment and ./.env (see .env.example). With none, everything runs
offline on the embedded PostgreSQL and the simulated broker. Logs go to standard error (warnings and
errors unless LOG_LEVEL is set); results go to standard output.

Exit codes: 0 ok · 1 failure, or something needs a person (alarms, unhealthy, not reconciled)
            2 usage or configuration error, or the database is not set up (nothing ran)

Start with:  trading-monitor demo
`;

/** The whole command line. Settings given here before `.command()` (output, exit override) reach every command. */
export function buildProgram(runner: CommandRunner, io: CliIo): Command {
  const program = new Command('trading-monitor')
    .description('Operator commands for trading-monitor: run the jobs by hand, look at trades and performance, halt, check health, demo.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => (io.stdout.isTTY ? process.stdout.columns : 100),
      getErrHelpWidth: () => (io.stderr.isTTY ? process.stderr.columns : 100),
    })
    .showHelpAfterError('(add --help for usage)')
    .helpCommand('help [command]', 'show the help of a command')
    .addHelpText('after', GENERAL_HELP);

  registerDemo(program, runner);
  registerExecute(program, runner);
  registerMonitorOrders(program, runner);
  registerMonitorPositions(program, runner);
  registerReconcile(program, runner);
  registerStatus(program, runner);
  registerReport(program, runner);
  registerReplay(program, runner);
  registerHalt(program, runner);
  registerHealth(program, runner);
  registerDbSetup(program, runner);
  return program;
}
