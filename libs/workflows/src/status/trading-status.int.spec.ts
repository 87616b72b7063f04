import { haltTrading } from '../trading-control/trading-control';
import { executeDecisions } from '../execute-decisions/execute-decisions';
import { monitorOrders } from '../monitor-orders/monitor-orders';
import { monitorPositions } from '../monitor-positions/monitor-positions';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '../testing/workflow-fixture';
import { tradingStatus } from './trading-status';

let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

describe('tradingStatus', () => {
  it('is empty and active on a fresh journal', async () => {
    expect(await tradingStatus(f.deps)).toEqual({
      asOf: '2025-01-15T14:45:00.000Z',
      halt: { halted: false, reason: null, since: null },
      decisionTable: 'public.analysis_decision',
      pendingDecisions: 0,
      openTrades: [],
      workingOrders: [],
      positions: [],
      unrealizedPnl: '0.00',
      orderEvents: { state: 'off', since: null, degraded: false, detail: expect.stringMatching(/^no trade_updates stream running/) },
    });
  });

  it('shows an entry working, then the position with its OCO, marked to market', async () => {
    await f.seedDecision('S1', 'NVDA', newTradeDecision('NVDA'));
    await f.seedDecision('S2', 'AAPL', newTradeDecision('AAPL'), { approve: false });
    await executeDecisions(f.deps);
    await f.seedDecision('S3', 'MSFT', newTradeDecision('MSFT', { limit_price: 400, stop_loss: { stop_price: 380 }, take_profit: { limit_price: 440 } }));

    const ordered = await tradingStatus(f.deps);
    expect(ordered.pendingDecisions).toBe(1); // S3; S2 is not approved
    expect(ordered.openTrades).toEqual([
      expect.objectContaining({
        symbol: 'NVDA',
        strategy: 'SWING',
        status: 'ORDERED',
        plannedQty: 45,
        plannedEntry: '133.80',
        stopLoss: '124.00',
        takeProfit: '145.50',
        filledQty: null,
      }),
    ]);
    expect(ordered.workingOrders).toEqual([
      expect.objectContaining({
        symbol: 'NVDA',
        role: 'ENTRY',
        side: 'buy',
        qty: 45,
        filledQty: 0,
        limitPrice: '133.80',
        stopPrice: null,
        status: 'pending',
        timeInForce: 'day',
      }),
    ]);

    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);
    f.sim.setPrice('NVDA', '140.00');
    await monitorPositions(f.deps);
    const held = await tradingStatus(f.deps);
    expect(held.openTrades).toEqual([expect.objectContaining({ symbol: 'NVDA', status: 'POSITION', filledQty: 45, entryPrice: '133.80' })]);
    expect(held.workingOrders.map((o) => [o.role, o.qty, o.limitPrice, o.stopPrice, o.timeInForce])).toEqual([
      ['TAKE_PROFIT', 45, '145.50', null, 'gtc'],
      ['STOP_LOSS', 45, null, '124.00', 'gtc'],
    ]);
    expect(held.positions).toEqual([
      {
        tradeId: held.openTrades[0].tradeId,
        symbol: 'NVDA',
        qty: 45,
        avgEntryPrice: '133.80',
        currentPrice: '140.00',
        marketValue: '6300.00',
        unrealizedPnl: '279.00',
        markedAt: '2025-01-15T14:45:00.000Z',
      },
    ]);
    expect(held.unrealizedPnl).toBe('279.00');
  });

  it('shows the halt switch with its reason', async () => {
    await haltTrading(f.deps, { reason: 'earnings week' });
    expect((await tradingStatus(f.deps)).halt).toEqual({ halted: true, reason: 'earnings week', since: '2025-01-15T14:45:00.000Z' });
  });
});
