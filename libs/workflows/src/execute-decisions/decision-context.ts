import type { AnalysisDecision } from '@trading-monitor/persistence';
import type { StepContext } from '../trade-sync/sync-context';

/** One decision being executed, inside its own transaction (which holds the decision's row lock). */
export interface DecisionContext extends StepContext {
  decision: AnalysisDecision;
}
