import { createAlertingLogger } from '@trading-monitor/alerts';
import {
  ConfigError,
  createLogger,
  loadConfig,
  maskSecrets,
  redactUrlCredentials,
  secretsOf,
  type Config,
  type LogLevel,
  type Logger,
} from '@trading-monitor/config';
import { openRuntime, type Runtime } from '@trading-monitor/runtime';
import type { CliIo } from './cli-io';
import { EXIT, type ExitCode } from './exit-codes';
import { failureOf } from './failure';

/** How a command shows its result. */
export interface Presenter<T> {
  /** Human output on standard output. */
  render(result: T, out: (text: string) => void): void;
  /** 1 when the result itself needs a person (alarms, unhealthy, not reconciled); default 0. */
  exitCode?(result: T): ExitCode;
}

export interface CommandContext {
  config: Config;
  log: Logger;
  /** A line on standard error while slow work runs, when a person watches a terminal. */
  progress(message: string): void;
  /** Output as it happens (the demo's steps); dropped with --json, whose one document comes at the end. */
  print(text: string): void;
  /** Opens the runtime the jobs run on, runs `work`, and closes it (saving the simulated account) whatever happens. */
  withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T>;
  /** The process environment the CLI was given (settings outside Config, such as ALPACA_DATA_FEED for `replay`). */
  env: Readonly<Record<string, string | undefined>>;
}

export interface RunOptions {
  json?: boolean;
  /**
   * The demo needs no configuration: when the environment's is broken, say so and go on with the
   * defaults (DATA_DIR and LOG_LEVEL still apply) instead of refusing to start.
   */
  configOptional?: boolean;
  /** The demo's scripted day is no news: it sends no alerts, whatever ALERT_WEBHOOK_URL says. */
  noAlerts?: boolean;
}

/**
 * Runs one command the same way every time: configuration (a ConfigError exits 2 with its message),
 * the work, the result as tables or as exactly one JSON document on standard output, and an exit
 * code. Logs and error messages go to standard error, without stack traces unless LOG_LEVEL=debug.
 */
export class CommandRunner {
  exitCode: ExitCode = EXIT.ok;

  constructor(private readonly io: CliIo) {}

  async run<T>(command: string, options: RunOptions, work: (context: CommandContext) => Promise<T>, presenter: Presenter<T>): Promise<void> {
    let secrets: string[] = [];
    let debug = false;
    try {
      const config = this.loadConfig(options);
      secrets = secretsOf(config);
      const level = this.logLevel(config);
      debug = level === 'debug' || level === 'trace';
      const { log, alerts } = options.noAlerts
        ? { log: createLogger({ level, secrets, destination: this.io.stderr }), alerts: null }
        : createAlertingLogger(config, { level, destination: this.io.stderr });
      const result = await work(this.context(config, log, Boolean(options.json))).finally(() => alerts?.flush());
      this.exitCode = presenter.exitCode?.(result) ?? EXIT.ok;
      if (options.json) this.writeJson({ command, ok: this.exitCode === EXIT.ok, exitCode: this.exitCode, result });
      else presenter.render(result, (text) => this.io.stdout.write(text));
    } catch (error) {
      const failure = failureOf(command, error, secrets);
      this.exitCode = failure.exitCode;
      this.io.stderr.write(`${failure.message}\n`);
      const stack = (error as { stack?: unknown } | null)?.stack;
      if (debug && failure.kind === 'failure' && typeof stack === 'string') this.io.stderr.write(`${maskSecrets(redactUrlCredentials(stack), secrets)}\n`);
      if (options.json) this.writeJson({ command, ok: false, exitCode: failure.exitCode, error: { kind: failure.kind, message: failure.message } });
    }
  }

  private loadConfig(options: RunOptions): Config {
    try {
      return loadConfig(this.io.env, { envFile: this.io.envFile });
    } catch (error) {
      if (!(error instanceof ConfigError) || !options.configOptional) throw error;
      this.io.stderr.write(`${error.message}\nThe demo does not use that configuration; it runs anyway.\n`);
      return loadConfig({ DATA_DIR: this.io.env['DATA_DIR'], LOG_LEVEL: this.io.env['LOG_LEVEL'] }, { envFile: false });
    }
  }

  /** The jobs log every event at info; a person at the CLI reads the summary instead, so warnings and up unless LOG_LEVEL is set. */
  private logLevel(config: Config): LogLevel {
    return this.io.env['LOG_LEVEL'] ? config.logLevel : 'warn';
  }

  private context(config: Config, log: Logger, json: boolean): CommandContext {
    const progress = (message: string) => {
      if (this.io.stderr.isTTY) this.io.stderr.write(`… ${message}\n`);
    };
    return {
      config,
      log,
      progress,
      env: this.io.env,
      print: (text) => {
        if (!json) this.io.stdout.write(text);
      },
      async withRuntime(work) {
        progress('Opening the database and the broker');
        const runtime = await openRuntime(config, { applicationName: 'trading-monitor cli', log });
        try {
          return await work(runtime);
        } finally {
          await runtime.close();
        }
      },
    };
  }

  private writeJson(document: unknown): void {
    this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }
}
