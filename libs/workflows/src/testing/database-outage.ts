import type { DataSource } from '@trading-monitor/persistence';

/** What a caller meets while the database is down: the driver's own words for a refused connection. */
const REFUSED = 'connect ECONNREFUSED 127.0.0.1:5432 (simulated database outage)';

export interface DatabaseOutage {
  /** The data source to hand to the code under test: fails every use while the outage lasts. */
  dataSource: DataSource;
  stop(): void;
  restore(): void;
}

/**
 * A database that goes away and comes back, in front of the real one: while stopped every
 * transaction, query and repository use fails as a refused connection would; restored, everything
 * reaches the real PostgreSQL again. The tests' own reads use the real data source throughout.
 */
export function databaseOutage(real: DataSource): DatabaseOutage {
  let down = false;
  const refuse = () => {
    throw new Error(REFUSED);
  };
  const dataSource = new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (!down || !['transaction', 'manager', 'getRepository', 'query', 'createQueryBuilder'].includes(String(property))) {
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      if (property === 'manager') return new Proxy(target.manager, { get: () => refuse });
      return () => Promise.reject(new Error(REFUSED));
    },
  });
  return {
    dataSource,
    stop: () => (down = true),
    restore: () => (down = false),
  };
}
