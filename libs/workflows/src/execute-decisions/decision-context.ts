import type { ClaimedDecision, EntityManager, HaltState } from '@trading-monitor/persistence';
import type { StepContext } from '../trade-sync/sync-context';

/** One decision being executed, inside its own transaction (which holds the decision's row lock). */
export interface DecisionContext extends StepContext {
  decision: ClaimedDecision;
  /** The operator's halt switch, as of at most a second ago. */
  halt(): Promise<HaltState>;
  /**
   * Runs `work` in a transaction of its own, committed before this returns, whatever becomes of the
   * decision's: an intent recorded before the broker is touched (cancel-intent.ts) survives a
   * deferral's rollback and a crash.
   */
  commitNow<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}
