import { z } from 'zod';
import { TIMES_IN_FORCE, type TimeInForce } from './order-role';
import { Price } from './price';
import { SIDES, type Side } from './side';
import { PRIMARY_ACTIONS, type PrimaryAction } from './trade-intent';
import { TRADE_STYLES, type TradeStyle } from './trade-style';

/**
 * One field of an analysis decision: the schema that reads and normalises it, and what it must be,
 * phrased to finish the sentence "<path> <value> must be …" that an operator reads.
 */
export interface DecisionField<T> {
  schema: z.ZodType<T>;
  expected: string;
}

// The analysis workflow is not consistent about case ("swing", "Buy"): vocabularies compare
// case-insensitively and come out in the journal's spelling.
function upperChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().trim().toUpperCase().pipe(z.enum(values));
}
function lowerChoice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().trim().toLowerCase().pipe(z.enum(values));
}

/** `planned_qty` is an INT column. */
export const MAX_ORDER_QTY = 2_147_483_647;
/** Money columns are DECIMAL(10,2): the journal cannot hold a price of 100,000,000 or more. */
export const MAX_PRICE = Price.of('99999999.99');

// Numbers arrive as JSON numbers or as numeric strings ("45", "133.80"). A quantity string may
// carry a zero fraction ("45.0"); it is read as text, never through a float.
const wholeNumberText = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.0+)?$/)
  .transform((text) => Number.parseInt(text, 10));

// Price.parse goes through the decimal library: 133.8 is exactly 133.8, and a float artefact such
// as 0.30000000000000004 keeps all its decimals, so the tick-size rule sees and refuses it.
const priceValue = z
  .union([z.number(), z.string()])
  .transform((value) => Price.parse(value))
  .pipe(z.custom<Price>((value) => value instanceof Price && !value.isAbove(MAX_PRICE)));

const entryTypes = ['limit', 'market'] as const;
export type EntryType = (typeof entryTypes)[number];

export const DECISION_FIELDS = {
  primaryAction: {
    schema: upperChoice(PRIMARY_ACTIONS),
    expected: `one of ${PRIMARY_ACTIONS.join(', ')}`,
  } satisfies DecisionField<PrimaryAction>,
  symbol: { schema: z.string(), expected: 'text such as "NVDA"' } satisfies DecisionField<string>,
  strategy: { schema: upperChoice(TRADE_STYLES), expected: `one of ${TRADE_STYLES.join(', ')}` } satisfies DecisionField<TradeStyle>,
  pattern: {
    schema: z
      .string()
      .trim()
      .max(50)
      .transform((text) => text || undefined),
    expected: 'text of at most 50 characters',
  } satisfies DecisionField<string | undefined>,
  qty: {
    schema: z.union([z.number(), wholeNumberText]).pipe(z.int().min(1).max(MAX_ORDER_QTY)),
    expected: 'a positive whole number of shares',
  } satisfies DecisionField<number>,
  side: { schema: lowerChoice(SIDES), expected: 'buy or sell' } satisfies DecisionField<Side>,
  /** The flat shape's `action`. */
  action: {
    schema: upperChoice(['BUY', 'SELL']).transform((action): Side => (action === 'BUY' ? 'buy' : 'sell')),
    expected: 'BUY or SELL',
  } satisfies DecisionField<Side>,
  entryType: { schema: lowerChoice(entryTypes), expected: 'limit or market' } satisfies DecisionField<EntryType>,
  timeInForce: { schema: lowerChoice(TIMES_IN_FORCE), expected: 'day or gtc' } satisfies DecisionField<TimeInForce>,
  price: {
    schema: priceValue,
    expected: `a positive price below ${MAX_PRICE.toMoney().plus('0.01').toCents()}`,
  } satisfies DecisionField<Price>,
};
