export type { AlertFormat, AlertsConfig, BrokerConfig, Config, DatabaseConfig, LogLevel, TableName } from './config';
export { ALERT_FORMATS, LOG_LEVELS } from './config';
export { ConfigError } from './config-error';
export { loadConfig, type LoadConfigOptions } from './load-config';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger';
export { maskSecrets, redactSecrets, redactUrlCredentials, secretsOf } from './redact';
