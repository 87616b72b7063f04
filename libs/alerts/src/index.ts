export type { Alert, AlertSeverity, LogLine } from './alert';
export { createAlertNotifier, type AlertNotifier, type AlertNotifierOptions } from './alert-notifier';
export { createAlertingLogger } from './alerting-logger';
