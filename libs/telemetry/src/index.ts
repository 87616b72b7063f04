export { bookFigures } from './book-figures';
export { meteredBroker } from './metered-broker';
export { schedulerHealth } from './scheduler-health';
export { startTelemetryServer, type TelemetryServer } from './telemetry-server';
export { TradingMetrics, type LastRuns } from './trading-metrics';
export { streamHealth, type StreamHealth } from './stream-health';
