/** What the journal knows about the shares in one symbol on one side, against what the broker holds. */
export interface ShareEvidence {
  /** Shares the broker holds on the trade's side. */
  atBroker: number;
  /** Shares the journal's open trades in the symbol hold (their recorded fills). */
  journalHeld: number;
  /** Unfilled quantity of the journal's working entries in the symbol on that side. */
  workingEntryUnfilled: number;
}

/**
 * Shares at the broker that nothing in the journal explains: only these can be a split or another
 * corporate action. Shares within a working entry's unfilled quantity are not: the entry filled
 * more between the product's read of the order and its read of the positions (Alpaca fills on its
 * own time; its orders and positions endpoints can disagree for seconds). Freezing a trade is
 * drastic (nothing is protected until a person acts), so only what remains after those counts.
 */
export function unexplainedShares(evidence: ShareEvidence): number {
  return Math.max(0, evidence.atBroker - evidence.journalHeld - evidence.workingEntryUnfilled);
}
