import type { ClaimedDecision, HaltState } from '@trading-monitor/persistence';
import type { StepContext } from '../trade-sync/sync-context';

/** One decision being executed, inside its own transaction (which holds the decision's row lock). */
export interface DecisionContext extends StepContext {
  decision: ClaimedDecision;
  /** The operator's halt switch, as of at most a second ago. */
  halt(): Promise<HaltState>;
}
