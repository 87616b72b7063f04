/** `strategy` in the decision, `trade_style` in the journal. */
export const TRADE_STYLES = ['DAYTRADE', 'SWING', 'TREND'] as const;
export type TradeStyle = (typeof TRADE_STYLES)[number];

/** Only SWING trades carry a take-profit; DAYTRADE and TREND are protected by a stop alone. */
export function styleHasTakeProfit(style: TradeStyle): boolean {
  return style === 'SWING';
}
