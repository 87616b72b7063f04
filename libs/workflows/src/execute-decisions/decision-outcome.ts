/**
 * What became of one decision. Everything but `deferred`, `halted` and `failed` marks it executed.
 * `alarm`: a person must look (a CANCEL or AMEND the broker let fill, or one retried past the
 * attempt limit): logged as an alarm, and the order monitor's run reports it.
 */
export type DecisionOutcome =
  | { kind: 'placed'; symbol: string; tradeId: string; tradeJournalId: number; orderId: string; adopted: boolean; message: string }
  | { kind: 'cancelled'; symbol: string; tradeId: string; message: string; alarm?: boolean }
  | { kind: 'amended'; symbol: string; tradeId: string; tradeJournalId: number; orderId: string; replacedTradeId: string; message: string }
  | { kind: 'reviewed'; symbol: string; tradeId?: string; message: string }
  /** Handled, no order placed: the decision cannot be acted on. The reason is in execution_log. */
  | { kind: 'refused'; symbol?: string; message: string; problems?: string[]; alarm?: boolean }
  /** Left for the next run: the broker could not be reached, or a cancel is still in flight. */
  | {
      kind: 'deferred';
      symbol?: string;
      message: string;
      /** A cancel recorded and sent, not yet confirmed: not a failed attempt. */
      inProgress?: boolean;
      alarm?: boolean;
    }
  /** Waits for `resume`: trading is halted. */
  | { kind: 'halted'; symbol: string; message: string }
  /** An unexpected error; nothing was recorded; the next run tries again (a bounded number of times). */
  | { kind: 'failed'; symbol?: string; message: string };

export type DecisionOutcomeKind = DecisionOutcome['kind'];

/** Outcomes after which the decision is marked executed. */
export function isFinalOutcome(outcome: DecisionOutcome): boolean {
  return outcome.kind !== 'deferred' && outcome.kind !== 'halted' && outcome.kind !== 'failed';
}
