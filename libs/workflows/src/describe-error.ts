import { isBrokerError, Rejected } from '@trading-monitor/broker';

/** One readable line for an error, for summaries and the audit table: the broker's own words where there are some. */
export function describeError(error: unknown): string {
  if (error instanceof Rejected) return `the broker refused: ${error.brokerMessage}`;
  if (isBrokerError(error)) return `${error.kind.replace('_', ' ')} broker error: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
