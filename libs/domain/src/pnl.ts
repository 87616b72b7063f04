import type Decimal from 'decimal.js';
import { totalFills, type Fill, type FillTotals } from './fills';
import type { Money } from './money';
import type { Price } from './price';
import { signedQty, type Side } from './side';

// Every amount here is exact: P&L comes from exact notionals, never from an average multiplied back
// by a quantity. Rounding to cents happens once, at the edge, with `Money.toCents()` when a value is
// written to a DECIMAL(10,2) column or shown to a person; nothing in this file rounds.

/** Fills one by one, or their totals (`totalFills`): both give the same P&L. */
export type FillsOrTotals = readonly Fill[] | FillTotals;

function totalsOf(fills: FillsOrTotals): FillTotals {
  return Array.isArray(fills) ? totalFills(fills as readonly Fill[]) : (fills as FillTotals);
}

export interface RealizedPnlInput {
  /** `buy` opened a long position, `sell` a short one. */
  entrySide: Side;
  entryFills: FillsOrTotals;
  exitFills: FillsOrTotals;
}

/**
 * Realized P&L of the shares closed so far: exit proceeds − entry cost for a long, the reverse for
 * a short. Exact when the whole position has closed (the usual case). A partial close charges the
 * exited shares their pro-rata part of the entry cost, which takes one division.
 */
export function realizedPnl({ entrySide, entryFills, exitFills }: RealizedPnlInput): Money {
  const entry = totalsOf(entryFills);
  const exit = totalsOf(exitFills);
  if (exit.qty > entry.qty) {
    throw new RangeError(`Exit fills for ${exit.qty} shares exceed the ${entry.qty} shares the entry filled`);
  }
  const entryCost = exit.qty === entry.qty ? entry.notional : entry.notional.times(exit.qty).dividedBy(entry.qty);
  const longPnl = exit.notional.minus(entryCost);
  return entrySide === 'buy' ? longPnl : longPnl.negated();
}

/** An open position marked at a price. `qty` is the number of shares held, always positive. */
export interface PositionAtPrice {
  entrySide: Side;
  qty: number;
  avgEntryPrice: Price;
  price: Price;
}

export interface PositionValuation {
  costBasis: Money;
  marketValue: Money;
  unrealizedPnl: Money;
}

// Signs follow Alpaca's position fields (signedQty), so journal and broker compare directly: a short
// position has a negative cost basis and market value, and unrealized P&L = market value − cost basis.

export function costBasisOf(entrySide: Side, qty: number, avgEntryPrice: Price): Money {
  return avgEntryPrice.times(signedQty(entrySide, qty));
}

export function marketValueOf(entrySide: Side, qty: number, price: Price): Money {
  return price.times(signedQty(entrySide, qty));
}

export function unrealizedPnlOf(position: PositionAtPrice): Money {
  return valuePosition(position).unrealizedPnl;
}

/** Cost basis, market value and unrealized P&L of a position at `price`. */
export function valuePosition({ entrySide, qty, avgEntryPrice, price }: PositionAtPrice): PositionValuation {
  const costBasis = costBasisOf(entrySide, qty, avgEntryPrice);
  const marketValue = marketValueOf(entrySide, qty, price);
  return { costBasis, marketValue, unrealizedPnl: marketValue.minus(costBasis) };
}

/** What the plan put at risk: |planned entry − planned stop| × planned quantity. */
export interface PlannedRisk {
  plannedEntry: Price;
  plannedStop: Price;
  plannedQty: number;
}

export function plannedRiskOf({ plannedEntry, plannedStop, plannedQty }: PlannedRisk): Money {
  return plannedEntry.minus(plannedStop).abs().times(plannedQty);
}

/**
 * P&L in units of the planned risk: −1 is a loss of exactly what the plan risked. `null` when the
 * plan risked nothing (stop at the entry), where the ratio has no meaning.
 */
export function rMultipleOf(pnl: Money, plan: PlannedRisk): Decimal | null {
  const risk = plannedRiskOf(plan);
  return risk.isZero() ? null : pnl.dividedBy(risk).decimal;
}
