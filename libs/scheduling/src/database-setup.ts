import type { Config } from '@trading-monitor/config';
import { SetupError, jobTableStatements, openDatabase, setupDatabase, type SetupReport } from '@trading-monitor/persistence';

export { SetupError, type SetupReport };

/**
 * `db:setup`: creates what is missing, changes nothing that exists, safe to repeat. `production`
 * leaves NocoDB's analysis_decision alone but for the four product-owned columns. The scheduler's
 * job table comes too when the jobs live in this database (no MONGODB_URL).
 */
export async function setupConfiguredDatabase(config: Config, options: { production: boolean }): Promise<SetupReport> {
  const database = await openDatabase(config.database, { applicationName: 'trading-monitor db:setup' });
  try {
    return await setupDatabase(database.dataSource, {
      production: options.production,
      extraStatements: config.mongodbUrl ? [] : jobTableStatements(),
    });
  } finally {
    await database.close();
  }
}
