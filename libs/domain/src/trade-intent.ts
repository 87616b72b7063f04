import type { TimeInForce } from './order-role';
import type { Price } from './price';
import type { Side } from './side';
import type { TradeStyle } from './trade-style';

export const PRIMARY_ACTIONS = ['NEW_TRADE', 'AMEND', 'CANCEL', 'NO_ACTION'] as const;
export type PrimaryAction = (typeof PRIMARY_ACTIONS)[number];

/** Everything needed to place an entry and protect what fills, validated and normalised. */
export interface TradePlan {
  side: Side;
  qty: number;
  entryType: 'limit' | 'market';
  /** Present for limit entries. */
  entryLimit?: Price;
  stopLoss: Price;
  /** Present only for styles that take profit (SWING). */
  takeProfit?: Price;
  style: TradeStyle;
  pattern?: string;
  timeInForce: TimeInForce;
}

/** What an analysis decision asks for, after parsing and validation. */
export type DecisionIntent =
  | { action: 'NEW_TRADE'; symbol: string; trade: TradePlan }
  | { action: 'AMEND'; symbol: string; trade: TradePlan }
  | { action: 'CANCEL'; symbol: string }
  | { action: 'NO_ACTION'; symbol: string };
