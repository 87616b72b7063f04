// The workflows testing door, @trading-monitor/workflows/testing: the fixtures, fault injection and
// invariant checks the jobs are tested with, for other projects' tests (the bench, the apps).
// Production code may not import it (lint: tools/eslint/layering.cjs).
export { consistencyProblems } from './consistency';
export { SimulatedCrash, crashingBroker, dyingBroker, type DyingBroker } from './crashing-broker';
export { faultyBroker, type BrokerFaultOptions, type FaultCounts, type FaultyBroker } from './faulty-broker';
export { seededRandom, type SeededRandom } from './seeded-random';
export { MARKET_OPEN_DAY, PRODUCT_TABLES, createWorkflowFixture, newTradeDecision, resetWorkflowFixture, type WorkflowFixture } from './workflow-fixture';
// Fault injection: seeded campaigns of random lifecycles with crashes, faults and fuzzed decisions.
export { runCampaign, seedRange, summarize, type CampaignOptions, type CampaignReport } from '../fault-injection/campaign';
export { fuzzedDecisions, type FuzzedRow } from '../fault-injection/decision-arbitraries';
export { runRandomLifecycle, settleConnections, type Chaos, type Crash, type RunOutcome as LifecycleOutcome } from '../fault-injection/random-lifecycle';
// The loopback Alpaca server for a process run with BROKER=alpaca (the scheduler's stream health).
export { startLoopbackAlpaca } from './loopback-alpaca';
