// One step of a trading day, run as its own process so that each step can have its own TZ (see
// host-time-zone.int.spec.ts, which bundles it with esbuild and runs `node <bundle> <step>`)
// with DATABASE_URL and STATE_FILE (the simulated account, shared by the steps) in the environment.
import { SimulatedBroker } from '@trading-monitor/broker';
import { silentLogger } from '@trading-monitor/config';
import { ManualClock } from '@trading-monitor/domain';
import { AnalysisDecision, createDataSource, setupDatabase } from '@trading-monitor/persistence';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { monitorPositions } from '../monitor-positions/monitor-positions';
import { newTradeDecision } from './workflow-fixture';

const STEPS = {
  /** 09:00 New York: the analysis is written and approved; 09:45 the entry is placed. */
  async execute(deps, clock) {
    clock.set(new Date('2025-01-15T14:00:00Z'));
    await setupDatabase(deps.dataSource, { production: false });
    const decisions = deps.dataSource.getRepository(AnalysisDecision);
    await decisions.save(
      decisions.create({ analysisId: 'TZ-1', ticker: 'NVDA', decision: newTradeDecision('NVDA'), approve: true, dateTime: clock.now(), date: '2025-01-15' }),
    );
    clock.set(new Date('2025-01-15T14:45:00Z'));
    return executeDecisions(deps);
  },
  /** 09:50: the entry fills at 133.80 and is protected. */
  async fill(deps, clock, broker) {
    clock.set(new Date('2025-01-15T14:50:00Z'));
    broker.setPrice('NVDA', '133.80');
    return monitorOrders(deps);
  },
  /** 10:30: marked at 136.00. */
  async mark(deps, clock, broker) {
    clock.set(new Date('2025-01-15T15:30:00Z'));
    broker.setPrice('NVDA', '136.00');
    return monitorPositions(deps);
  },
  /**
   * 11:00: closed by hand in the dashboard at 138.10 (its orders cancelled, then sold); 11:10 the
   * position run, with NVDA at 137.00 by then, notices. Priced from the last mark it would be 137.00.
   */
  async 'close-by-hand'(deps, clock, broker) {
    clock.set(new Date('2025-01-15T16:00:00Z'));
    broker.setPrice('NVDA', '138.10');
    for (const order of await broker.listOrders({ status: 'open' })) if (!order.parentId) await broker.cancelOrder(order.id);
    broker.confirmCancels(); // the dashboard shows them cancelled before the sell is sent
    await broker.submitEntry({ symbol: 'NVDA', side: 'sell', qty: 45, type: 'market', timeInForce: 'day', clientOrderId: 'dashboard-close' });
    clock.set(new Date('2025-01-15T16:10:00Z'));
    broker.setPrice('NVDA', '137.00');
    return monitorPositions(deps);
  },
} satisfies Record<string, (deps: Parameters<typeof monitorOrders>[0], clock: ManualClock, broker: SimulatedBroker) => Promise<unknown>>;

async function main(): Promise<void> {
  const step = STEPS[process.argv[2] as keyof typeof STEPS];
  if (!step) throw new Error(`Unknown step ${process.argv[2]}; one of ${Object.keys(STEPS).join(', ')}`);
  const clock = new ManualClock(new Date('2025-01-15T14:00:00Z'));
  const broker = SimulatedBroker.open({ clock, stateFile: process.env['STATE_FILE'] as string, cash: '10000000' });
  const dataSource = await createDataSource(process.env['DATABASE_URL'] as string).initialize();
  try {
    const summary = await step({ dataSource, broker, clock, log: silentLogger() }, clock, broker);
    await broker.persist();
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
