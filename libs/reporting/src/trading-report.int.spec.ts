import { Money, Price } from '@trading-monitor/domain';
import { TradeJournal } from '@trading-monitor/persistence';
import { executeDecisions, monitorOrders } from '@trading-monitor/workflows';
import { createWorkflowFixture, newTradeDecision, type WorkflowFixture } from '@trading-monitor/workflows/testing';
import { tradingReport } from './trading-report';

let f: WorkflowFixture;
beforeEach(async () => (f = await createWorkflowFixture()));
afterEach(() => f.close());

async function closedTrade(tradeId: string, fields: Partial<TradeJournal>): Promise<void> {
  const trades = f.dataSource.getRepository(TradeJournal);
  await trades.save(
    trades.create({
      tradeId,
      symbol: 'NVDA',
      tradeStyle: 'SWING',
      status: 'CLOSED',
      plannedEntry: Price.of('100'),
      plannedStopLoss: Price.of('90'),
      plannedQty: 10,
      actualEntry: Price.of('100'),
      actualQty: 10,
      exitPrice: Price.of('110'),
      actualPnl: Money.of('100'),
      exitReason: 'TARGET_HIT',
      exitDate: '2025-01-15',
      ...fields,
    }),
  );
}

describe('tradingReport', () => {
  it('takes the trades closed within the range, both ends included, and nothing else', async () => {
    await closedTrade('before', { exitDate: '2024-12-31', actualPnl: Money.of('1000') });
    await closedTrade('first-day', { exitDate: '2025-01-01', actualPnl: Money.of('-50') });
    await closedTrade('last-day', { exitDate: '2025-01-31', actualPnl: Money.of('100') });
    await closedTrade('after', { exitDate: '2025-02-01', actualPnl: Money.of('1000') });
    await closedTrade('cancelled', { status: 'CANCELLED', exitReason: 'CANCELLED', exitDate: '2025-01-10', actualPnl: null, actualQty: null, exitPrice: null });

    const report = await tradingReport(f.deps, { from: '2025-01-01', to: '2025-01-31' });
    expect(report.trades.map((t) => t.tradeId)).toEqual(['first-day', 'last-day']);
    expect(report.totals).toEqual({ key: 'ALL', trades: 2, wins: 1, losses: 1, winRatePercent: '50.0', realizedPnl: '50.00', averageR: '0.25' });
  });

  it('measures a market entry’s risk from its actual entry', async () => {
    await closedTrade('market', { plannedEntry: null, actualEntry: Price.of('95'), plannedStopLoss: Price.of('90'), actualPnl: Money.of('-50') });
    expect((await tradingReport(f.deps, { from: '2025-01-15', to: '2025-01-15' })).trades[0]).toMatchObject({ tradeId: 'market', pnl: '-50.00', r: '-1.00' });
  });

  it('reports a trade the jobs closed, to the cent, by symbol and strategy', async () => {
    await f.seedDecision('R1', 'NVDA', newTradeDecision('NVDA'));
    await executeDecisions(f.deps);
    f.sim.setPrice('NVDA', '133.80');
    await monitorOrders(f.deps);
    f.sim.setPrice('NVDA', '124.00');
    await monitorOrders(f.deps);

    const report = await tradingReport(f.deps, { from: '2025-01-15', to: '2025-01-15' });
    expect(report.trades).toEqual([
      {
        tradeId: expect.stringMatching(/^NVDA-20250115-/),
        symbol: 'NVDA',
        strategy: 'SWING',
        exitDate: '2025-01-15',
        exitReason: 'STOPPED_OUT',
        qty: 45,
        entryPrice: '133.80',
        exitPrice: '124.00',
        pnl: '-441.00',
        r: '-1.00',
      },
    ]);
    expect(report.bySymbol).toEqual([{ key: 'NVDA', trades: 1, wins: 0, losses: 1, winRatePercent: '0.0', realizedPnl: '-441.00', averageR: '-1.00' }]);
    expect(report.byStrategy.map((p) => p.key)).toEqual(['SWING']);
  });
});
