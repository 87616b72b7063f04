export { bookFigures, type BookFigures, type UnprotectedPosition } from './book-figures';
export { meteredBroker } from './metered-broker';
export { schedulerHealth, type SchedulerHealth } from './scheduler-health';
export { startTelemetryServer, type TelemetryServer } from './telemetry-server';
export { TradingMetrics, type LastRuns } from './trading-metrics';
export { streamHealth, type StreamHealth } from './stream-health';
