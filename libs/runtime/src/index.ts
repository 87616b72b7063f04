// @trading-monitor/runtime: the wiring, once, above the libraries — configuration → database →
// broker → trade_updates stream → what the jobs run on. The apps, the demo and the replay open a runtime; the libraries below
// only receive one (workflows' JobDeps, scheduling's SchedulerRuntime).
export { openRuntime, type Runtime, type RuntimeOptions } from './open-runtime';
export { SetupRequired } from './setup-required';
export { startOrderEvents } from './start-order-events';
