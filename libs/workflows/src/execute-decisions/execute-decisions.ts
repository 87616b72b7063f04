import { entryClientOrderIdOf, parseDecision, type DecisionParseResult } from '@trading-monitor/domain';
import { claimNextDecision, markDecisionExecuted, readHaltState, recordAudit, type EntityManager, type HaltState } from '@trading-monitor/persistence';
import { identityRefusal } from './decision-identity';
import { describeError } from '../describe-error';
import type { JobDeps } from '../job-deps';
import { isFinalOutcome, type DecisionOutcome, type DecisionOutcomeKind } from './decision-outcome';
import { brokerPositions } from '../trade-sync/broker-positions';
import { handleDecision } from './handle-decision';
import { closeCancelIntents } from '../trade-sync/cancel-intent';
import { orderExists } from '../submit-once';

export interface ExecutedDecision {
  /** The row's primary key in the decisions table (NocoDB's id). */
  rowKey: string;
  analysisId: string;
  outcome: DecisionOutcomeKind;
  symbol?: string;
  tradeId?: string;
  message: string;
  /** A person must look (logged as an alarm): see DecisionOutcome. */
  alarm?: boolean;
}

export interface ExecuteDecisionsSummary {
  /** One line per decision taken in this run, in order. */
  decisions: ExecutedDecision[];
  counts: Record<DecisionOutcomeKind, number>;
  /** Set when the run stopped early (the database went away); the rest waits for the next run. */
  stoppedEarly?: string;
}

const JOB = 'execute-decisions' as const;
const AUDIT_OUTCOME = {
  placed: 'ok',
  cancelled: 'ok',
  amended: 'ok',
  reviewed: 'ok',
  refused: 'refused',
  deferred: 'retry',
  halted: 'info',
  failed: 'failed',
} as const;
// Consecutive decisions that fail on the database before the run gives up for now.
const MAX_CONSECUTIVE_FAILURES = 3;
const HALT_RECHECK_MS = 1000;

class Deferral extends Error {
  constructor(readonly outcome: DecisionOutcome) {
    super(outcome.message);
  }
}

/**
 * Executes every approved, unexecuted decision, oldest first, one transaction each: the decision is
 * claimed with a row lock (a concurrent executor skips it), acted on, and marked executed with its
 * audit line, all or nothing. A decision that must wait (broker down, halt) is rolled back untouched
 * and tried on the next run; one decision's failure never stops the others.
 */
export interface ExecuteOptions {
  /** Only these decisions, by row key (the order monitor adopting entries whose first attempt went through). */
  only?: readonly string[];
  /**
   * The dry run's way: read each decision without locking its row and remember the ones it would
   * mark executed instead of writing them, so the run holds no lock that a real run at the same
   * moment would skip (a skipped row waits for the next day's run).
   */
  leaveRowsUnlocked?: boolean;
}

export async function executeDecisions(deps: JobDeps, options: ExecuteOptions = {}): Promise<ExecuteDecisionsSummary> {
  const { dataSource, broker, clock, log } = deps;
  const summary: ExecuteDecisionsSummary = {
    decisions: [],
    counts: { placed: 0, cancelled: 0, amended: 0, reviewed: 0, refused: 0, deferred: 0, halted: 0, failed: 0 },
  };
  // Rows this run is done with (deferred, or handled without marking them): never claimed again by it.
  const passedOver: string[] = [];
  const leaveRows = options.leaveRowsUnlocked === true;
  let consecutiveFailures = 0;
  const positions = brokerPositions(broker);
  // A halt set while the run goes on stops the next entries within a second, without a query per decision.
  let halt: { state: HaltState; readAt: number } | undefined;
  const currentHalt = async (): Promise<HaltState> => {
    if (!halt || Date.now() - halt.readAt > HALT_RECHECK_MS) halt = { state: await readHaltState(dataSource.manager), readAt: Date.now() };
    return halt.state;
  };

  for (;;) {
    let claimed: Claimed | undefined;
    let outcome: DecisionOutcome | null;
    try {
      outcome = await dataSource.transaction(async (manager) => {
        const decision = await claimNextDecision(manager, { exclude: passedOver, only: options.only, lock: !leaveRows });
        if (!decision) return null;
        claimed = { rowKey: decision.rowKey, analysisId: decision.analysisId, ticker: decision.ticker };
        const parsed = parseDecision({ ticker: decision.ticker, decision: decision.decision });
        const result =
          (await identityRefusal(manager, decision)) ??
          (await handleDecision({
            dataSource,
            manager,
            broker,
            clock,
            log,
            job: JOB,
            decision,
            parsed,
            halt: currentHalt,
            entryPlaced: once(() => orderExists(broker, entryClientOrderIdOf(decision.analysisId))),
            positions,
            commitNow: (work) => dataSource.transaction(work),
          }));
        if (!isFinalOutcome(result)) throw new Deferral(result); // roll back whatever the step wrote
        await finish(manager, claimed, result, clock.now(), { changesAnEntry: changesAnEntry(parsed), markRow: !leaveRows });
        if (leaveRows) passedOver.push(claimed.rowKey);
        return result;
      });
    } catch (error) {
      if (error instanceof Deferral) outcome = error.outcome;
      else if (!claimed) {
        summary.stoppedEarly = `The decisions could not be read (${describeError(error)}); the next run picks them up.`;
        log.error({ event: 'execute-decisions.stopped', err: error }, summary.stoppedEarly);
        break;
      } else {
        outcome = { kind: 'failed', message: `${claimed.ticker}: ${describeError(error)}; nothing was recorded and the next run tries again.` };
        log.error({ event: 'decision.failed', analysisId: claimed.analysisId, err: error }, outcome.message);
      }
    }
    if (outcome === null || !claimed) break;

    if (!isFinalOutcome(outcome)) {
      const which = claimed;
      const waiting = outcome;
      passedOver.push(which.rowKey);
      const recorded = await dataSource
        .transaction((manager) => audit(manager, which, waiting, clock.now()))
        .then(
          () => true,
          () => false,
        );
      consecutiveFailures = outcome.kind === 'failed' && !recorded ? consecutiveFailures + 1 : 0;
    } else {
      consecutiveFailures = 0;
    }
    summary.counts[outcome.kind]++;
    summary.decisions.push({
      rowKey: claimed.rowKey,
      analysisId: claimed.analysisId,
      outcome: outcome.kind,
      symbol: outcome.symbol,
      tradeId: 'tradeId' in outcome ? outcome.tradeId : undefined,
      message: outcome.message,
      ...(isAlarm(outcome) ? { alarm: true } : {}),
    });
    if (isAlarm(outcome)) log.error({ event: 'decision.alarm', analysisId: claimed.analysisId, symbol: outcome.symbol, kind: outcome.kind }, outcome.message);
    else log.info({ event: `decision.${outcome.kind}`, analysisId: claimed.analysisId, symbol: outcome.symbol }, outcome.message);
    if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
      summary.stoppedEarly = `${consecutiveFailures} decisions in a row failed and could not even be logged: the database looks unavailable. The rest wait for the next run.`;
      break;
    }
  }
  log.info({ event: 'execute-decisions.done', ...summary.counts, stoppedEarly: summary.stoppedEarly });
  return summary;
}

