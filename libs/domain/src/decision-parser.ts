import { DECISION_FIELDS, type DecisionField, type EntryType } from './decision-schema';
import type { TimeInForce } from './order-role';
import type { Price } from './price';
import type { Side } from './side';
import { tickSizeProblemOf } from './tick-size';
import type { DecisionIntent, PrimaryAction, TradePlan } from './trade-intent';
import { styleHasTakeProfit, type TradeStyle } from './trade-style';

export type DecisionParseResult = { ok: true; intent: DecisionIntent } | { ok: false; problems: string[] };

export interface DecisionInput {
  /** `analysis_decision."Ticker"`: "AAPL" or "AAPL:NASDAQ". */
  ticker: string | null | undefined;
  /** `analysis_decision."Decision"`: a JSON object, or a JSON string of one. */
  decision: unknown;
}

type JsonObject = Record<string, unknown>;

/** A raw value and where it sits in the decision, for problem sentences. `undefined` when absent. */
interface Located {
  path: string;
  value: unknown;
}

/**
 * Where each part of a trade sits in one of the decision's two shapes. Canonical: everything
 * under `new_trade`, entry at `limit_price`. Older flat shape: top-level plain numbers, entered
 * with a limit order at `entry_price`, time in force day.
 */
interface RawTrade {
  strategy: Located;
  pattern: Located;
  qty: Located;
  side: Located;
  sideField: DecisionField<Side>;
  /** `null` when the shape fixes it (flat: limit, day). */
  entryType: Located | null;
  timeInForce: Located | null;
  entryPrice: Located;
  stop: Located;
  takeProfit: Located;
}

const FLAT_TRADE_KEYS = ['qty', 'entry_price', 'stop_loss', 'take_profit', 'trade_style', 'action'];
// Stock symbols as Alpaca spells them (BRK.B), within trade_journal.symbol's VARCHAR(50).
const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9./-]{0,49}$/;
const MAX_SHOWN = 60;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own field; null counts as absent, as the workflow writes null for "not given". */
function fieldOf(object: JsonObject, key: string): unknown {
  if (!Object.hasOwn(object, key)) return undefined;
  const value = object[key];
  return value === null ? undefined : value;
}

/** A value as it should appear in a sentence: numbers as written, text quoted, long values cut. */
function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' || isObject(value) || Array.isArray(value) ? (JSON.stringify(value) ?? String(value)) : String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  // Cut by code points, never inside a surrogate pair: a lone half is not text a database accepts.
  const characters = Array.from(text);
  return characters.length > MAX_SHOWN ? `${characters.slice(0, MAX_SHOWN - 1).join('')}…` : text;
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

class ProblemList {
  readonly items: string[] = [];

  add(problem: string): void {
    this.items.push(problem);
  }

  /** Reads a present value with its field's schema; records a problem and returns `undefined` if it does not fit. */
  read<T>(field: DecisionField<T>, { path, value }: Located): T | undefined {
    const result = field.schema.safeParse(value);
    if (result.success) return result.data;
    this.add(`${path} ${show(value)} must be ${field.expected}`);
    return undefined;
  }

  required<T>(field: DecisionField<T>, located: Located): T | undefined {
    if (located.value !== undefined) return this.read(field, located);
    this.add(`${located.path} is missing: it must be ${field.expected}`);
    return undefined;
  }

  optional<T>(field: DecisionField<T>, located: Located): T | undefined {
    return located.value === undefined ? undefined : this.read(field, located);
  }

  /** A price, also checked against Alpaca's tick size (the price is still returned for further checks). */
  price(located: Located, required: boolean): Price | undefined {
    const price = required ? this.required(DECISION_FIELDS.price, located) : this.optional(DECISION_FIELDS.price, located);
    const tickProblem = price && tickSizeProblemOf(price);
    if (price && tickProblem) this.add(`${located.path} ${price.toString()} ${tickProblem}`);
    return price;
  }
}

/** The decision as an object: JSONB arrives parsed, but the column sometimes holds a JSON string, even one encoded twice. */
function decodeDecision(decision: unknown, problems: ProblemList): JsonObject | undefined {
  let value = decision;
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
    if (value.trim() === '') break;
    try {
      value = JSON.parse(value);
    } catch (error) {
      problems.add(`Decision is not valid JSON (${(error as SyntaxError).message}): ${show(value)}`);
      return undefined;
    }
  }
  if (value === undefined || value === null || value === '') {
    problems.add('Decision is empty: the analysis workflow wrote no decision for this row');
    return undefined;
  }
  if (!isObject(value)) {
    problems.add(`Decision must be a JSON object, got ${Array.isArray(value) ? 'an array' : `the ${typeof value}`} ${show(value)}`);
    return undefined;
  }
  return value;
}

