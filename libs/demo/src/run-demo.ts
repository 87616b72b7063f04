import { SimulatedBroker, inMemoryBroker } from '@trading-monitor/broker';
import type { Config, Logger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { join } from 'node:path';
import { writeHtmlReport } from '@trading-monitor/reporting';
import { openRuntime } from '@trading-monitor/runtime';
import { DEMO_START, playDemoDay, type DemoResult, type DemoStep } from './play-demo-day';

/** The demo's own database on the embedded server: dropped and made afresh on every run. */
export const DEMO_DATABASE = 'trading_monitor_demo';

export interface DemoOptions {
  log?: Logger;
  onStep?: (step: DemoStep) => void;
  /** Told before the slow part: the embedded server can take seconds to start the first time. */
  onProgress?: (message: string) => void;
}

/** The demo's day, and where its HTML report was written. */
export interface DemoRun extends DemoResult {
  /** Absolute path of the day's report as a web page: `<dataDir>/demo-report.html`. */
  htmlReport: string;
}

/** The demo's HTML report, in the data dir: rewritten by every run. */
export const DEMO_HTML_REPORT = 'demo-report.html';

/**
 * The scripted trading day, offline, whatever the configuration: a fresh database of its own on the
 * embedded PostgreSQL in `<dataDir>/postgres` and an in-memory simulated market on a manual clock.
 * The configured database, broker and simulated account are never opened. Ends by writing the
 * day's report as a web page into the data dir.
 */
export async function runDemo(config: Config, options: DemoOptions = {}): Promise<DemoRun> {
  const clock = new ManualClock(DEMO_START);
  const sim = new SimulatedBroker({ clock, cash: '100000' });
  options.onProgress?.(`Starting the demo database (embedded PostgreSQL in ${join(config.dataDir, 'postgres')})…`);
  const runtime = await openRuntime(
    { ...config, database: { kind: 'embedded', dataDir: join(config.dataDir, 'postgres') }, mongodbUrl: undefined },
    { embedded: { database: DEMO_DATABASE, fresh: true }, clock, broker: inMemoryBroker(sim), log: options.log, applicationName: 'trading-monitor demo' },
  );
  let day: DemoResult;
  try {
    day = await playDemoDay({ ...runtime, sim, clock }, options.onStep);
  } finally {
    await runtime.close();
  }
  const htmlReport = await writeHtmlReport(day.report, join(config.dataDir, DEMO_HTML_REPORT), {
    subtitle: 'Demo day, simulated market',
    generatedAt: new Date(),
  });
  return { ...day, htmlReport };
}