interface Claimed {
  rowKey: string;
  analysisId: string;
  ticker: string;
}

/** Only a CANCEL or AMEND records an intent (cancel-intent.ts): the others skip the query. */
function changesAnEntry(parsed: DecisionParseResult): boolean {
  return parsed.ok && (parsed.intent.action === 'CANCEL' || parsed.intent.action === 'AMEND');
}

function isAlarm(outcome: DecisionOutcome): boolean {
  return 'alarm' in outcome && outcome.alarm === true;
}

/** A function that runs `work` the first time it is called and returns that same answer afterwards. */
function once<T>(work: () => Promise<T>): () => Promise<T> {
  let answer: Promise<T> | undefined;
  return () => (answer ??= work());
}

async function finish(
  manager: EntityManager,
  claimed: Claimed,
  outcome: DecisionOutcome,
  at: Date,
  what: { changesAnEntry: boolean; markRow: boolean },
): Promise<void> {
  const ids =
    outcome.kind === 'placed' || outcome.kind === 'amended' ? { existingOrderId: outcome.orderId, existingTradeJournalId: outcome.tradeJournalId } : {};
  if (what.markRow) await markDecisionExecuted(manager, claimed.rowKey, { executionTime: at, ...ids });
  // A CANCEL or AMEND that took more than one run is done now (completed, or refused with a reason).
  if (what.changesAnEntry) await closeCancelIntents(manager, claimed.analysisId, outcome.message);
  await audit(manager, claimed, outcome, at);
}

async function audit(manager: EntityManager, claimed: Claimed, outcome: DecisionOutcome, at: Date): Promise<void> {
  const analysisId = claimed.analysisId.trim() === '' ? null : claimed.analysisId;
  const problems = outcome.kind === 'refused' && outcome.problems ? { problems: outcome.problems } : {};
  // A row without an Analysis_Id is found by its key (NocoDB's id) instead.
  const row = analysisId === null ? { row: claimed.rowKey } : {};
  const details = { ...problems, ...row };
  await recordAudit(manager, {
    job: JOB,
    action: `decision.${outcome.kind}`,
    // Waiting for the venue to confirm a cancel is progress, not a failed attempt (MAX_ATTEMPTS counts those).
    outcome: isAlarm(outcome) ? 'alarm' : outcome.kind === 'deferred' && outcome.inProgress ? 'info' : AUDIT_OUTCOME[outcome.kind],
    message: outcome.message,
    analysisDecisionId: analysisId,
    symbol: outcome.symbol ?? null,
    alpacaOrderId: 'orderId' in outcome ? outcome.orderId : null,
    // The trade and the order a trader follows from this line in NocoDB (the journal row written in this transaction).
    tradeJournalId: 'tradeJournalId' in outcome ? outcome.tradeJournalId : null,
    clientOrderId: 'orderId' in outcome ? await recordedClientOrderId(manager, outcome.orderId) : null,
    details: Object.keys(details).length > 0 ? details : null,
    at,
  });
}

/** The client order id the journal recorded for a broker order (written in this transaction). */
async function recordedClientOrderId(manager: EntityManager, alpacaOrderId: string): Promise<string | null> {
  const [row] = (await manager.query('SELECT client_order_id FROM order_execution WHERE alpaca_order_id = $1', [alpacaOrderId])) as Array<{
    client_order_id: string | null;
  }>;
  return row?.client_order_id ?? null;
}
