// The scheduling testing door, @trading-monitor/scheduling/testing: NYSE ticks of a schedule, and a
// scheduler on a test database, for other projects' tests. Production code may not import it
// (lint: tools/eslint/layering.cjs).
export { everyMinutes, nyseGate, ticksOn, wallTime } from './schedule-ticks';
export { createSchedulerTestDatabase, type SchedulerTestDatabase } from './scheduler-runtime';
