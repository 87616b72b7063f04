import { buildAlert } from './alert-rules';
import type { Alert, LogLine } from './alert';

/** A job could not read the broker: it keeps its last known state and tries again next run. */
const BROKER_UNREACHABLE = new Set(['monitor-orders.broker-unavailable', 'positions.unavailable']);
/** A job that got this far read the broker. */
const BROKER_ANSWERED = new Set(['monitor-orders.done', 'monitor-positions.done']);

/**
 * One failed broker read is a blip the next run absorbs; `runs` in a row is an outage a person must
 * know about. Counts consecutive failed runs and raises one alert when the count reaches `runs`.
 */
export class BrokerOutage {
  private failedRuns = 0;

  constructor(private readonly runs: number) {}

  observe(line: LogLine): Alert | null {
    const event = typeof line.event === 'string' ? line.event : '';
    if (BROKER_ANSWERED.has(event)) this.failedRuns = 0;
    if (!BROKER_UNREACHABLE.has(event)) return null;
    this.failedRuns += 1;
    if (this.failedRuns < this.runs) return null;
    const title = `Broker unreachable for ${this.failedRuns} runs in a row`;
    return buildAlert({ ...line, failedRuns: this.failedRuns }, 'broker.unreachable', 'critical', title, []);
  }
}
