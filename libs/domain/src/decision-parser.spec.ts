import fc from 'fast-check';
import { parseDecision, type DecisionParseResult } from './decision-parser';
import type { TradePlan } from './trade-intent';

const CANONICAL = {
  symbol: 'NVDA',
  analysis_date: '2025-01-15',
  support: 100.1,
  resistance: 150.1,
  primary_action: 'NEW_TRADE',
  new_trade: {
    strategy: 'SWING',
    pattern: 'PATTERN_1',
    qty: 45,
    side: 'buy',
    type: 'limit',
    time_in_force: 'day',
    limit_price: 133.8,
    stop_loss: { stop_price: 124.0 },
    take_profit: { limit_price: 145.5 },
    reward_risk_ratio: 2.15,
    risk_amount: 100.0,
    risk_percentage: 1.0,
  },
};

const FLAT = {
  primary_action: 'NEW_TRADE',
  qty: 45,
  entry_price: 133.8,
  stop_loss: 124,
  take_profit: 145.5,
  trade_style: 'SWING',
  pattern: 'PATTERN_1',
  action: 'BUY',
};

type NewTrade = Record<string, unknown>;
const withTrade = (changes: NewTrade, base: NewTrade = CANONICAL.new_trade) => ({ ...CANONICAL, new_trade: { ...base, ...changes } });
const without = (key: string, base: NewTrade = CANONICAL.new_trade) => ({
  ...CANONICAL,
  new_trade: Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)),
});

/** A readable view of a plan: prices as Alpaca prints them. */
function planOf(result: DecisionParseResult): Record<string, unknown> | undefined {
  if (!result.ok || !('trade' in result.intent)) return undefined;
  const { entryLimit, stopLoss, takeProfit, ...rest } = result.intent.trade as TradePlan;
  return { ...rest, entryLimit: entryLimit?.toString(), stopLoss: stopLoss.toString(), takeProfit: takeProfit?.toString() };
}

function problemsOf(result: DecisionParseResult): string[] {
  return result.ok ? [] : result.problems;
}

const NVDA_SWING = {
  side: 'buy',
  qty: 45,
  entryType: 'limit',
  entryLimit: '133.80',
  stopLoss: '124.00',
  takeProfit: '145.50',
  style: 'SWING',
  pattern: 'PATTERN_1',
  timeInForce: 'day',
};

