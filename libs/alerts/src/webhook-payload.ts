import type { AlertFormat } from '@trading-monitor/config';
import type { Alert } from './alert';

/** The alert as sent, with what the throttle adds: how often it repeated, what the rate limit held back. */
export interface OutgoingAlert extends Alert {
  reminder: boolean;
  repeats: number;
  heldBack: number;
}

const ICON = { info: 'ℹ️', warning: '⚠️', critical: '🚨' } as const;

/** The body to POST: a plain JSON document, or what Slack's or Discord's incoming webhooks expect. */
export function webhookPayload(alert: OutgoingAlert, format: AlertFormat): unknown {
  if (format === 'json') {
    return { source: 'trading-monitor', ...alert };
  }
  const lines = [`${ICON[alert.severity]} *${alert.title}*${alert.reminder ? ` (reminder: ${alert.repeats} more since the last alert)` : ''}`];
  if (alert.text !== alert.title) lines.push(alert.text);
  const ids = ['tradeId', 'symbol', 'job'].filter((name) => alert.fields[name]).map((name) => `${name} ${alert.fields[name]}`);
  if (ids.length > 0) lines.push(ids.join(' · '));
  if (alert.heldBack > 0) lines.push(`(${alert.heldBack} other alert(s) were held back by the rate limit: see the log)`);
  const text = lines.join('\n');
  // Slack's mrkdwn bolds with *…*; Discord's markdown with **…**. Both cap a message's length.
  return format === 'slack' ? { text: text.slice(0, 3000) } : { content: text.replace(/\*([^*\n]+)\*/, '**$1**').slice(0, 2000) };
}
