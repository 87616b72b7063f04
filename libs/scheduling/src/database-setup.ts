import type { Config } from '@trading-monitor/config';
import {
  NocodbApi,
  SetupError,
  nocodbAdviceWithoutApi,
  openDatabase,
  setupDatabase,
  showInNocodb,
  type NocodbSetupReport,
  type SetupReport,
} from '@trading-monitor/persistence';
import { jobTableStatements } from './job-table-sql';

export { SetupError };

export interface ConfiguredSetupReport extends SetupReport {
  /** Production with NOCODB_URL: what NocoDB's API made (before the SQL), and what stays invisible there. */
  nocodb?: NocodbSetupReport;
  /** Production without NOCODB_URL: what NocoDB will not show, and how to change that. */
  nocodbAdvice?: string[];
}

export type { ConfiguredSetupReport as SetupReport };

/**
 * `db:setup`: creates what is missing, changes nothing that exists, safe to repeat. `production`
 * leaves NocoDB's analysis_decision alone but for the four product-owned columns; with NOCODB_URL
 * those and the trader's tables are made through NocoDB's API first, so NocoDB shows them. The
 * scheduler's job table comes too when the jobs live in this database (no MONGODB_URL).
 */
export async function setupConfiguredDatabase(config: Config, options: { production: boolean }): Promise<ConfiguredSetupReport> {
  const database = await openDatabase(config.database, { applicationName: 'trading-monitor db:setup' });
  try {
    const nocodb =
      options.production && config.nocodb
        ? await showInNocodb(database.dataSource.manager, new NocodbApi(config.nocodb.url, config.nocodb.apiToken), config.database.decisionTable)
        : undefined;
    const report = await setupDatabase(database.dataSource, {
      production: options.production,
      extraStatements: config.mongodbUrl ? [] : jobTableStatements(),
    });
    if (nocodb) return { ...report, nocodb };
    if (options.production) return { ...report, nocodbAdvice: nocodbAdviceWithoutApi() };
    return report;
  } finally {
    await database.close();
  }
}
