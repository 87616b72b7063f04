import { createLogger, secretsOf, type Config, type Logger, type LoggerOptions } from '@trading-monitor/config';
import { createAlertNotifier, type AlertNotifier } from './alert-notifier';

/**
 * The product's logger with alerting attached: every event the jobs log is also read by the
 * notifier, which sends what a person must see to `ALERT_WEBHOOK_URL`. A notifier that cannot
 * deliver says so in the log (never through the webhook, never with the URL).
 */
export function createAlertingLogger(config: Config, options: Omit<LoggerOptions, 'secrets'>): { log: Logger; alerts: AlertNotifier } {
  const alerts = createAlertNotifier({
    webhookUrl: config.alerts.webhookUrl,
    format: config.alerts.format,
    onUndelivered: (alert, problem) =>
      log.warn({ event: 'alert.undelivered', alertEvent: alert.event }, `An alert could not be delivered (${problem}): ${alert.title}`),
  });
  const readers = [options.tap, config.alerts.webhookUrl ? alerts.observe : undefined].filter((tap) => tap !== undefined);
  const tap = readers.length === 0 ? undefined : (line: Record<string, unknown>) => readers.forEach((read) => read(line));
  const log: Logger = createLogger({ ...options, secrets: secretsOf(config), tap });
  return { log, alerts };
}
