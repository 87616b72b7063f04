import * as fc from 'fast-check';

// Generators of analysis_decision rows as the n8n workflow (or a person in NocoDB) might write them:
// mostly wrong in one or several ways, some valid, all storable (PostgreSQL refuses the NUL
// character and lone surrogates in text and jsonb, so those are left out).

export interface FuzzedRow {
  /** Appended to a unique row id: analysis ids too come in odd shapes (long, spaced, accented). */
  idSuffix: string;
  ticker: string;
  decision: unknown;
}

/** Text PostgreSQL stores: no NUL, no lone surrogate (both refused by text and jsonb alike). */
const noNul = (text: string) => text.replaceAll('\u0000', '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
// Any code point, emoji included: a refusal that quotes one must still be recorded whole.
const character = 'binary' as const;
const oddText = fc.string({ unit: character, maxLength: 12 }).map(noNul);

const SYMBOLS = ['NVDA', 'AAPL', 'MSFT', 'AMD', 'TSLA', 'BRK.B', 'META', 'GOOGL'];
// Many symbols, so that valid decisions are not all refused as a second trade in one symbol.
const anySymbol = fc.oneof(
  fc.constantFrom(...SYMBOLS),
  fc.integer({ min: 0, max: 26 * 26 - 1 }).map((n) => `Z${String.fromCharCode(65 + Math.floor(n / 26), 65 + (n % 26))}`),
);
const ticker: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: anySymbol },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SYMBOLS), fc.constantFrom(':NASDAQ', ':NYSE', ':', ': nasdaq')).map(([s, x]) => s + x) },
  { weight: 1, arbitrary: fc.constantFrom(...SYMBOLS).map((s) => ` ${s.toLowerCase()} `) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', ':NASDAQ', '$NVDA', 'NV DA', 'NVDA;DROP TABLE', '💹', '€', 'ÄPFEL', 'A'.repeat(50), '-X', '.') },
  // Within "Ticker" VARCHAR(50), which counts code points.
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }).map((text) => Array.from(noNul(text)).slice(0, 50).join('')) },
);

/** A value of the wrong kind, wherever a field goes. */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  oddText,
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-1', '1e3', '12,50', '0x10', '١٢٣'),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const quantity: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 500 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, -45, 4.5, 0.1, 1e12, 2_147_483_647, 2_147_483_648, Number.MAX_SAFE_INTEGER, 1e300, -0) },
  { weight: 2, arbitrary: fc.constantFrom('45', '45.0', ' 45 ', '45.5', '4e1', '-3', '', 'forty') },
  { weight: 1, arbitrary: garbage },
);

/** Prices in dollars around `base`: whole cents, sub-penny, negative, zero, absurd, or text. */
function priceNear(base: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: -2_000, max: 2_000 }).map((cents) => Math.max(0.01, Math.round(base * 100 + cents) / 100)) },
    { weight: 1, arbitrary: fc.constantFrom(base + 0.005, base + 0.0001, 0.5, 0.0001, 0.00001) },
    { weight: 1, arbitrary: fc.constantFrom(0, -base, 99_999_999.99, 100_000_000, 1e300, Number.MIN_VALUE) },
    { weight: 1, arbitrary: fc.constantFrom(String(base), `${base}.00`, `$${base}`, `${base} USD`, '') },
    { weight: 1, arbitrary: garbage },
  );
}

/** Sometimes the field in its usual form, sometimes missing, sometimes replaced by garbage. */
function usually<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 8, arbitrary: value }, { weight: 1, arbitrary: garbage });
}

const action = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('NEW_TRADE', 'NEW_TRADE', 'NEW_TRADE', 'AMEND', 'CANCEL', 'NO_ACTION') },
  { weight: 2, arbitrary: fc.constantFrom('new_trade', ' Cancel ', 'CLOSE', 'BUY', 'NEW-TRADE', '', 'NO ACTION') },
  { weight: 1, arbitrary: garbage },
);

const canonicalTrade = fc.tuple(fc.integer({ min: 5, max: 900 }), fc.constantFrom('buy', 'sell')).chain(([base, side]) => {
  const below = side === 'buy';
  return fc.record(
    {
      strategy: usually(fc.constantFrom('SWING', 'TREND', 'DAYTRADE', 'swing', 'Trend', 'SCALP')),
      pattern: usually(fc.constantFrom('PATTERN_1', 'cup and handle', '', 'P'.repeat(60))),
      qty: quantity,
      side: usually(fc.constantFrom(side, side.toUpperCase(), 'hold', 'short')),
      type: usually(fc.constantFrom('limit', 'limit', 'market', 'stop', 'LIMIT')),
      time_in_force: usually(fc.constantFrom('day', 'gtc', 'GTC', 'ioc', 'fok')),
      limit_price: priceNear(base),
      // Mostly on the right side of the entry, sometimes on the wrong one.
      stop_loss: fc.oneof(
        fc.record({ stop_price: priceNear(below ? base * 0.95 : base * 1.05) }, { requiredKeys: [] }),
        priceNear(below ? base * 1.05 : base * 0.95),
        garbage,
      ),
      take_profit: fc.oneof(
        fc.record({ limit_price: priceNear(below ? base * 1.1 : base * 0.9) }, { requiredKeys: [] }),
        priceNear(below ? base * 0.9 : base * 1.1),
        garbage,
      ),
      reward_risk_ratio: usually(fc.double({ min: 0, max: 10, noNaN: true })),
    },
    { requiredKeys: ['strategy', 'qty', 'side', 'limit_price', 'stop_loss'] },
  );
});

