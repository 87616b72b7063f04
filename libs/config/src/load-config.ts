import { parse as parseDotenv } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { BrokerConfig, Config, DatabaseConfig, TableName } from './config';
import { ALERT_FORMATS, LOG_LEVELS } from './config';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

/** Alpaca's live (real money) trading host. */
const LIVE_TRADING_HOST = 'api.alpaca.markets';

const urlWith = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL such as ${example}` },
  );

const yesNo = (name: string) =>
  z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: `${name} must be true or false` }).transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  DATABASE_URL: urlWith(['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/nocodb').optional(),
  POSTGRES_HOST: z.string().optional(),
  POSTGRES_PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).optional(),
  POSTGRES_DB: z.string().optional(),
  POSTGRES_USER: z.string().optional(),
  POSTGRES_PASSWORD: z.string().optional(),
  BROKER: z.enum(['simulated', 'alpaca'], { message: 'must be "simulated" or "alpaca"' }).default('simulated'),
  ALPACA_API_KEY: z.string().optional(),
  ALPACA_SECRET_KEY: z.string().optional(),
  ALPACA_PAPER: yesNo('ALPACA_PAPER').default(true),
  ALLOW_LIVE_TRADING: z.string().optional(),
  ALPACA_TRADING_URL: urlWith(['http:', 'https:'], 'https://paper-api.alpaca.markets').optional(),
  ALPACA_DATA_URL: urlWith(['http:', 'https:'], 'https://data.alpaca.markets').optional(),
  NOCODB_URL: urlWith(['http:', 'https:'], 'http://localhost:8080').optional(),
  NOCODB_API_TOKEN: z.string().optional(),
  MONGODB_URL: urlWith(['mongodb:', 'mongodb+srv:'], 'mongodb://localhost:27017/agenda').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATA_DIR: z.string().default('.data'),
  ANALYSIS_DECISION_TABLE: z
    .string()
    .regex(/^[^.\s"]+\.[^.\s"]+$/, {
      message: 'must be schema.table, e.g. pikc59af2dvin1y.analysis_decision or public.nc_uy8v___analysis_decision (no quotes)',
    })
    .optional(),
  ALERT_WEBHOOK_URL: urlWith(['http:', 'https:'], 'https://hooks.slack.com/services/…').optional(),
  ALERT_FORMAT: z.enum(ALERT_FORMATS, { message: `must be one of ${ALERT_FORMATS.join(', ')}` }).default('json'),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)], { message: 'must be a port number (0 picks a free one) or "off"' })
    .default(9464),
});

export interface LoadConfigOptions {
  /** Read this `.env` file if it exists; real environment variables win over it. Default `./.env`. */
  envFile?: string | false;
}

/**
 * Validates the environment (and an optional `.env` file) into a typed `Config`.
 * Throws `ConfigError` listing every problem, each naming its variable.
 */
export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Config {
  const merged = { ...readEnvFile(options.envFile ?? '.env'), ...withoutEmpty(env) };
  // The Alpaca SDK's own variable names are accepted as aliases.
  merged['ALPACA_API_KEY'] ??= merged['APCA_API_KEY_ID'];
  merged['ALPACA_SECRET_KEY'] ??= merged['APCA_API_SECRET_KEY'];

  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const v = parsed.data;
  const problems: string[] = [];
  const dataDir = resolve(v.DATA_DIR);
  const config: Config = {
    database: databaseConfig(v, dataDir, problems),
    broker: brokerConfig(v, dataDir, problems),
    mongodbUrl: v.MONGODB_URL,
    ...nocodbConfig(v, problems),
    logLevel: v.LOG_LEVEL,
    dataDir,
    alerts: { webhookUrl: v.ALERT_WEBHOOK_URL, format: v.ALERT_FORMAT },
    metrics: v.METRICS_PORT === 'off' ? null : { host: v.METRICS_HOST, port: v.METRICS_PORT },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function databaseConfig(v: z.infer<typeof schema>, dataDir: string, problems: string[]): DatabaseConfig {
  const chosen = decisionTable(v.ANALYSIS_DECISION_TABLE);
  const where = databaseLocation(v, dataDir, problems);
  return chosen ? { ...where, decisionTable: chosen } : where;
}

function decisionTable(value: string | undefined): TableName | undefined {
  if (!value) return undefined;
  const [schema, table] = value.split('.') as [string, string];
  return { schema, table };
}

function databaseLocation(v: z.infer<typeof schema>, dataDir: string, problems: string[]): DatabaseConfig {
  if (v.DATABASE_URL) return { kind: 'url', url: v.DATABASE_URL };
  if (v.POSTGRES_HOST) {
    const missing = (['POSTGRES_DB', 'POSTGRES_USER'] as const).filter((name) => !v[name]);
    for (const name of missing) problems.push(`${name} is required when POSTGRES_HOST is set (or set DATABASE_URL instead)`);
    const url = new URL('postgres://localhost');
    url.hostname = v.POSTGRES_HOST;
    url.port = String(v.POSTGRES_PORT ?? 5432);
    url.pathname = `/${v.POSTGRES_DB ?? ''}`;
    url.username = v.POSTGRES_USER ?? '';
    url.password = v.POSTGRES_PASSWORD ?? '';
    return { kind: 'url', url: url.toString() };
  }
  return { kind: 'embedded', dataDir: join(dataDir, 'postgres') };
}

function nocodbConfig(v: z.infer<typeof schema>, problems: string[]): Pick<Config, 'nocodb'> {
  if (v.NOCODB_URL && !v.NOCODB_API_TOKEN)
    problems.push("NOCODB_API_TOKEN is required when NOCODB_URL is set (make one in NocoDB's UI: Account settings → Tokens)");
  if (v.NOCODB_API_TOKEN && !v.NOCODB_URL) problems.push("NOCODB_URL is required when NOCODB_API_TOKEN is set (NocoDB's address, e.g. http://localhost:8080)");
  return v.NOCODB_URL && v.NOCODB_API_TOKEN ? { nocodb: { url: v.NOCODB_URL, apiToken: v.NOCODB_API_TOKEN } } : {};
}

function brokerConfig(v: z.infer<typeof schema>, dataDir: string, problems: string[]): BrokerConfig {
  if (v.BROKER === 'simulated') return { kind: 'simulated', stateFile: join(dataDir, 'simulated-broker.json') };
  if (!v.ALPACA_API_KEY) problems.push('ALPACA_API_KEY (or APCA_API_KEY_ID) is required when BROKER=alpaca');
  if (!v.ALPACA_SECRET_KEY) problems.push('ALPACA_SECRET_KEY (or APCA_API_SECRET_KEY) is required when BROKER=alpaca');
  const liveHost = v.ALPACA_TRADING_URL !== undefined && new URL(v.ALPACA_TRADING_URL).hostname === LIVE_TRADING_HOST;
  if (liveHost && v.ALPACA_PAPER) {
    problems.push(
      `ALPACA_TRADING_URL points at the live host ${LIVE_TRADING_HOST} while ALPACA_PAPER=true: use https://paper-api.alpaca.markets for paper trading, or set ALPACA_PAPER=false and ALLOW_LIVE_TRADING=yes to trade real money`,
    );
  }
  if (!v.ALPACA_PAPER && v.ALLOW_LIVE_TRADING !== 'yes') {
    problems.push('ALLOW_LIVE_TRADING must be "yes" when ALPACA_PAPER=false: live trading uses real money and needs this explicit opt-in');
  }
  return {
    kind: 'alpaca',
    keyId: v.ALPACA_API_KEY ?? '',
    secretKey: v.ALPACA_SECRET_KEY ?? '',
    paper: v.ALPACA_PAPER,
    tradingUrl: v.ALPACA_TRADING_URL,
    dataUrl: v.ALPACA_DATA_URL,
  };
}

function readEnvFile(path: string | false): Env {
  if (path === false || !existsSync(path)) return {};
  return parseDotenv(readFileSync(path));
}

function withoutEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
