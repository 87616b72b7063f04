import type { TradeStatus } from './trade-lifecycle';

/**
 * What a CANCEL or AMEND decision does to a trade's entry, decided from facts alone. The workflow
 * (execute-decisions/entry-change.ts) fetches the facts, asks `planEntryChange`, carries out the
 * plan, and after a cancel asks `afterCancel` what follows. The two tables in the spec list every
 * case; the one that could double a position is `afterCancel('place', 'filled')`.
 *
 * A recorded intent (this decision already sent its cancel in an earlier run) is never dropped:
 * neither the attempt limit nor the analysis's age refuses it; it is finished, or refused with a
 * reason once there is nothing left to cancel, or kept going with an alarm past the attempt limit.
 */
export type EntryChangeAction = 'CANCEL' | 'AMEND';

/** The trade the decision acts on, as the journal has it. */
export interface TargetTrade {
  tradeId: string;
  symbol: string;
  status: TradeStatus;
  exitReason: string | null;
  /** Shares of its entry filled so far (`actual_qty`), null when none recorded. */
  heldQty: number | null;
  /** `actual_entry`, as text, when known. */
  entryPrice: string | null;
}

export interface EntryChangeFacts {
  action: EntryChangeAction;
  /** The decision's symbol. */
  symbol: string;
  /** The trade its recorded intent names, else the one its ids name, else the open trade in the symbol. */
  target: TargetTrade | null;
  /**
   * How the decision named the target when by an id (`existing_trade_journal_id 7`), for the refusal
   * of a target in another symbol; null when it came from the intent or the symbol.
   */
  namedBy: string | null;
  /** This decision recorded its intent on the target in an earlier run: it is in progress. */
  resumed: boolean;
  /** The journal shows an entry of the target that can still fill (all of it, or its rest). */
  workingEntry: boolean;
  /** AMEND: this decision's own new entry is already at the broker (an earlier run placed it). */
  newEntryPlaced: boolean;
  /** Why the decision has been tried too often (decision-limits.ts), or null. */
  givenUp: string | null;
  /** Why the analysis is too old to place an order (decision-limits.ts), or null. */
  stale: string | null;
  /** The halt's reason when trading is halted, else null. */
  halted: string | null;
}

/** What to do after the entry's cancel: report it (CANCEL), place the new entry (AMEND), or keep the shares held (AMEND of a position). */
export type AfterCancel = 'report' | 'place' | 'hold';

export type EntryChangePlan =
  /** Nothing is cancelled or placed, for this reason. */
  | { kind: 'refuse'; reason: string }
  /** Wait for a later run (trading is halted); nothing is changed. */
  | { kind: 'defer'; reason: string }
  /** Cancel the target's working entry (recording the intent first), then see `afterCancel`. */
  | { kind: 'cancel'; then: 'report' | 'hold' }
  /** AMEND: cancel the old entry, then place the new one if `afterCancel` says so. */
  | { kind: 'cancel-then-place' }
  /**
   * What the decision set out to do has already happened at the broker: the entry is cancelled
   * (CANCEL: report it), or the old entry ended and the new one is placed or still to place (AMEND:
   * place it, which adopts an entry already live). `relabelAmended`: the old trade ended as plain
   * CANCELLED and is labelled AMENDED.
   */
  | { kind: 'record-existing'; then: 'report' | 'place'; relabelAmended: boolean };

export interface EntryChangeDecision {
  plan: EntryChangePlan;
  /** Set when the attempt limit is reached but the intent is recorded: a failed attempt now is an alarm, not a refusal. */
  overdue: boolean;
}

const OPEN: readonly TradeStatus[] = ['ORDERED', 'POSITION'];

export function planEntryChange(facts: EntryChangeFacts): EntryChangeDecision {
  const inProgress = facts.resumed || facts.newEntryPlaced;
  const overdue = facts.givenUp !== null && inProgress;
  return { plan: choose(facts, inProgress), overdue };
}

function choose(facts: EntryChangeFacts, inProgress: boolean): EntryChangePlan {
  const { action, symbol, target } = facts;
  if (facts.givenUp && !inProgress) return refuse(facts.givenUp);
  if (action === 'AMEND' && facts.stale && !inProgress) return refuse(`AMEND for ${symbol}: ${facts.stale}`);
  if (!target) {
    if (action === 'AMEND' && facts.newEntryPlaced) return { kind: 'record-existing', then: 'place', relabelAmended: false };
    return refuse(
      action === 'CANCEL'
        ? `CANCEL for ${symbol}: there is no open trade or order to cancel.`
        : `AMEND for ${symbol}: there is no open entry to amend. Send NEW_TRADE for a new trade.`,
    );
  }
  if (target.symbol.toUpperCase() !== symbol.toUpperCase()) {
    return refuse(
      `${action} for ${symbol}: ${facts.namedBy ?? 'the decision'} is trade ${target.tradeId} in ${target.symbol}, not ${symbol}; nothing was cancelled or placed. ` +
        'Correct the ticker or the id and approve a fresh decision.',
    );
  }
  return action === 'CANCEL' ? chooseCancel(facts, target) : chooseAmend(facts, target);
}

