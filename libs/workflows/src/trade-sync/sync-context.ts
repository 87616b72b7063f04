import type { Broker } from '@trading-monitor/broker';
import type { Logger } from '@trading-monitor/config';
import type { Clock } from '@trading-monitor/domain';
import type { EntityManager } from '@trading-monitor/persistence';
import type { BrokerPositions } from './broker-positions';

/** One lifecycle step: a transaction on the journal plus the broker, the time and the log. */
export interface StepContext {
  manager: EntityManager;
  broker: Broker;
  clock: Clock;
  log: Logger;
  /** Recorded in execution_log.job: the scheduled job's name, or the operator action. */
  job: string;
  /**
   * The broker's positions, checked before any protective order is placed: a stop for shares that
   * are gone (closed by hand) would open a position the other way. Absent: not checked.
   */
  positions?: BrokerPositions;
}
