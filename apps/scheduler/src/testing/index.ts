// The scheduler's test kit, for the tools' suites (the real-NocoDB trader scenario): the scheduler as a process.
export { schedulerBundle, startSchedulerProcess, type SchedulerProcess } from './scheduler-process';
