import type { Broker } from '@trading-monitor/broker';
import type { Logger } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import type { EntityManager } from '@trading-monitor/persistence';


/** One lifecycle step: a transaction on the journal plus the broker, the time and the log. */
export interface StepContext {
  manager: EntityManager;
  broker: Broker;
  clock: Clock;
  log: Logger;
  /** Recorded in execution_log.job: the scheduled job's name, or the operator action. */
  job: string;
}
