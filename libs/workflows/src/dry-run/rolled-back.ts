import type { DataSource, EntityManager } from '@trading-monitor/persistence';

/**
 * Runs `work` on a stand-in of `dataSource` whose every statement — its transactions become
 * savepoints — runs inside one transaction that is rolled back at the end: the work reads and writes
 * as it would, and the database is left exactly as it was. Rows the work writes stay locked until
 * then (a real run wanting the same row waits for the rollback), so the work must not lock rows a
 * real run would pass over instead of waiting: the execute dry run reads the decision rows without
 * locking them and marks none (ExecuteOptions.leaveRowsUnlocked).
 */
export async function withRolledBackDatabase<T>(dataSource: DataSource, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const manager: EntityManager = runner.manager;
    const standIn = new Proxy(dataSource, {
      get(target, property, receiver) {
        switch (property) {
          case 'manager':
            return manager;
          case 'transaction':
            return (...args: Parameters<EntityManager['transaction']>) => manager.transaction(...args);
          case 'getRepository':
            return (entity: Parameters<EntityManager['getRepository']>[0]) => manager.getRepository(entity);
          case 'query':
            return (sql: string, parameters?: unknown[]) => manager.query(sql, parameters);
          case 'createQueryBuilder':
          case 'createQueryRunner':
            throw new Error(`A dry run cannot use dataSource.${String(property)}: it would escape the rolled-back transaction.`);
          default: {
            const value = Reflect.get(target, property, receiver) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          }
        }
      },
    });
    return await work(standIn);
  } finally {
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}
