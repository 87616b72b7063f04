import { CommanderError } from 'commander';
import type { CliIo } from './cli-io';
import { CommandRunner } from './command-runner';
import { EXIT, type ExitCode } from './exit-codes';
import { buildProgram } from './program';

/**
 * Runs one command line and returns its exit code; never exits the process itself, so tests run
 * it in-process. Usage errors (unknown command or option, missing argument) exit 2.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const runner = new CommandRunner(io);
  const program = buildProgram(runner, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return runner.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error; // the runner reports its own failures
    // Commander has printed the message (or the help) already. --help and `help` exit 0.
    if (error.exitCode === 0) return EXIT.ok;
    if (argv.includes('--json')) {
      const document = {
        command: argv.find((arg) => !arg.startsWith('-')) ?? null,
        ok: false,
        exitCode: EXIT.usage,
        error: { kind: 'usage', message: error.message.replace(/^error: /, '') },
      };
      io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    }
    return EXIT.usage;
  }
}
