import type { Command } from 'commander';
import { Writable } from 'node:stream';
import type { CliIo } from './cli-io';
import { CommandRunner } from './command-runner';
import { buildProgram } from './program';

// The CLI's commands and options exactly as commander defines them, built with silent output and
// no environment, for the docs check (tools/docs-check, imported as @trading-monitor/cli/program)
// to compare with what README.md and docs/ show. Building the program runs nothing.
export function cliProgram(): Command {
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const io: CliIo = { stdout: silent, stderr: silent, env: {}, envFile: false };
  return buildProgram(new CommandRunner(io), io);
}
