// @trading-monitor/demo: a scripted trading day on the simulated broker, for the CLI's `demo`.
export { DEMO_DAY } from './demo-script';
export type { DemoStep } from './play-demo-day';
export { DEMO_DATABASE, runDemo, type DemoRun } from './run-demo';
