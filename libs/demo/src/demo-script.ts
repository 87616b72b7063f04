import type { PricePath } from './price-path';

// The demo's trading day, as data. Tuesday 14 January 2025 was an ordinary session (09:30–16:00
// New York). Prices are chosen so that each trade meets its fate on a known tick.

export const DEMO_DAY = '2025-01-14';

export interface ScriptedDecision {
  analysisId: string;
  /** New York time the decision is approved (written to analysis_decision). */
  at: string;
  ticker: string;
  decision: Record<string, unknown>;
  /** CANCEL and AMEND act on the order of this earlier decision (the analysis workflow fills existing_order_id in). */
  actsOn?: string;
}

const newTrade = (symbol: string, trade: Record<string, unknown>, action = 'NEW_TRADE') => ({
  symbol,
  analysis_date: DEMO_DAY,
  primary_action: action,
  new_trade: { pattern: 'PATTERN_1', side: 'buy', type: 'limit', time_in_force: 'day', ...trade },
});

export const DEMO_DECISIONS: readonly ScriptedDecision[] = [
  // Written overnight by the analysis pipeline and approved before the open.
  {
    analysisId: 'demo-nvda-swing',
    at: '08:30',
    ticker: 'NVDA:NASDAQ',
    decision: newTrade('NVDA', { strategy: 'SWING', qty: 45, limit_price: 133.8, stop_loss: { stop_price: 124.0 }, take_profit: { limit_price: 145.5 } }),
  },
  {
    analysisId: 'demo-tsla-trend',
    at: '08:30',
    ticker: 'TSLA:NASDAQ',
    decision: newTrade('TSLA', { strategy: 'TREND', qty: 10, limit_price: 398.0, stop_loss: { stop_price: 385.0 } }),
  },
  {
    analysisId: 'demo-aapl-swing',
    at: '08:30',
    ticker: 'AAPL:NASDAQ',
    decision: newTrade('AAPL', { strategy: 'SWING', qty: 40, limit_price: 228.0, stop_loss: { stop_price: 221.0 }, take_profit: { limit_price: 242.0 } }),
  },
  {
    analysisId: 'demo-msft-swing',
    at: '08:30',
    ticker: 'MSFT:NASDAQ',
    decision: newTrade('MSFT', { strategy: 'SWING', qty: 20, limit_price: 410.0, stop_loss: { stop_price: 399.0 }, take_profit: { limit_price: 432.0 } }),
  },
  {
    // Malformed: a buy's stop must sit below its entry. Refused with a reason, no order.
    analysisId: 'demo-amd-malformed',
    at: '08:30',
    ticker: 'AMD:NASDAQ',
    decision: newTrade('AMD', { strategy: 'DAYTRADE', qty: 100, limit_price: 121.0, stop_loss: { stop_price: 125.0 } }),
  },
  // A second look late in the morning: AAPL is called off, MSFT's entry is raised.
  {
    analysisId: 'demo-aapl-cancel',
    at: '11:25',
    ticker: 'AAPL:NASDAQ',
    decision: { symbol: 'AAPL', analysis_date: DEMO_DAY, primary_action: 'CANCEL' },
    actsOn: 'demo-aapl-swing',
  },
  {
    analysisId: 'demo-msft-amend',
    at: '11:25',
    ticker: 'MSFT:NASDAQ',
    decision: newTrade(
      'MSFT',
      { strategy: 'SWING', qty: 25, limit_price: 414.5, stop_loss: { stop_price: 405.0 }, take_profit: { limit_price: 434.0 } },
      'AMEND',
    ),
    actsOn: 'demo-msft-swing',
  },
];

/** Runs of execute-decisions besides the scheduled 09:45: an operator's `execute` for the late decisions. */
export const DEMO_EXTRA_EXECUTE_RUNS: readonly string[] = ['11:30'];

export const DEMO_PRICES: Readonly<Record<string, PricePath>> = {
  // Entry fills at 09:50, take-profit at 14:20: TARGET_HIT.
  NVDA: [
    ['09:30', '134.90'],
    ['09:45', '134.60'],
    ['09:50', '133.80'],
    ['10:30', '135.40'],
    ['11:30', '138.10'],
    ['12:30', '137.20'],
    ['13:30', '141.80'],
    ['14:20', '145.50'],
    ['16:00', '144.70'],
  ],
  // Entry fills at 10:05; the slide through the stop fills it at 13:35 below 385: STOPPED_OUT.
  TSLA: [
    ['09:30', '401.20'],
    ['09:45', '400.10'],
    ['10:05', '398.00'],
    ['11:00', '402.50'],
    ['12:00', '396.30'],
    ['13:00', '389.40'],
    ['13:40', '383.90'],
    ['16:00', '386.20'],
  ],
  // Never comes down to the 228.00 entry: the CANCEL at 11:30 ends it.
  AAPL: [
    ['09:30', '233.40'],
    ['10:30', '231.10'],
    ['11:30', '234.80'],
    ['13:00', '232.60'],
    ['16:00', '235.10'],
  ],
  // Stays above the first entry (410.00); the amended one (414.50) fills at 12:45 and is held overnight.
  MSFT: [
    ['09:30', '417.80'],
    ['10:30', '419.60'],
    ['11:30', '416.90'],
    ['12:45', '414.50'],
    ['14:00', '418.90'],
    ['16:00', '417.30'],
  ],
  AMD: [
    ['09:30', '121.60'],
    ['12:00', '119.80'],
    ['16:00', '122.40'],
  ],
};

/** The session and the after-hours runs of docs/schedule.md. */
export const DEMO_SCHEDULE = {
  open: '09:30',
  close: '16:00',
  execute: '09:45',
  ordersEveryMinutes: 5,
  positionsEveryMinutes: 10,
  ordersAfterHours: '18:00',
  positionsAfterHours: '18:15',
} as const;