/** The traded symbol: the part before any exchange suffix ("AAPL:NASDAQ" → "AAPL"), upper-case. */
function symbolOf(text: string): string {
  return text.split(':')[0].trim().toUpperCase();
}

function resolveSymbol(ticker: unknown, decision: JsonObject | undefined, problems: ProblemList): string | undefined {
  const fromTicker = typeof ticker === 'string' ? symbolOf(ticker) : '';
  const rawSymbol = decision ? fieldOf(decision, 'symbol') : undefined;
  const named = rawSymbol === undefined ? undefined : problems.read(DECISION_FIELDS.symbol, { path: 'symbol', value: rawSymbol });
  const fromDecision = named === undefined ? '' : symbolOf(named);
  if (fromTicker && fromDecision && fromTicker !== fromDecision) {
    problems.add(`Ticker ${show(ticker)} and symbol ${show(rawSymbol)} name different stocks (${fromTicker} and ${fromDecision}): correct one of them`);
    return undefined;
  }
  const symbol = fromTicker || fromDecision;
  if (!symbol) {
    if (named === undefined && rawSymbol !== undefined) return undefined; // already reported
    problems.add('No symbol: the Ticker is empty and the decision names no symbol');
    return undefined;
  }
  if (!SYMBOL_PATTERN.test(symbol)) {
    const source = fromTicker ? `Ticker ${show(ticker)}` : `symbol ${show(rawSymbol)}`;
    problems.add(`${source} is not a stock symbol: use letters, digits and "." only, such as "NVDA" or "BRK.B"`);
    return undefined;
  }
  return symbol;
}

/** A price that may be nested (`stop_loss: { stop_price }`) or plain (`stop_loss: 124`). */
function priceAt(object: JsonObject, prefix: string, key: string, inner: string): Located {
  const value = fieldOf(object, key);
  if (isObject(value)) return { path: `${prefix}${key}.${inner}`, value: fieldOf(value, inner) };
  return { path: value === undefined ? `${prefix}${key}.${inner}` : `${prefix}${key}`, value };
}

function canonicalTrade(trade: JsonObject): RawTrade {
  const at = (key: string): Located => ({ path: `new_trade.${key}`, value: fieldOf(trade, key) });
  return {
    strategy: at('strategy'),
    pattern: at('pattern'),
    qty: at('qty'),
    side: at('side'),
    sideField: DECISION_FIELDS.side,
    entryType: at('type'),
    timeInForce: at('time_in_force'),
    entryPrice: at('limit_price'),
    stop: priceAt(trade, 'new_trade.', 'stop_loss', 'stop_price'),
    takeProfit: priceAt(trade, 'new_trade.', 'take_profit', 'limit_price'),
  };
}

function flatTrade(decision: JsonObject): RawTrade {
  const at = (key: string): Located => ({ path: key, value: fieldOf(decision, key) });
  return {
    strategy: at('trade_style'),
    pattern: at('pattern'),
    qty: at('qty'),
    side: at('action'),
    sideField: DECISION_FIELDS.action,
    entryType: null,
    timeInForce: null,
    entryPrice: at('entry_price'),
    stop: priceAt(decision, '', 'stop_loss', 'stop_price'),
    takeProfit: priceAt(decision, '', 'take_profit', 'limit_price'),
  };
}

/** The raw trade of a NEW_TRADE or AMEND, from whichever shape the decision has. */
function rawTradeOf(action: PrimaryAction, decision: JsonObject, problems: ProblemList): RawTrade | undefined {
  let trade = fieldOf(decision, 'new_trade');
  if (trade === undefined) {
    if (FLAT_TRADE_KEYS.some((key) => fieldOf(decision, key) !== undefined)) return flatTrade(decision);
    problems.add(`primary_action ${action} needs a new_trade with the trade to place, and the decision has none`);
    return undefined;
  }
  if (typeof trade === 'string') {
    try {
      trade = JSON.parse(trade);
    } catch {
      // reported below as not an object
    }
  }
  if (!isObject(trade)) {
    problems.add(`new_trade ${show(fieldOf(decision, 'new_trade'))} must be an object holding the trade's fields`);
    return undefined;
  }
  return canonicalTrade(trade);
}

/** "must be below limit_price 133.80 for a buy": the rule every stop and take-profit obeys. */
function checkSideOf(
  problems: ProblemList,
  subject: { located: Located; price: Price },
  reference: { located: Located; price: Price },
  side: Side,
  wantAbove: boolean,
): void {
  const ok = wantAbove ? subject.price.isAbove(reference.price) : subject.price.isBelow(reference.price);
  if (ok) return;
  problems.add(
    `${subject.located.path} ${subject.price.toString()} must be ${wantAbove ? 'above' : 'below'} ` +
      `${lastSegment(reference.located.path)} ${reference.price.toString()} for a ${side}`,
  );
}

