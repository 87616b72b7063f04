import { ConfigError, maskSecrets, redactUrlCredentials } from '@trading-monitor/config';
import { InvalidReportRange, ReportFileError } from '@trading-monitor/reporting';
import { SetupError } from '@trading-monitor/scheduling';
import { SetupRequired } from '@trading-monitor/runtime';
import { describeError } from '@trading-monitor/workflows';
import { EXIT, type ExitCode } from './exit-codes';

/** A command line that cannot be acted on, found after parsing (a bad date, say). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Failure {
  exitCode: ExitCode;
  /** usage, config and setup exit 2 (nothing ran); failure exits 1. */
  kind: 'usage' | 'config' | 'setup' | 'failure';
  /** What went wrong and what to do, for a person. Never holds a secret. */
  message: string;
}

/** What an error means for the operator, and the exit code it gets. */
export function failureOf(command: string, error: unknown, secrets: readonly string[]): Failure {
  const clean = (text: string) => maskSecrets(redactUrlCredentials(text), secrets);
  if (error instanceof ConfigError) return { exitCode: EXIT.usage, kind: 'config', message: clean(error.message) };
  if (error instanceof SetupRequired || error instanceof SetupError) return { exitCode: EXIT.usage, kind: 'setup', message: clean(error.message) };
  if (error instanceof UsageError || error instanceof InvalidReportRange) return { exitCode: EXIT.usage, kind: 'usage', message: clean(error.message) };
  // Not a part that is down: the message names the file and what to do.
  if (error instanceof ReportFileError) return { exitCode: EXIT.failure, kind: 'failure', message: clean(`${command} failed: ${error.message}`) };
  const reason = describeError(error)
    .replace(/^Error: /, '')
    .replace(/\.$/, '');
  return {
    exitCode: EXIT.failure,
    kind: 'failure',
    message: clean(`${command} failed: ${reason}. Run \`health\` to see which part is down; LOG_LEVEL=debug shows the details.`),
  };
}
