import type { Price } from './price';
import { exitSideOf, type Side } from './side';
import { styleHasTakeProfit, type TradeStyle } from './trade-style';

export interface ProtectionInput {
  style: TradeStyle;
  entrySide: Side;
  /** Shares the entry has filled so far. */
  filledQty: number;
  /** Shares already covered by open protective orders at the broker. */
  protectedQty: number;
  stopLoss: Price;
  /** The planned take-profit; used only by styles that take profit (SWING). */
  takeProfit?: Price | null;
}

/**
 * One order to add at the broker (symbol and client_order_id are the caller's). Always `gtc`:
 * protection is held past the close, and a `day` stop would expire and leave the shares naked.
 */
export type ProtectionOrder =
  | { kind: 'stop'; side: Side; qty: number; stopPrice: Price; timeInForce: 'gtc' }
  | { kind: 'oco'; side: Side; qty: number; stopPrice: Price; takeProfitPrice: Price; timeInForce: 'gtc' };

function assertShares(qty: number, what: string): void {
  if (!Number.isSafeInteger(qty) || qty < 0) {
    throw new RangeError(`${what} must be a non-negative whole number of shares, got ${qty}`);
  }
}

/**
 * The protective order to add, or `null` when every filled share is already protected.
 *
 * - DAYTRADE and TREND: a stop alone. SWING: one OCO (take-profit limit + stop). Never a stop and a
 *   separate take-profit for the same shares: Alpaca reserves shares held by open exit orders and
 *   refuses the second one (*insufficient qty available for order*).
 * - It covers only the shares not yet protected (filled − protected): when more of the entry fills,
 *   the increment gets its own order and what already protects shares is never cancelled, so the
 *   position is never unprotected, not even for a moment.
 * - A SWING plan that lost its take-profit is still protected, by a stop alone.
 */
export function planProtection(input: ProtectionInput): ProtectionOrder | null {
  const { style, entrySide, filledQty, protectedQty, stopLoss, takeProfit } = input;
  assertShares(filledQty, 'The filled quantity');
  assertShares(protectedQty, 'The protected quantity');
  if (protectedQty > filledQty) {
    throw new RangeError(
      `Protective orders cover ${protectedQty} shares but only ${filledQty} filled: ` + 'cancel the excess protection at the broker before adding any',
    );
  }
  const qty = filledQty - protectedQty;
  if (qty === 0) return null;

  const side = exitSideOf(entrySide);
  if (!takeProfit || !styleHasTakeProfit(style)) return { kind: 'stop', side, qty, stopPrice: stopLoss, timeInForce: 'gtc' };

  // For a long the take-profit sells above the stop; for a short it buys back below it.
  const ordered = entrySide === 'buy' ? takeProfit.isAbove(stopLoss) : takeProfit.isBelow(stopLoss);
  if (!ordered) {
    throw new RangeError(
      `Take-profit ${takeProfit.toString()} must be ${entrySide === 'buy' ? 'above' : 'below'} the stop ` +
        `${stopLoss.toString()} to protect a ${entrySide === 'buy' ? 'long' : 'short'} position`,
    );
  }
  return { kind: 'oco', side, qty, stopPrice: stopLoss, takeProfitPrice: takeProfit, timeInForce: 'gtc' };
}
