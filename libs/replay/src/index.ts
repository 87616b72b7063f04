// @trading-monitor/replay: what the decisions would have done — the same jobs, on a scratch database
// and a simulated market fed with historical bars.
export { AlpacaBars, BAR_ADJUSTMENT, BarsUnavailable, type AlpacaBarsOptions, type DataFeed } from './bars/alpaca-bars';
export type { BarRequest, BarSet, BarSource, DayBars } from './bars/day-bars';
export { ScriptedBars } from './bars/scripted-bars';
export { SeededBars } from './bars/seeded-bars';
export type { DayProgress, ReplayDeps } from './replay-days';
export type { ReplayedDecision, ReplayedTrade } from './replay-result';
export { InvalidReplayRange, fillModelOf, marketDaysBetween, replayRange, type ReplayRequest, type ReplayResult } from './replay-range';
export { REPLAY_DATABASE, ReplaySourceMissing, runReplay, type ReplayOptions, type ReplayRun } from './run-replay';
export { writeReplayHtml } from './replay-html';
export { newYorkMinute } from './replay-result';
export type { DecisionSelection, RealTrade } from './source-decisions';
export { SAMPLE_SYMBOLS, sampleDecisions } from './sample-decisions';
