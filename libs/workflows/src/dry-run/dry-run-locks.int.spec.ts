import type { Broker } from '@trading-monitor/broker';
import { clientOrderIdOf } from '@trading-monitor/domain';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { dryRunExecuteDecisions } from './dry-run';

// Issue 22 item 7: `execute --dry-run` takes no lock a real run would skip. Real PostgreSQL, the
// simulated broker.
let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

const entryId = (analysisId: string) => clientOrderIdOf({ scopeId: analysisId, leg: 'entry', sequence: 1 });

function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** The simulator, except that looking up `clientOrderId` waits: `reached` opens, then the call waits for `release`. */
function pausingAt(inner: Broker, clientOrderId: string, reached: () => void, release: Promise<void>): Broker {
  return new Proxy(inner, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === 'getOrderByClientId')
        return async (id: string) => {
          if (id === clientOrderId) {
            reached();
            await release;
          }
          return (value as (i: string) => Promise<unknown>).call(target, id);
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('scenario: a dry run overlapping a real run (issue 22 item 7)', () => {
  it('the real run places the orders of every decision, whichever rows the dry run is reading', async () => {
    await f.seedDecision('D1', 'NVDA', newTradeDecision('NVDA'));
    await f.seedDecision('D2', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));
    // The dry run has done D1 and is half-way through D2 (asking the broker about D2's entry) when the real run starts.
    const atD2 = gate();
    const release = gate();
    const dryRun = dryRunExecuteDecisions(f.depsWith(pausingAt(f.sim, entryId('D2'), atD2.open, release.opened)));
    await atD2.opened;

    const real = executeDecisions(f.deps);
    // The dry run ends a moment later, as a person's dry run does.
    setTimeout(release.open, 300);
    const [report, summary] = await Promise.all([dryRun, real]);

    expect(summary.decisions.map((d) => [d.analysisId, d.outcome])).toEqual([
      ['D1', 'placed'],
      ['D2', 'placed'],
    ]);
    expect((await f.sim.listOrders({ status: 'all' })).map((o) => o.clientOrderId).sort()).toEqual([entryId('D1'), entryId('D2')].sort());
    expect(report.markedRows.map((d) => [d.analysisId, d.outcome])).toEqual([
      ['D1', 'placed'],
      ['D2', 'placed'],
    ]);
    expect((await f.decision('D1')).executed).toBe(true);
    expect((await f.decision('D2')).executed).toBe(true);
  });
});