const canonical = fc.record(
  {
    symbol: fc.oneof({ weight: 4, arbitrary: anySymbol }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: ticker }),
    analysis_date: fc.constantFrom('2025-01-15', '15/01/2025', ''),
    primary_action: action,
    new_trade: fc.oneof(
      { weight: 8, arbitrary: canonicalTrade },
      { weight: 1, arbitrary: canonicalTrade.map((t) => JSON.stringify(t)) },
      { weight: 1, arbitrary: garbage },
    ),
  },
  { requiredKeys: ['primary_action'] },
);

const flat = fc.integer({ min: 5, max: 900 }).chain((base) =>
  fc.record(
    {
      primary_action: action,
      qty: quantity,
      entry_price: priceNear(base),
      stop_loss: priceNear(base * 0.95),
      take_profit: priceNear(base * 1.1),
      trade_style: usually(fc.constantFrom('SWING', 'TREND', 'DAYTRADE')),
      pattern: usually(fc.constantFrom('PATTERN_2', '')),
      action: usually(fc.constantFrom('BUY', 'SELL', 'buy', 'HOLD')),
    },
    { requiredKeys: [] },
  ),
);

/** Decisions that should go through: every field right, in the spellings the workflow uses. */
const valid = fc
  .tuple(fc.integer({ min: 500, max: 90_000 }), fc.constantFrom('buy', 'sell'), fc.constantFrom('SWING', 'TREND', 'DAYTRADE', 'swing'), anySymbol)
  .chain(([cents, side, strategy, symbol]) => {
    const sign = side === 'buy' ? 1 : -1;
    const at = (offset: number) => (cents + sign * offset) / 100;
    return fc.record({
      symbol: fc.constant(symbol),
      primary_action: fc.constantFrom('NEW_TRADE', 'NEW_TRADE', 'new_trade', 'AMEND', 'CANCEL', 'NO_ACTION'),
      new_trade: fc.record({
        strategy: fc.constant(strategy),
        qty: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constantFrom('45', '45.0')),
        side: fc.constantFrom(side, side.toUpperCase()),
        type: fc.constantFrom('limit', 'limit', 'market'),
        time_in_force: fc.constantFrom('day', 'gtc'),
        limit_price: fc.constant(at(0)),
        stop_loss: fc.integer({ min: 1, max: 400 }).map((offset) => ({ stop_price: at(-offset) })),
        take_profit: fc.integer({ min: 1, max: 800 }).map((offset) => (strategy.toUpperCase() === 'SWING' ? { limit_price: at(offset) } : null)),
      }),
    });
  });

const jsonText = fc.oneof(canonical, flat).map((d) => JSON.stringify(d));
const decision: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: valid },
  { weight: 10, arbitrary: canonical },
  { weight: 3, arbitrary: flat },
  // As a JSON string, sometimes encoded twice, sometimes cut short or corrupted.
  { weight: 2, arbitrary: jsonText },
  { weight: 1, arbitrary: jsonText.map((text) => JSON.stringify(text)) },
  { weight: 2, arbitrary: fc.tuple(jsonText, fc.nat()).map(([text, cut]) => noNul(text.slice(0, cut % Math.max(text.length, 1)))) },
  { weight: 1, arbitrary: fc.tuple(jsonText, oddText).map(([text, junk]) => text.replace(':', junk)) },
  // Nested garbage and bare values.
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, '', ' ', '{}', '[]', 'null', 42, true, [], {}, { primary_action: null }, { new_trade: {} }) },
);

/** `count` rows from a fixed seed: the same rows on every run. */
export function fuzzedDecisions(seed: number, count: number): FuzzedRow[] {
  const idSuffix = fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom(' with spaces', '/slash:colon', 'ünïcødé', '-'.repeat(100), 'x'.repeat(240)) },
    { weight: 1, arbitrary: oddText.map((text) => `-${text}`) },
  );
  return fc.sample(fc.record({ idSuffix, ticker, decision }), { seed, numRuns: count });
}
