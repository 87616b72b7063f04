import type { Alert, AlertSeverity, LogLine } from './alert';

interface AlertRule {
  severity: AlertSeverity;
  /** What makes two events the same problem, from the line's fields. */
  keyFields: readonly string[];
  title(line: LogLine): string;
}

const s = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const signed = (amount: unknown): string => (s(amount).startsWith('-') ? s(amount) : `+${s(amount)}`);

/**
 * Which log events reach a person, and how they read. The jobs already log every event with its
 * ids; alerting is a reading of those events, so no job waits on, or even knows about, a webhook.
 */
export const ALERT_RULES: Readonly<Record<string, AlertRule>> = {
  'trade.position': { severity: 'info', keyFields: ['tradeId'], title: (l) => `${s(l['symbol'])} position opened (trade ${s(l['tradeId'])})` },
  'trade.closed': {
    severity: 'info',
    keyFields: ['tradeId'],
    title: (l) => `${s(l['symbol'])} closed: ${s(l['reason'])}, P&L ${signed(l['pnl'])}${l['r'] ? ` (${signed(l['r'])}R)` : ''}`,
  },
  'protection.alarm': { severity: 'critical', keyFields: ['tradeId'], title: (l) => `${s(l['symbol'])}: shares NOT protected` },
  'order.alarm': { severity: 'critical', keyFields: ['tradeId'], title: (l) => `${s(l['symbol'])}: order needs attention` },
  'protection.exit-through-stop': {
    severity: 'critical',
    keyFields: ['tradeId'],
    title: (l) => `${s(l['symbol'])}: market through the stop, shares exited at the market`,
  },
  'trade.unloadable': {
    severity: 'critical',
    keyFields: ['tradeId'],
    title: (l) => `${s(l['symbol'])}: trade ${s(l['tradeId'])} cannot be read from the journal`,
  },
  'trade.rebase': { severity: 'warning', keyFields: ['tradeId'], title: (l) => `${s(l['symbol'])}: split detected, trade re-based` },
  'trade.freeze': { severity: 'critical', keyFields: ['tradeId'], title: (l) => `${s(l['symbol'])}: trade frozen for a person (split or quantity change)` },
  'position.mismatch': { severity: 'warning', keyFields: ['symbol'], title: (l) => `${s(l['symbol'])}: journal and broker disagree` },
  'job.failed': { severity: 'critical', keyFields: ['job'], title: (l) => `Job ${s(l['job'])} failed` },
  'reconcile.done': { severity: 'warning', keyFields: [], title: () => 'Reconcile found differences between journal and broker' },
  'trading.halted': { severity: 'warning', keyFields: [], title: (l) => `Trading halted${l['reason'] ? `: ${s(l['reason'])}` : ''}` },
  'trading.resumed': { severity: 'info', keyFields: [], title: () => 'Trading resumed' },
};

/** Only a reconcile that found something is news. */
const NOT_NEWS: Readonly<Record<string, (line: LogLine) => boolean>> = {
  'reconcile.done': (line) => line['clean'] === true,
};

/** Fields never shown in an alert: the logger's own, and the message (it is the text). */
const HIDDEN_FIELDS = new Set(['level', 'time', 'msg', 'event', 'err', 'pid', 'hostname']);

/** The alert a log line raises, or null when the line is not worth a person's attention. */
export function alertOf(line: LogLine): Alert | null {
  const event = typeof line.event === 'string' ? line.event : '';
  const rule = ALERT_RULES[event];
  if (!rule || NOT_NEWS[event]?.(line)) return null;
  return buildAlert(line, event, rule.severity, rule.title(line), rule.keyFields);
}

export function buildAlert(line: LogLine, event: string, severity: AlertSeverity, title: string, keyFields: readonly string[]): Alert {
  const fields = Object.fromEntries(
    Object.entries(line)
      .filter(([name, value]) => !HIDDEN_FIELDS.has(name) && value !== undefined && value !== null && typeof value !== 'object')
      .map(([name, value]) => [name, String(value)]),
  );
  return {
    key: [event, ...keyFields.map((name) => s(line[name]))].join(':'),
    severity,
    title,
    text: s(line.msg) || title,
    event,
    fields,
    at: typeof line.time === 'string' ? line.time : new Date().toISOString(),
  };
}
