import { newYorkDate } from '@trading-monitor/broker';
import type { DecisionParseResult } from '@trading-monitor/domain';
import type { ClaimedDecision, DataSource, EntityManager, HaltState } from '@trading-monitor/persistence';
import type { StepContext } from '../trade-sync/sync-context';

/** One decision being executed, inside its own transaction (which holds the decision's row lock). */
export interface DecisionContext extends StepContext {
  decision: ClaimedDecision;
  /**
   * The job's data source (a dry run's rolled-back stand-in): for work that commits on its own, outside
   * the decision's transaction — the trade step (trade-sync/trade-step.ts) and commitNow.
   */
  dataSource: DataSource;
  /** The decision's JSON, parsed once for the whole run of it. */
  parsed: DecisionParseResult;
  /** The operator's halt switch, as of at most a second ago. */
  halt(): Promise<HaltState>;
  /**
   * Whether an earlier, unfinished run already placed this decision's own entry (NEW_TRADE's, or
   * AMEND's new one) at the broker: asked of the broker at most once per decision, when first needed.
   */
  entryPlaced(): Promise<boolean>;
  /**
   * Runs `work` in a transaction of its own, committed before this returns, whatever becomes of the
   * decision's: an intent recorded before the broker is touched (cancel-intent.ts) survives a
   * deferral's rollback and a crash.
   */
  commitNow<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

/** The decision's date: the "Date" column, else the New York date it was written. */
export function decisionDay(ctx: Pick<DecisionContext, 'decision'>): string | null {
  const { decision } = ctx;
  return decision.date ?? (decision.dateTime ? newYorkDate(decision.dateTime) : null);
}
