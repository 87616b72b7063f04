import { MARKET_ZONE, createBroker, type ManagedBroker } from '@trading-monitor/broker';
import { maskSecrets, redactUrlCredentials, secretsOf, type Config } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import { openDatabase, readSetupState, type Database, type SetupState } from '@trading-monitor/persistence';
import { DateTime } from 'luxon';
import { describeError, describeStream, readStreamState } from '@trading-monitor/workflows';
import { createJobStore } from '../job-store';
import { JOB_TABLE } from '../job-table-sql';
import { schedulerCheck } from './scheduler-check';

export type HealthComponent = 'database' | 'broker' | 'job store' | 'scheduler' | 'order events';

export interface HealthCheck {
  component: HealthComponent;
  ok: boolean;
  /** One line for a person: what was found, or what is wrong and what to do. */
  detail: string;
  /** Working, but on its fallback (the trade_updates stream down: polling only). */
  degraded?: boolean;
}

export interface HealthReport {
  healthy: boolean;
  /** Healthy, but some component is on its fallback (see HealthCheck.degraded). */
  degraded: boolean;
  checks: HealthCheck[];
  /** The decisions table in use, `schema.table` (null when it cannot be told); the product's tables are in its schema. */
  decisionTable: string | null;
}

export interface HealthOptions {
  clock?: Clock;
  applicationName?: string;
  /** Longest wait for each component before it counts as down. Default 10 s. */
  timeoutMs?: number;
  /** Check this broker instead of the configured one. */
  broker?: ManagedBroker;
}

const systemClock: Clock = { now: () => new Date() };

/**
 * Is everything the jobs need there? The database answers and is set up, the broker answers a
 * clock request, the job store is reachable. Each component is checked on its own, so one down
 * still reports the others; nothing is written anywhere.
 */
export async function checkHealth(config: Config, options: HealthOptions = {}): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // A detail can quote a driver's error: no credential may ride along.
  const clean = (text: string) => maskSecrets(redactUrlCredentials(text), secretsOf(config));
  const checks: HealthCheck[] = [];

  let database: Database | undefined;
  let jobTable = false;
  let decisionTable: string | null = null;
  let orderEvents: HealthCheck | undefined;
  try {
    database = await withTimeout(
      openDatabase(config.database, { applicationName: options.applicationName ?? 'trading-monitor health' }),
      timeoutMs,
      'the database',
    );
    // Unqualified names: the connection works in the decisions table's schema, where setup puts the product's tables.
    const [state] = await database.dataSource.query(`SELECT current_setting('server_version') AS version, to_regclass($1) IS NOT NULL AS "jobTable"`, [
      JOB_TABLE,
    ]);
    jobTable = state.jobTable;
    const setUp = await readSetupState(database.dataSource.manager);
    decisionTable = setUp.decisionTable;
    checks.push(databaseCheck(config, database, state.version, setUp));
    if (setUp.problems.length === 0)
      orderEvents = {
        component: 'order events',
        ok: true,
        ...describeStream(await readStreamState(database.dataSource.manager), (options.clock ?? systemClock).now()),
      };
  } catch (error) {
    checks.push({ component: 'database', ok: false, detail: clean(`unreachable: ${describeError(error)}`) });
  }

  try {
    const broker = options.broker ?? createBroker(config.broker, { clock: options.clock ?? systemClock, alpaca: { timeoutMs, retry: false } });
    const clock = await withTimeout(broker.getClock(), timeoutMs, 'the broker');
    checks.push({ component: 'broker', ok: true, detail: `${brokerName(config)} answers; ${marketState(clock)}` });
  } catch (error) {
    checks.push({ component: 'broker', ok: false, detail: clean(`${brokerName(config)} does not answer: ${describeError(error)}`) });
  }

  try {
    checks.push(...(await jobStoreChecks(config, database, jobTable, timeoutMs, (options.clock ?? systemClock).now())));
  } catch (error) {
    checks.push({ component: 'job store', ok: false, detail: clean(`unreachable: ${describeError(error)}`) });
  } finally {
    await database?.close().catch(() => undefined);
  }
  if (orderEvents) checks.push(orderEvents);
  return { healthy: checks.every((c) => c.ok), degraded: checks.some((c) => c.degraded), checks, decisionTable };
}

function databaseCheck(config: Config, database: Database, version: string, setUp: SetupState): HealthCheck {
  const where =
    config.database.kind === 'embedded'
      ? `embedded PostgreSQL ${version} in ${config.database.dataDir}`
      : `PostgreSQL ${version} at ${hostOf(config.database.url)}`;
  const decisions = setUp.decisionTable ? `, decisions in ${setUp.decisionTable}` : '';
  if (setUp.problems.length === 0) return { component: 'database', ok: true, detail: `${where}, set up${decisions}` };
  if (database.embedded && !setUp.productTables) return { component: 'database', ok: true, detail: `${where}; its tables are created on first use` };
  return { component: 'database', ok: false, detail: `${where} answers${decisions}, but ${setUp.problems.join('; ')}` };
}

async function jobStoreChecks(config: Config, database: Database | undefined, jobTable: boolean, timeoutMs: number, now: Date): Promise<HealthCheck[]> {
  if (!config.mongodbUrl) {
    if (!database)
      return [{ component: 'job store', ok: false, detail: `table ${JOB_TABLE} in the trading database: not checked, the database is unreachable` }];
    if (!jobTable) {
      return [
        database.embedded
          ? { component: 'job store', ok: true, detail: `table ${JOB_TABLE} in the embedded database; created on first use` }
          : { component: 'job store', ok: false, detail: `table ${JOB_TABLE} is missing from the trading database: run db:setup` },
      ];
    }
  }
  const store = createJobStore(config, database?.connection ?? { connectionString: '', options: '' }, { applicationName: 'trading-monitor health' });
  const where = config.mongodbUrl ? `MongoDB at ${hostOf(config.mongodbUrl)}` : `table ${JOB_TABLE} in the trading database`;
  try {
    await withTimeout(store.connect(), timeoutMs, 'the job store');
    const due = await withTimeout(store.backend.repository.getQueueSize(), timeoutMs, 'the job store');
    return [
      { component: 'job store', ok: true, detail: `${where} answers; ${due} job${due === 1 ? '' : 's'} due` },
      await withTimeout(schedulerCheck(store.backend, now), timeoutMs, 'the job store'),
    ];
  } finally {
    await store.close().catch(() => undefined);
  }
}

function brokerName(config: Config): string {
  if (config.broker.kind === 'simulated') return 'simulated broker (offline)';
  const host = config.broker.tradingUrl ? ` at ${hostOf(config.broker.tradingUrl)}` : '';
  return `Alpaca ${config.broker.paper ? 'paper' : 'LIVE'} trading${host}`;
}

function marketState(clock: { isOpen: boolean; nextOpen: Date; nextClose: Date }): string {
  const at = (d: Date) => DateTime.fromJSDate(d, { zone: MARKET_ZONE }).toFormat("ccc d LLL HH:mm 'New York'");
  return clock.isOpen ? `market open until ${at(clock.nextClose)}` : `market closed, opens ${at(clock.nextOpen)}`;
}

/** host:port/path of a URL, never its credentials. */
function hostOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${what} within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
