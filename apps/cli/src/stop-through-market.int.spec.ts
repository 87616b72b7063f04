import { newTradeDecision } from '@trading-monitor/workflows/testing';
import { jsonOf } from './testing/run-cli';
import { useLoopbackWorld } from './testing/loopback-world';

// Issue 14 item 1 through the operator's commands and the real Alpaca adapter: the loopback Alpaca
// server refuses the OCO with Alpaca's 422 (the market gapped through the stop); `monitor-orders`
// sells the shares at the market in the same run, prints the close and the alarm, and exits 1.
const world = useLoopbackWorld('tm-cli-gap-');

const cli = (...args: string[]) => world.cli(...args);

it('monitor-orders exits the position whose stop the market is already through, and says so', async () => {
  expect((await cli('db:setup')).code).toBe(0);
  await world.sql.query(
    `INSERT INTO analysis_decision ("Analysis_Id", "Ticker", "Decision", "Approve", "Date_time") VALUES ('GAP-1', 'NVDA', $1, true, now())`,
    [JSON.stringify(newTradeDecision('NVDA'))],
  );
  world.market.setPrice('NVDA', '135.00');
  expect((await cli('execute')).code).toBe(0);
  const [entry] = await world.market.listOrders({ status: 'open' });
  world.market.fill(entry.id, 45, '133.80');
  world.market.setPrice('NVDA', '121.50'); // the fall between two runs

  const run = await cli('monitor-orders');
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(/Closed:\n\s*SYMBOL\s+TRADE\s+REASON\s+EXIT\s+P&L\n\s*NVDA\s+\S+\s+STOPPED_OUT\s+121\.50\s+-553\.50/);
  expect(run.stdout).toMatch(
    /ALARM: NVDA: the market is already through the stop 124\.00 \(the broker refused the protective order: stop price must be less than base_price - 0\.01\)\. Sold the 45 unprotected shares at the market instead \(order tm-exit-1-\S+\); the trade closes as STOPPED_OUT at the fill price\.\n/,
  );
  expect(await world.market.listPositions()).toEqual([]);
  const { rows } = await world.sql.query(`SELECT status, exit_reason, actual_pnl FROM trade_journal WHERE symbol = 'NVDA'`);
  expect(rows).toEqual([{ status: 'CLOSED', exit_reason: 'STOPPED_OUT', actual_pnl: '-553.50' }]);

  // The next run finds nothing to do and exits 0.
  expect(jsonOf(await cli('monitor-orders', '--json'))).toMatchObject({ exitCode: 0, result: { alarms: [], closed: [] } });
  expect(world.server.errors).toEqual([]);
});
