/** The whole runtime configuration, validated. Built only by `loadConfig`. */
export interface Config {
  database: DatabaseConfig;
  broker: BrokerConfig;
  /** Agenda's job store. Unset: the jobs live in the trading database. */
  mongodbUrl?: string;
  /** NocoDB's API, for `db:setup --production` to make the product's fields and tables NocoDB's own. Unset: SQL only. */
  nocodb?: NocodbConfig;
  logLevel: LogLevel;
  /** Where the embedded database and the simulated broker keep their files. */
  dataDir: string;
  alerts: AlertsConfig;
  /** The scheduler's `/health` and `/metrics` endpoint; null when switched off. */
  metrics: { host: string; port: number } | null;
}

export interface NocodbConfig {
  /** NocoDB's address, e.g. http://localhost:8080. */
  url: string;
  /** An API token made in NocoDB's UI (sent as `xc-token`): a credential, never printed. */
  apiToken: string;
}

export const ALERT_FORMATS = ['json', 'slack', 'discord'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

export interface AlertsConfig {
  /** No URL: alerts are only in the log. The URL is a credential (Slack and Discord put a token in it). */
  webhookUrl?: string;
  format: AlertFormat;
}

export type DatabaseConfig = (
  | { kind: 'url'; url: string }
  /** No database configured: run the embedded PostgreSQL in `<dataDir>/postgres`. */
  | { kind: 'embedded'; dataDir: string }
) & {
  /** `ANALYSIS_DECISION_TABLE`: which table holds the decisions. Unset: the one table found (see docs/database-setup.md). */
  decisionTable?: TableName;
};

/** A table by schema and name, exactly as PostgreSQL spells them (no quotes). */
export interface TableName {
  schema: string;
  table: string;
}

export type BrokerConfig =
  | { kind: 'simulated'; stateFile: string }
  | {
      kind: 'alpaca';
      keyId: string;
      secretKey: string;
      paper: boolean;
      tradingUrl?: string;
      dataUrl?: string;
    };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
