import type { Broker } from '@trading-monitor/broker';
import type { Logger } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import type { DataSource } from '@trading-monitor/persistence';

/** What every job runs on. The apps open it once (@trading-monitor/runtime's openRuntime); tests build it around a test database. */
export interface JobDeps {
  dataSource: DataSource;
  broker: Broker;
  clock: Clock;
  log: Logger;
}

export const JOB_NAMES = ['execute-decisions', 'monitor-orders', 'monitor-positions', 'reconcile'] as const;
export type JobName = (typeof JOB_NAMES)[number];
