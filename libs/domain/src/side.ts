/** Order side as the broker names it. A `buy` entry opens a long position, a `sell` entry a short one. */
export type Side = 'buy' | 'sell';

export const SIDES = ['buy', 'sell'] as const satisfies readonly Side[];

/** The side that closes a position opened by `entrySide`. */
export function exitSideOf(entrySide: Side): Side {
  return entrySide === 'buy' ? 'sell' : 'buy';
}

/**
 * A position's quantity as Alpaca signs it (long positive, short negative) for `qty` shares held on
 * `entrySide`'s side, so journal and broker compare directly.
 */
export function signedQty(entrySide: Side, qty: number): number {
  return entrySide === 'buy' ? qty : -qty;
}

/** The shares of a broker position (signed) held on the trade's side: a long trade counts a long position only, a short trade a short one. */
export function heldOnSide(entrySide: Side, brokerQty: number): number {
  return Math.max(0, signedQty(entrySide, brokerQty));
}
