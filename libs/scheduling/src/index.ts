// @trading-monitor/scheduling: when the jobs run (the schedule on Agenda, the market-hours gate, the
// job store) and whether the unattended process can run (health). What the apps use.
export { SetupError, setupConfiguredDatabase, type SetupReport } from './database-setup';
export { checkHealth, type HealthReport } from './health/check-health';
export { jobTableStatements } from './job-table-sql';
export type { MarketGate } from './market-gate';
export { describeJobPlan } from './next-runs';
export type { ScheduledJob } from './schedule';
export type { JobFunction } from './scheduled-jobs';
export { startScheduler, type Scheduler, type SchedulerRuntime } from './scheduler';
