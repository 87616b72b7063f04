export { createAlertingLogger } from './alerting-logger';
