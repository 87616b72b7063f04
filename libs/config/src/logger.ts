import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config';
import { maskSecrets, redactSecrets, redactUrlCredentials } from './redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go. Default: standard error, so command output on standard out stays clean. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Readable lines instead of JSON. Default: when the destination is a terminal. */
  pretty?: boolean;
  /** Literal secret values (see `secretsOf`) masked in every line, whatever field they hide in. */
  secrets?: readonly string[];
}

/**
 * The product's logger: events as JSON lines (`{ event: 'trade.closed', tradeId, … }`), readable
 * when a person watches. Secret-named fields, URL passwords and known secret values never get out.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const secrets = options.secrets ?? [];
  const scrub = (line: string) => maskSecrets(redactUrlCredentials(line), secrets);
  const sink = new Writable({
    write(chunk, _encoding, done) {
      destination.write(scrub(String(chunk)));
      done();
    },
  });
  const usePretty = options.pretty ?? Boolean(destination.isTTY);
  const prettyOptions = { destination: sink, sync: true, colorize: Boolean(destination.isTTY), translateTime: 'SYS:HH:MM:ss', ignore: 'hostname,pid' };
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redactSecrets(object) },
      serializers: { err: (error: Error) => redactSecrets(error) },
    },
    usePretty ? pretty(prettyOptions) : sink,
  );
}

/** A logger that drops everything: for tests and benchmarks that assert on summaries instead. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
