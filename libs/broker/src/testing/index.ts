// The broker's testing door, @trading-monitor/broker/testing: what other projects' tests use to
// observe or stand in for Alpaca. Production code may not import it (lint: tools/eslint/layering.cjs).
export { countingBroker, type CountingBroker } from '../counting-broker';
export { startAlpacaTestServer, type AlpacaBarJson, type AlpacaTestServer, type AlpacaTestServerOptions } from './alpaca-test-server';
export type { TradeUpdateFeed } from './trade-update-feed';
// The simulated broker's seeded generator, for test tooling that must replay a run from its seed.
export { nextRandom } from '../simulated/seeded-random';