describe('parseDecision: what it accepts', () => {
  it('reads the canonical decision (docs/decisions.md)', () => {
    const result = parseDecision({ ticker: 'NVDA', decision: CANONICAL });
    expect(result.ok && result.intent.action).toBe('NEW_TRADE');
    expect(result.ok && result.intent.symbol).toBe('NVDA');
    expect(planOf(result)).toEqual(NVDA_SWING);
  });

  it.each([
    ['a JSON string', JSON.stringify(CANONICAL)],
    ['a JSON string encoded twice', JSON.stringify(JSON.stringify(CANONICAL))],
    ['the older flat shape', FLAT],
    ['the flat shape as a JSON string', JSON.stringify(FLAT)],
    ['the flat shape in lower case', { ...FLAT, action: 'buy', trade_style: 'swing' }],
    ['numeric strings', withTrade({ qty: '45', limit_price: '133.80', stop_loss: { stop_price: '124.00' }, take_profit: { limit_price: ' 145.50 ' } })],
    ['plain-number stop and take-profit', withTrade({ stop_loss: 124, take_profit: '145.5' })],
    ['any case', { ...withTrade({ strategy: 'swing', side: 'BUY', type: 'Limit', time_in_force: 'DAY' }), primary_action: 'new_trade' }],
    ['a whole quantity written with a zero fraction', withTrade({ qty: '45.0' })],
    ['nulls for absent optional fields', withTrade({ type: null, time_in_force: null })],
    ['a new_trade held as a JSON string', { ...CANONICAL, new_trade: JSON.stringify(CANONICAL.new_trade) }],
  ])('reads %s', (_what, decision) => {
    expect(planOf(parseDecision({ ticker: 'NVDA', decision }))).toEqual(NVDA_SWING);
  });

  it('defaults to a limit entry for the day when a limit_price is given', () => {
    expect(planOf(parseDecision({ ticker: 'NVDA', decision: without('type', without('time_in_force').new_trade) }))).toEqual(NVDA_SWING);
  });

  it.each([
    ['NVDA:NASDAQ', undefined, 'NVDA'],
    [' nvda ', undefined, 'NVDA'],
    ['BRK.B:NYSE', undefined, 'BRK.B'],
    [null, 'NVDA', 'NVDA'],
    [undefined, 'nvda:nasdaq', 'NVDA'],
    ['', 'NVDA', 'NVDA'],
    ['NVDA:NASDAQ', 'NVDA', 'NVDA'],
  ])('takes the symbol from Ticker %p, else symbol %p: %s', (ticker, symbol, expected) => {
    const result = parseDecision({ ticker, decision: { ...CANONICAL, symbol } });
    expect(result.ok && result.intent.symbol).toBe(expected);
  });

  it('reads a short sale, mirrored', () => {
    const decision = withTrade({ side: 'sell', limit_price: 50, stop_loss: { stop_price: 52.5 }, take_profit: { limit_price: 45.25 } });
    expect(planOf(parseDecision({ ticker: 'NVDA', decision }))).toEqual({
      ...NVDA_SWING,
      side: 'sell',
      entryLimit: '50.00',
      stopLoss: '52.50',
      takeProfit: '45.25',
    });
  });

  it('reads a flat short sale', () => {
    const decision = { ...FLAT, action: 'SELL', entry_price: '50', stop_loss: '52.5', take_profit: '45.25' };
    expect(planOf(parseDecision({ ticker: 'NVDA', decision }))).toEqual({
      ...NVDA_SWING,
      side: 'sell',
      entryLimit: '50.00',
      stopLoss: '52.50',
      takeProfit: '45.25',
    });
  });

  it('reads a stop-only DAYTRADE good till cancelled', () => {
    const decision = { ...without('take_profit'), new_trade: { ...without('take_profit').new_trade, strategy: 'DAYTRADE', time_in_force: 'gtc' } };
    expect(planOf(parseDecision({ ticker: 'NVDA', decision }))).toEqual({ ...NVDA_SWING, style: 'DAYTRADE', takeProfit: undefined, timeInForce: 'gtc' });
  });

  it('reads a market entry without a limit, ignoring a reference limit_price', () => {
    for (const decision of [withTrade({ type: 'market' }), without('limit_price', withTrade({ type: 'market' }).new_trade)]) {
      expect(planOf(parseDecision({ ticker: 'NVDA', decision }))).toEqual({ ...NVDA_SWING, entryType: 'market', entryLimit: undefined });
    }
  });

  it('reads a sub-dollar price with four decimals', () => {
    const decision = withTrade({ limit_price: '0.1234', stop_loss: { stop_price: '0.1' }, take_profit: { limit_price: 0.2 } });
    expect(planOf(parseDecision({ ticker: 'NVDA', decision }))).toMatchObject({ entryLimit: '0.1234', stopLoss: '0.10', takeProfit: '0.20' });
  });

  it('leaves out an empty pattern', () => {
    expect(planOf(parseDecision({ ticker: 'NVDA', decision: withTrade({ pattern: '  ' }) }))).not.toHaveProperty('pattern', expect.anything());
    expect(planOf(parseDecision({ ticker: 'NVDA', decision: without('pattern') }))?.['pattern']).toBeUndefined();
  });

  it.each(['CANCEL', 'NO_ACTION', 'cancel'])('reads %s with only a symbol, ignoring any new_trade', (action) => {
    for (const decision of [
      { primary_action: action },
      { primary_action: action, new_trade: { qty: -1 } },
      { primary_action: action, new_trade: 'junk', qty: 'x' },
    ]) {
      expect(parseDecision({ ticker: 'AAPL:NASDAQ', decision })).toEqual({ ok: true, intent: { action: action.toUpperCase(), symbol: 'AAPL' } });
    }
  });

  it('reads AMEND like NEW_TRADE', () => {
    const result = parseDecision({ ticker: 'NVDA', decision: { ...CANONICAL, primary_action: 'AMEND' } });
    expect(result.ok && result.intent.action).toBe('AMEND');
    expect(planOf(result)).toEqual(NVDA_SWING);
  });
});