function chooseCancel(facts: EntryChangeFacts, target: TargetTrade): EntryChangePlan {
  if (target.status === 'CANCELLED' && facts.resumed) return { kind: 'record-existing', then: 'report', relabelAmended: false };
  if (target.status === 'POSITION' && !facts.resumed && !facts.workingEntry) return refuse(alreadyFilled('CANCEL', target));
  if (!OPEN.includes(target.status)) return refuse(`CANCEL for ${facts.symbol}: trade ${target.tradeId} is already ${target.status}; nothing to cancel.`);
  return { kind: 'cancel', then: 'report' };
}

function chooseAmend(facts: EntryChangeFacts, target: TargetTrade): EntryChangePlan {
  // The old entry is gone because of this AMEND (or its new entry is already live): go on to the new entry.
  const replaced = (target.status === 'CANCELLED' && (target.exitReason === 'AMENDED' || facts.resumed)) || facts.newEntryPlaced;
  if (target.status === 'POSITION' && !replaced) {
    if (!facts.resumed && !facts.workingEntry) return refuse(alreadyFilled('AMEND', target));
    return { kind: 'cancel', then: 'hold' };
  }
  if (target.status !== 'ORDERED' && !replaced)
    return refuse(`AMEND for ${facts.symbol}: trade ${target.tradeId} is already ${target.status}; nothing to amend.`);
  if (facts.halted !== null) {
    return { kind: 'defer', reason: `Trading is halted (${facts.halted}): the ${facts.symbol} amendment waits for \`resume\`.` };
  }
  if (target.status === 'ORDERED') return { kind: 'cancel-then-place' };
  return { kind: 'record-existing', then: 'place', relabelAmended: target.status === 'CANCELLED' && target.exitReason !== 'AMENDED' };
}

/** The result of cancelling the entry: nothing had filled, the cancel is not confirmed yet, or shares had filled. */
export type CancelResultKind = 'cancelled' | 'pending' | 'filled';

export interface CancelFacts {
  /** The result of the cancel just sent (or found). */
  result: CancelResultKind;
  /** Shares of the old entry held once the cancel took. */
  heldQty: number;
}

export type AfterCancelStep =
  /** The CANCEL is done: `held` shares (0 when none) stay as a protected position. */
  | { kind: 'cancelled'; heldQty: number; alarm: boolean }
  /** The cancel is not confirmed yet: a later run finishes it (not a failed attempt). */
  | { kind: 'wait' }
  /** Place (or adopt) the AMEND's new entry. */
  | { kind: 'place' }
  /** Done without the new entry: the reason, and whether a person must look. */
  | { kind: 'refuse'; reason: string; alarm: boolean };

/**
 * What follows a cancel. Shares that filled after the decision was first acted on (a recorded
 * intent, or more held than the journal knew) are shares the trader meant not to hold: an alarm.
 */
export function afterCancel(then: AfterCancel, facts: EntryChangeFacts, cancel: CancelFacts): AfterCancelStep {
  const { symbol, target } = facts;
  const held = cancel.heldQty;
  const filledMeanwhile = held > 0 && (facts.resumed || held > (target?.heldQty ?? 0));
  // An AMEND's new entry already live at the broker is recorded, whatever became of the old one.
  if (then === 'place' && facts.newEntryPlaced) return { kind: 'place' };
  if (cancel.result === 'pending') return { kind: 'wait' };
  if (then === 'report') return { kind: 'cancelled', heldQty: cancel.result === 'filled' ? held : 0, alarm: cancel.result === 'filled' && filledMeanwhile };
  if (then === 'hold') {
    const shares = cancel.result === 'filled' ? held : 0;
    return {
      kind: 'refuse',
      alarm: filledMeanwhile,
      reason:
        `AMEND for ${symbol}: ${shares} shares of trade ${target?.tradeId ?? ''}'s entry had filled; they are held as a position of ${shares}, protected at the broker, and the unfilled rest is cancelled. ` +
        'The new entry was NOT placed, to avoid doubling the position; approve a fresh decision if you want more.',
    };
  }
  if (cancel.result === 'filled') {
    return {
      kind: 'refuse',
      alarm: filledMeanwhile,
      reason: `AMEND for ${symbol}: ${held} shares of the old entry filled before the cancel; they are held and protected. The new entry was NOT placed, to avoid doubling the position.`,
    };
  }
  return placeUnlessStale(facts);
}

/**
 * The new entry of an AMEND whose old entry is gone: placed, unless the analysis has since grown
 * too old (then the AMEND ends with the old entry cancelled and says so).
 */
export function placeUnlessStale(facts: EntryChangeFacts): AfterCancelStep {
  if (facts.stale && !facts.newEntryPlaced) {
    return {
      kind: 'refuse',
      alarm: false,
      reason: `AMEND for ${facts.symbol}: the old entry is cancelled, but the new one is not placed: ${facts.stale}`,
    };
  }
  return { kind: 'place' };
}

function refuse(reason: string): EntryChangePlan {
  return { kind: 'refuse', reason };
}

function alreadyFilled(action: EntryChangeAction, target: TargetTrade): string {
  return (
    `${action} for ${target.symbol}: the entry of trade ${target.tradeId} has already filled (${target.heldQty ?? '?'} shares at ${target.entryPrice ?? '?'}), ` +
    'so nothing was cancelled. The position stays open with its protection; close it by hand or with `halt --flatten` if that is the intent.'
  );
}
