/** How urgently a person should look. */
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** One thing worth a person's attention, built from a log event. */
export interface Alert {
  /** Alerts with the same key are the same problem: sent once, then reminded. */
  key: string;
  severity: AlertSeverity;
  /** A short headline: "NVDA closed: TARGET_HIT, P&L +526.50". */
  title: string;
  /** The full sentence from the log line, when it has one. */
  text: string;
  /** The log event it came from (`trade.closed`). */
  event: string;
  /** The event's fields worth showing (ids, symbol, amounts), as strings. */
  fields: Record<string, string>;
  at: string;
}

/** A log line as the logger wrote it: `{ level, time, event, msg, … }`, secrets already redacted. */
export type LogLine = Record<string, unknown> & { event?: unknown; msg?: unknown; time?: unknown };
