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
  /**
   * Also hands every event at info or above, as the JSON object written (secrets already masked),
   * to this reader: alerts and metrics read the log instead of every job calling them. It runs
   * inside the log call, so it must return at once and never throw.
   */
  tap?: (line: Record<string, unknown>) => void;
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
  const output = usePretty ? pretty(prettyOptions) : sink;
  const tap = options.tap;
  const streams = tap
    ? pino.multistream([
        ...(options.level === 'silent' ? [] : [{ level: options.level, stream: output }]),
        { level: 'info' as const, stream: { write: (line: string) => readLine(scrub(line), tap) } },
      ])
    : output;
  return pino(
    {
      // With a reader, info events are made even when a person asked for warnings only; the
      // multistream still writes only the asked-for level to the log.
      level: tap ? lowerOf(options.level, 'info') : options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redactSecrets(object) },
      serializers: { err: (error: Error) => redactSecrets(error) },
    },
    streams,
  );
}

function readLine(line: string, tap: (line: Record<string, unknown>) => void): void {
  try {
    tap(JSON.parse(line) as Record<string, unknown>);
  } catch {
    // A reader's failure must never become the job's failure.
  }
}

function lowerOf(level: LogLevel, other: LogLevel): LogLevel {
  return pino.levels.values[level] !== undefined && pino.levels.values[level] < pino.levels.values[other] ? level : other;
}

/** A logger that drops everything: for tests and benchmarks that assert on summaries instead. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
