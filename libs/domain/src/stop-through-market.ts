/** What to do when the broker refuses a stop because the market is already through it. */
export type StopThroughMarketAction =
  /** Outside the regular session: no order. The shares are alarmed as unprotected; the first run in the session decides again. */
  | 'wait-for-open'
  /** The entry's unfilled rest goes first (a market sell beside our own open buy is a wash trade). */
  | 'cancel-entry-first'
  /** Sell (buy back) the shares at the market now: the stop has in effect been hit. */
  | 'exit-at-market';

/**
 * Alpaca's stops trigger only in the regular session, and a market order sent outside it waits for
 * the open. A price below the stop after hours (a thin print) says nothing of where the stock opens:
 * a market order queued then would sell at the open even if it opened above the stop. So outside the
 * session nothing is sent; the first run in the session measures again (places the stop if the
 * market is back above it, else exits at the market).
 */
export function planStopThroughMarket(facts: { sessionOpen: boolean; entryWorking: boolean }): StopThroughMarketAction {
  if (!facts.sessionOpen) return 'wait-for-open';
  return facts.entryWorking ? 'cancel-entry-first' : 'exit-at-market';
}