function readTrade(raw: RawTrade, problems: ProblemList): TradePlan | undefined {
  const before = problems.items.length;
  const style: TradeStyle | undefined = problems.required(DECISION_FIELDS.strategy, raw.strategy);
  const pattern = problems.optional(DECISION_FIELDS.pattern, raw.pattern);
  const qty = problems.required(DECISION_FIELDS.qty, raw.qty);
  const side = problems.required(raw.sideField, raw.side);
  const entryType: EntryType | undefined = raw.entryType?.value === undefined ? 'limit' : problems.read(DECISION_FIELDS.entryType, raw.entryType);
  const timeInForce: TimeInForce | undefined = raw.timeInForce?.value === undefined ? 'day' : problems.read(DECISION_FIELDS.timeInForce, raw.timeInForce);

  // A market entry has no limit: a limit_price it carries is the analysis's reference, not an order price.
  let entryLimit: Price | undefined;
  if (entryType !== 'market') {
    if (raw.entryPrice.value === undefined && entryType === 'limit') {
      const switchToMarket = raw.entryType ? ` (or set ${raw.entryType.path} to market)` : '';
      problems.add(`${raw.entryPrice.path} is missing: a limit entry needs its limit price${switchToMarket}`);
    } else {
      entryLimit = problems.price(raw.entryPrice, false);
    }
  }
  const stopLoss = problems.price(raw.stop, true);
  const takeProfit = problems.price(raw.takeProfit, false);

  const takesProfit = style === undefined ? undefined : styleHasTakeProfit(style);
  if (takesProfit === true && raw.takeProfit.value === undefined) {
    problems.add(`${raw.takeProfit.path} is missing: a ${style} trade takes profit at a limit price`);
  }
  if (takesProfit === false && raw.takeProfit.value !== undefined) {
    problems.add(`${raw.takeProfit.path} ${show(raw.takeProfit.value)} is given, but a ${style} trade has no take-profit: remove it or make the trade a SWING`);
  }

  // A buy's stop sits below the entry and its take-profit above; a sell mirrors that. Without an
  // entry price (market) only the stop and take-profit can be compared with each other.
  if (side) {
    const buy = side === 'buy';
    const stop = stopLoss && { located: raw.stop, price: stopLoss };
    const target = takeProfit && takesProfit !== false ? { located: raw.takeProfit, price: takeProfit } : undefined;
    const entry = entryType === 'limit' && entryLimit ? { located: raw.entryPrice, price: entryLimit } : undefined;
    if (entry && stop) checkSideOf(problems, stop, entry, side, !buy);
    if (entry && target) checkSideOf(problems, target, entry, side, buy);
    if (entryType === 'market' && stop && target) checkSideOf(problems, target, stop, side, buy);
  }

  if (problems.items.length > before) return undefined;
  // Every value below was read without a problem, so none is undefined here.
  const plan: TradePlan = {
    side: side as Side,
    qty: qty as number,
    entryType: entryType as EntryType,
    stopLoss: stopLoss as Price,
    style: style as TradeStyle,
    timeInForce: timeInForce as TimeInForce,
  };
  if (entryLimit) plan.entryLimit = entryLimit;
  if (takeProfit) plan.takeProfit = takeProfit;
  if (pattern) plan.pattern = pattern;
  return plan;
}

function parse({ ticker, decision }: DecisionInput): DecisionParseResult {
  const problems = new ProblemList();
  const body = decodeDecision(decision, problems);
  const symbol = resolveSymbol(ticker, body, problems);
  if (!body) return { ok: false, problems: problems.items };

  const action = problems.required(DECISION_FIELDS.primaryAction, { path: 'primary_action', value: fieldOf(body, 'primary_action') });
  // CANCEL and NO_ACTION act on what exists: they need only a symbol, and any new_trade they carry is ignored.
  const raw = action === 'NEW_TRADE' || action === 'AMEND' ? rawTradeOf(action, body, problems) : undefined;
  const trade = raw && readTrade(raw, problems);

  if (problems.items.length > 0 || !symbol || !action) return { ok: false, problems: problems.items };
  if (action === 'NEW_TRADE' || action === 'AMEND') return { ok: true, intent: { action, symbol, trade: trade as TradePlan } };
  return { ok: true, intent: { action, symbol } };
}

/**
 * Reads an analysis decision into what it asks for, or every problem that stops it being acted on,
 * each a sentence naming the field and its value. Never throws, whatever the input.
 */
export function parseDecision(input: DecisionInput): DecisionParseResult {
  try {
    return parse(input);
  } catch (error) {
    // The readers above do not throw; this keeps one odd row from taking the whole batch down.
    const reason = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, problems: [`Decision could not be read (${reason}): correct the Decision JSON`] };
  }
}
