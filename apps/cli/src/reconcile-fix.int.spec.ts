// eslint-disable-next-line @nx/enforce-module-boundaries -- the stray order is placed on the market behind the loopback server
import { Price, clientOrderIdOf } from '@trading-monitor/domain';
import { jsonOf } from './testing/run-cli';
import { useLoopbackWorld } from './testing/loopback-world';

// Issue 14 item 7 through the operator's command and the real Alpaca adapter: `reconcile --fix`
// says which repair failed (a cancel Alpaca answered with 503), never reports it as cancelled, and
// exits 1; the next `reconcile --fix` cancels the order and says so.
const world = useLoopbackWorld('tm-cli-reconcile-');

const cli = (...args: string[]) => world.cli(...args);

it('reconcile --fix lists a cancel that failed as FAILED, exits 1, and the next run sends the cancel again', async () => {
  expect((await cli('db:setup')).code).toBe(0);
  // 5 TSLA held by hand, and a stop the product placed for a trade long gone (a crash kept it from the journal).
  world.market.setPrice('TSLA', '200.00');
  await world.market.submitEntry({ symbol: 'TSLA', side: 'buy', qty: 5, type: 'market', timeInForce: 'day', clientOrderId: 'by-hand-tsla' });
  const [stray] = await world.market.submitProtection({
    kind: 'stop',
    symbol: 'TSLA',
    side: 'sell',
    qty: 5,
    stopPrice: Price.of('180.00'),
    timeInForce: 'gtc',
    clientOrderId: clientOrderIdOf({ scopeId: 'T-GONE', leg: 'stop', sequence: 1 }),
  });

  world.market.failNextCancels(1);
  const failed = await cli('reconcile', '--fix');
  expect(failed.code).toBe(1);
  expect(failed.stdout).toContain('0 stray orders cancelled.');
  expect(failed.stdout).toMatch(
    new RegExp(
      `Repair FAILED in 1 step:\\n  FAILED cancel-stray: Could not cancel stray protective order ${stray.id} \\(TSLA\\): .*503.*run \`reconcile --fix\` again`,
    ),
  );
  expect((await world.market.getOrder(stray.id)).status).toBe('new');

  // Alpaca's cancel is a request: read back at once, the order is still pending_cancel, and the run says so
  // rather than calling it cancelled; the venue confirms it a moment later.
  const fixed = jsonOf<{ report: { fixed: { cancelledStrays: string[]; cancelsPending: string[]; failed: unknown[] } } }>(
    await cli('reconcile', '--fix', '--json'),
  );
  expect(fixed.result?.report.fixed).toMatchObject({ cancelledStrays: [], cancelsPending: [stray.id], failed: [] });
  expect((await world.market.getOrder(stray.id)).status).toBe('canceled');
  // The shares bought by hand are not the product's to touch: they still need a person.
  expect(fixed).toMatchObject({ ok: false, exitCode: 1, result: { afterFix: { positionsOnlyAtBroker: [{ symbol: 'TSLA', qty: 5 }], notInJournal: [] } } });
  expect(world.server.errors).toEqual([]);
});