describe('parseDecision: what it refuses, and why', () => {
  it.each([
    // the decision itself
    ['not JSON', 'NVDA', '{"primary_action": NEW', [expect.stringMatching(/^Decision is not valid JSON \(.+\): "\{\\"primary_action\\": NEW"$/)]],
    ['empty', 'NVDA', '', ['Decision is empty: the analysis workflow wrote no decision for this row']],
    ['null', 'NVDA', null, ['Decision is empty: the analysis workflow wrote no decision for this row']],
    ['an array', 'NVDA', [CANONICAL], [expect.stringMatching(/^Decision must be a JSON object, got an array \[/)]],
    ['a number', 'NVDA', 42, ['Decision must be a JSON object, got the number 42']],
    ['JSON of a number', 'NVDA', '42', ['Decision must be a JSON object, got the number 42']],
    // symbol
    ['no symbol', null, { ...CANONICAL, symbol: undefined }, ['No symbol: the Ticker is empty and the decision names no symbol']],
    [
      'not JSON and no symbol',
      null,
      'x',
      [expect.stringContaining('Decision is not valid JSON'), 'No symbol: the Ticker is empty and the decision names no symbol'],
    ],
    ['a disagreement', 'AAPL:NASDAQ', CANONICAL, ['Ticker "AAPL:NASDAQ" and symbol "NVDA" name different stocks (AAPL and NVDA): correct one of them']],
    ['a symbol that is not text', null, { ...CANONICAL, symbol: 5 }, ['symbol 5 must be text such as "NVDA"']],
    ['a symbol that is not text, with a Ticker', 'NVDA', { ...CANONICAL, symbol: 5 }, ['symbol 5 must be text such as "NVDA"']],
    [
      'an odd Ticker',
      'NV DA',
      { ...CANONICAL, symbol: undefined },
      ['Ticker "NV DA" is not a stock symbol: use letters, digits and "." only, such as "NVDA" or "BRK.B"'],
    ],
    [
      'an odd symbol',
      null,
      { ...CANONICAL, symbol: '$NVDA' },
      ['symbol "$NVDA" is not a stock symbol: use letters, digits and "." only, such as "NVDA" or "BRK.B"'],
    ],
    // action
    ['no action', 'NVDA', { symbol: 'NVDA' }, ['primary_action is missing: it must be one of NEW_TRADE, AMEND, CANCEL, NO_ACTION']],
    ['an unknown action', 'NVDA', { ...CANONICAL, primary_action: 'BUY_NOW' }, ['primary_action "BUY_NOW" must be one of NEW_TRADE, AMEND, CANCEL, NO_ACTION']],
    ['an action that is not text', 'NVDA', { ...CANONICAL, primary_action: 1 }, ['primary_action 1 must be one of NEW_TRADE, AMEND, CANCEL, NO_ACTION']],
    [
      'NEW_TRADE without a trade',
      'NVDA',
      { symbol: 'NVDA', primary_action: 'NEW_TRADE' },
      ['primary_action NEW_TRADE needs a new_trade with the trade to place, and the decision has none'],
    ],
    [
      'AMEND without a trade',
      'NVDA',
      { primary_action: 'AMEND', new_trade: null },
      ['primary_action AMEND needs a new_trade with the trade to place, and the decision has none'],
    ],
    ['a trade that is not an object', 'NVDA', { ...CANONICAL, new_trade: 'buy 45' }, ['new_trade "buy 45" must be an object holding the trade\'s fields']],
    ['a trade that is an array', 'NVDA', { ...CANONICAL, new_trade: [1] }, ["new_trade [1] must be an object holding the trade's fields"]],
    // quantity
    ['a fractional quantity', 'NVDA', withTrade({ qty: 45.5 }), ['new_trade.qty 45.5 must be a positive whole number of shares']],
    ['a zero quantity', 'NVDA', withTrade({ qty: 0 }), ['new_trade.qty 0 must be a positive whole number of shares']],
    ['a negative quantity', 'NVDA', withTrade({ qty: '-5' }), ['new_trade.qty "-5" must be a positive whole number of shares']],
    ['a quantity in words', 'NVDA', withTrade({ qty: 'forty' }), ['new_trade.qty "forty" must be a positive whole number of shares']],
    ['a quantity beyond INT', 'NVDA', withTrade({ qty: 3_000_000_000 }), ['new_trade.qty 3000000000 must be a positive whole number of shares']],
    ['no quantity', 'NVDA', without('qty'), ['new_trade.qty is missing: it must be a positive whole number of shares']],
    // prices
    [
      'a stop above a buy entry',
      'NVDA',
      withTrade({ stop_loss: { stop_price: 140 } }),
      ['new_trade.stop_loss.stop_price 140.00 must be below limit_price 133.80 for a buy'],
    ],
    [
      'a stop at the entry',
      'NVDA',
      withTrade({ stop_loss: { stop_price: '133.80' } }),
      ['new_trade.stop_loss.stop_price 133.80 must be below limit_price 133.80 for a buy'],
    ],
    [
      'a take-profit below a buy entry',
      'NVDA',
      withTrade({ take_profit: { limit_price: 130 } }),
      ['new_trade.take_profit.limit_price 130.00 must be above limit_price 133.80 for a buy'],
    ],
    [
      "a sell with a buy's prices",
      'NVDA',
      withTrade({ side: 'sell' }),
      [
        'new_trade.stop_loss.stop_price 124.00 must be above limit_price 133.80 for a sell',
        'new_trade.take_profit.limit_price 145.50 must be below limit_price 133.80 for a sell',
      ],
    ],
    [
      'a market buy with crossed exits',
      'NVDA',
      withTrade({ type: 'market', take_profit: { limit_price: 120 } }),
      ['new_trade.take_profit.limit_price 120.00 must be above stop_price 124.00 for a buy'],
    ],
    [
      'a market sell with crossed exits',
      'NVDA',
      withTrade({ type: 'market', side: 'sell' }),
      ['new_trade.take_profit.limit_price 145.50 must be below stop_price 124.00 for a sell'],
    ],
    [
      'a sub-penny price above $1',
      'NVDA',
      withTrade({ limit_price: 133.805 }),
      ['new_trade.limit_price 133.805 has 3 decimals: Alpaca accepts at most 2 for a price at or above $1.00'],
    ],
    [
      'a float artefact',
      'NVDA',
      withTrade({ stop_loss: { stop_price: 1.1 * 3 } }),
      ['new_trade.stop_loss.stop_price 3.3000000000000003 has 16 decimals: Alpaca accepts at most 2 for a price at or above $1.00'],
    ],
    [
      'too many decimals below $1',
      'NVDA',
      withTrade({ limit_price: '0.12345', stop_loss: { stop_price: '0.1' }, take_profit: { limit_price: '0.2' } }),
      ['new_trade.limit_price 0.12345 has 5 decimals: Alpaca accepts at most 4 for a price below $1.00'],
    ],
    ['a negative price', 'NVDA', withTrade({ limit_price: -133.8 }), ['new_trade.limit_price -133.8 must be a positive price below 100000000.00']],
    ['a zero stop', 'NVDA', withTrade({ stop_loss: { stop_price: 0 } }), ['new_trade.stop_loss.stop_price 0 must be a positive price below 100000000.00']],
    ['a price in words', 'NVDA', withTrade({ limit_price: 'market' }), ['new_trade.limit_price "market" must be a positive price below 100000000.00']],
    ['a price beyond DECIMAL(10,2)', 'NVDA', withTrade({ limit_price: 1e9 }), ['new_trade.limit_price 1000000000 must be a positive price below 100000000.00']],
    ['no stop', 'NVDA', without('stop_loss'), ['new_trade.stop_loss.stop_price is missing: it must be a positive price below 100000000.00']],
    ['an empty stop', 'NVDA', withTrade({ stop_loss: {} }), ['new_trade.stop_loss.stop_price is missing: it must be a positive price below 100000000.00']],
    ['a stop that is a list', 'NVDA', withTrade({ stop_loss: [124] }), ['new_trade.stop_loss [124] must be a positive price below 100000000.00']],
    [
      'a limit entry without a limit price',
      'NVDA',
      without('limit_price'),
      ['new_trade.limit_price is missing: a limit entry needs its limit price (or set new_trade.type to market)'],
    ],
    // style and take-profit
    [
      'a SWING without take-profit',
      'NVDA',
      without('take_profit'),
      ['new_trade.take_profit.limit_price is missing: a SWING trade takes profit at a limit price'],
    ],
    [
      'a SWING with an empty take-profit',
      'NVDA',
      withTrade({ take_profit: { limit_price: null } }),
      ['new_trade.take_profit.limit_price is missing: a SWING trade takes profit at a limit price'],
    ],
    [
      'a DAYTRADE with take-profit',
      'NVDA',
      withTrade({ strategy: 'DAYTRADE' }),
      ['new_trade.take_profit.limit_price 145.5 is given, but a DAYTRADE trade has no take-profit: remove it or make the trade a SWING'],
    ],
    [
      'a TREND with take-profit',
      'NVDA',
      withTrade({ strategy: 'trend', take_profit: 150 }),
      ['new_trade.take_profit 150 is given, but a TREND trade has no take-profit: remove it or make the trade a SWING'],
    ],
    ['an unknown strategy', 'NVDA', withTrade({ strategy: 'SCALP' }), ['new_trade.strategy "SCALP" must be one of DAYTRADE, SWING, TREND']],
    ['no strategy', 'NVDA', without('strategy'), ['new_trade.strategy is missing: it must be one of DAYTRADE, SWING, TREND']],
    // side, type, time in force, pattern
    ['no side', 'NVDA', without('side'), ['new_trade.side is missing: it must be buy or sell']],
    ['an unknown side', 'NVDA', withTrade({ side: 'long' }), ['new_trade.side "long" must be buy or sell']],
    ['an unknown order type', 'NVDA', withTrade({ type: 'stop_limit' }), ['new_trade.type "stop_limit" must be limit or market']],
    ['an unknown time in force', 'NVDA', withTrade({ time_in_force: 'ioc' }), ['new_trade.time_in_force "ioc" must be day or gtc']],
    ['a pattern that is not text', 'NVDA', withTrade({ pattern: 7 }), ['new_trade.pattern 7 must be text of at most 50 characters']],
    [
      'a pattern too long for the journal',
      'NVDA',
      withTrade({ pattern: 'P'.repeat(51) }),
      [`new_trade.pattern "${'P'.repeat(51)}" must be text of at most 50 characters`],
    ],
    // the flat shape names its own fields
    ['a flat stop above the entry', 'NVDA', { ...FLAT, stop_loss: 140 }, ['stop_loss 140.00 must be below entry_price 133.80 for a buy']],
    ['a flat decision without entry_price', 'NVDA', { ...FLAT, entry_price: undefined }, ['entry_price is missing: a limit entry needs its limit price']],
    ['a flat decision with an unknown action', 'NVDA', { ...FLAT, action: 'HOLD' }, ['action "HOLD" must be BUY or SELL']],
    ['a flat decision without action', 'NVDA', { ...FLAT, action: null }, ['action is missing: it must be BUY or SELL']],
    [
      'a flat DAYTRADE with take-profit',
      'NVDA',
      { ...FLAT, trade_style: 'DAYTRADE' },
      ['take_profit 145.5 is given, but a DAYTRADE trade has no take-profit: remove it or make the trade a SWING'],
    ],
  ])('%s', (_what, ticker, decision, problems) => {
    expect(problemsOf(parseDecision({ ticker, decision }))).toEqual(problems);
  });

  it('returns every problem at once', () => {
    const decision = {
      symbol: 'MSFT',
      primary_action: 'NEW_TRADE',
      new_trade: {
        strategy: 'DAYTRADE',
        qty: 4.5,
        side: 'buy',
        limit_price: '133.805',
        stop_loss: { stop_price: 140 },
        take_profit: { limit_price: 150 },
        time_in_force: 'fok',
      },
    };
    expect(problemsOf(parseDecision({ ticker: 'NVDA', decision }))).toEqual([
      'Ticker "NVDA" and symbol "MSFT" name different stocks (NVDA and MSFT): correct one of them',
      'new_trade.qty 4.5 must be a positive whole number of shares',
      'new_trade.time_in_force "fok" must be day or gtc',
      'new_trade.limit_price 133.805 has 3 decimals: Alpaca accepts at most 2 for a price at or above $1.00',
      'new_trade.take_profit.limit_price 150 is given, but a DAYTRADE trade has no take-profit: remove it or make the trade a SWING',
      'new_trade.stop_loss.stop_price 140.00 must be below limit_price 133.805 for a buy',
    ]);
  });

  it('shortens a long value in a sentence', () => {
    const [problem] = problemsOf(parseDecision({ ticker: 'NVDA', decision: withTrade({ side: 'x'.repeat(500) }) }));
    expect(problem).toBe(`new_trade.side "${'x'.repeat(58)}… must be buy or sell`);
  });
});

describe('parseDecision: never throws', () => {
  it('survives a value that throws when read', () => {
    const decision = Object.defineProperty({}, 'primary_action', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    expect(parseDecision({ ticker: 'NVDA', decision })).toEqual({ ok: false, problems: ['Decision could not be read (boom): correct the Decision JSON'] });
  });

  it('survives a throw of something that is not an Error', () => {
    const decision = Object.defineProperty({}, 'primary_action', {
      enumerable: true,
      get() {
        throw 'boom';
      },
    });
    expect(parseDecision({ ticker: 'NVDA', decision })).toEqual({
      ok: false,
      problems: ['Decision could not be read (unknown error): correct the Decision JSON'],
    });
  });

  it('survives input that is not even the right shape', () => {
    expect(parseDecision(null as never).ok).toBe(false);
    expect(parseDecision({ ticker: 42 as never, decision: { primary_action: 'CANCEL' } }).ok).toBe(false);
  });

  it('shows values JSON cannot', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(problemsOf(parseDecision({ ticker: 'NVDA', decision: withTrade({ qty: circular }) }))).toEqual([
      'new_trade.qty [object Object] must be a positive whole number of shares',
    ]);
    expect(problemsOf(parseDecision({ ticker: 'NVDA', decision: withTrade({ qty: 10n }) }))).toEqual([
      'new_trade.qty 10 must be a positive whole number of shares',
    ]);
    expect(problemsOf(parseDecision({ ticker: 'NVDA', decision: withTrade({ qty: { toJSON: () => undefined } }) }))).toEqual([
      'new_trade.qty [object Object] must be a positive whole number of shares',
    ]);
  });

  const anyDecision = fc.oneof(
    fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withBoxedValues: true,
    }),
    fc.json(),
    fc.string(),
    // Near misses: the real shapes with random values in their fields.
    fc.record(
      {
        primary_action: fc.oneof(fc.constantFrom('NEW_TRADE', 'AMEND', 'CANCEL', 'NO_ACTION'), fc.anything()),
        new_trade: fc.dictionary(fc.constantFrom(...Object.keys(CANONICAL.new_trade)), fc.anything()),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.constantFrom(...Object.keys(FLAT), 'symbol'), fc.oneof(fc.anything(), fc.double(), fc.string())),
  );

  it('never throws on 10,000 random inputs, and always explains a refusal', () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: undefined }), anyDecision, (ticker, decision) => {
        const result = parseDecision({ ticker, decision });
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(typeof problem).toBe('string');
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('accepts only trades that obey every rule', () => {
    const nearMiss = fc.record({
      primary_action: fc.constantFrom('NEW_TRADE', 'AMEND'),
      new_trade: fc.record({
        strategy: fc.constantFrom('SWING', 'DAYTRADE', 'TREND', 'swing', 'x'),
        qty: fc.oneof(fc.integer({ min: -2, max: 100 }), fc.double()),
        side: fc.constantFrom('buy', 'sell', 'BUY'),
        type: fc.constantFrom('limit', 'market', undefined),
        limit_price: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.double({ min: 0, max: 300 })),
        stop_loss: fc.record({ stop_price: fc.integer({ min: 1, max: 300 }) }),
        take_profit: fc.option(fc.record({ limit_price: fc.integer({ min: 1, max: 300 }) }), { nil: undefined }),
      }),
    });
    fc.assert(
      fc.property(nearMiss, (decision) => {
        const result = parseDecision({ ticker: 'NVDA', decision });
        if (!result.ok || !('trade' in result.intent)) return;
        const { trade } = result.intent;
        expect(Number.isSafeInteger(trade.qty) && trade.qty > 0).toBe(true);
        const buy = trade.side === 'buy';
        if (trade.entryLimit) expect(buy ? trade.stopLoss.isBelow(trade.entryLimit) : trade.stopLoss.isAbove(trade.entryLimit)).toBe(true);
        if (trade.entryLimit && trade.takeProfit)
          expect(buy ? trade.takeProfit.isAbove(trade.entryLimit) : trade.takeProfit.isBelow(trade.entryLimit)).toBe(true);
        expect(trade.takeProfit !== undefined).toBe(trade.style === 'SWING');
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('problems are well-formed text', () => {
  it('never cuts an emoji in half when it shortens a long value', () => {
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const prefix of ['', 'x']) {
      const result = parseDecision({ ticker: 'NVDA', decision: { primary_action: prefix + '🚀'.repeat(80) } });
      expect(result.ok).toBe(false);
      for (const problem of (result as { problems: string[] }).problems) expect(problem).not.toMatch(loneSurrogate);
    }
  });
});
