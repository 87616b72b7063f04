/** Order side as the broker names it. A `buy` entry opens a long position, a `sell` entry a short one. */
export type Side = 'buy' | 'sell';

export const SIDES = ['buy', 'sell'] as const satisfies readonly Side[];

/** The side that closes a position opened by `entrySide`. */
export function exitSideOf(entrySide: Side): Side {
  return entrySide === 'buy' ? 'sell' : 'buy';
}
