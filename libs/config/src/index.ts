export type { AlertFormat, BrokerConfig, Config, DatabaseConfig, LogLevel, NocodbConfig, TableName } from './config';
export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger';
export { maskSecrets, redactUrlCredentials, secretsOf } from './redact';
