import { Money, Price } from '@trading-monitor/domain';
import type { DataSource } from 'typeorm';
import { useTestDataSource } from '@trading-monitor/test-harness';
import { AnalysisDecision } from './analysis-decision.entity';
import { ExecutionLog } from './execution-log.entity';
import { OrderExecution } from './order-execution.entity';
import { OrderFill } from './order-fill.entity';
import { PositionTracking } from './position-tracking.entity';
import { TradeAdjustment } from './trade-adjustment.entity';
import { TradeJournal } from './trade-journal.entity';
import { TradingControl } from './trading-control.entity';

let dataSource: DataSource;
useTestDataSource((opened) => (dataSource = opened));

async function roundTrip<T extends object>(entity: new () => T, values: Partial<T>, key: Partial<T>): Promise<T> {
  const repository = dataSource.getRepository(entity);
  await repository.insert(values as never);
  return repository.findOneByOrFail(key as never);
}

async function shown(tradeId: string): Promise<Record<string, string | null>> {
  const [row] = await dataSource.query('SELECT * FROM trade_journal WHERE trade_id = $1', [tradeId]);
  return row;
}

describe('entities round-trip through PostgreSQL', () => {
  it('analysis_decision, with the decision as JSON and the four product columns', async () => {
    const decision = { symbol: 'NVDA', primary_action: 'NEW_TRADE', new_trade: { limit_price: 133.8 } };
    const row = await roundTrip(
      AnalysisDecision,
      { analysisId: 'A-1', ticker: 'NVDA:NASDAQ', decision, approve: true, date: '2025-01-15', existingTradeJournalId: 7 },
      { analysisId: 'A-1' },
    );
    expect(row).toMatchObject({ ticker: 'NVDA:NASDAQ', decision, approve: true, date: '2025-01-15', executed: false, existingTradeJournalId: 7 });
    expect(row.dateTime).toBeInstanceOf(Date);
  });

  it('trade_journal keeps 133.80 as exactly 133.80 and P&L to the cent', async () => {
    const row = await roundTrip(
      TradeJournal,
      {
        tradeId: 'NVDA-1',
        symbol: 'NVDA',
        tradeStyle: 'SWING',
        plannedEntry: Price.of('133.80'),
        plannedStopLoss: Price.of('124.00'),
        plannedTakeProfit: Price.of(145.5),
        plannedQty: 45,
        actualPnl: Money.of('-441.00'),
        exitDate: '2025-01-16',
      },
      { tradeId: 'NVDA-1' },
    );
    expect(row.plannedEntry?.toString()).toBe('133.80');
    expect(row.plannedStopLoss.toString()).toBe('124.00');
    expect(row.plannedTakeProfit?.toString()).toBe('145.50');
    expect(row.actualPnl?.toCents()).toBe('-441.00');
    expect(row).toMatchObject({ status: 'ORDERED', daysOpen: 0, exitDate: '2025-01-16' });
  });

  it('keeps a price exact, shows it rounded half-even in the DECIMAL(10,2) column, and rounds money once on the way in', async () => {
    const row = await roundTrip(
      TradeJournal,
      { tradeId: 'R-1', symbol: 'X', tradeStyle: 'TREND', plannedStopLoss: Price.of('10.125'), plannedQty: 1, actualPnl: Money.of('-0.125') },
      { tradeId: 'R-1' },
    );
    expect(row.plannedStopLoss.toString()).toBe('10.125');
    expect(row.actualPnl?.toCents()).toBe('-0.12');
    expect(await shown('R-1')).toMatchObject({ planned_stop_loss: '10.12', planned_stop_loss_exact: '10.125' });
  });

  describe('prices under $1', () => {
    const subDollar = { symbol: 'SUBD', tradeStyle: 'SWING' as const, plannedQty: 1000 };

    it('keeps 0.8460 / 0.8123 / 0.9100 exact, and NocoDB shows them in cents', async () => {
      const row = await roundTrip(
        TradeJournal,
        {
          ...subDollar,
          tradeId: 'S-1',
          plannedEntry: Price.of('0.8460'),
          plannedStopLoss: Price.of('0.8123'),
          plannedTakeProfit: Price.of('0.9100'),
          currentStopLoss: Price.of('0.0042'),
        },
        { tradeId: 'S-1' },
      );
      expect([row.plannedEntry, row.plannedStopLoss, row.plannedTakeProfit, row.currentStopLoss].map(String)).toEqual(['0.846', '0.8123', '0.91', '0.0042']);
      expect(row.unloadable).toBeNull();
      expect(await shown('S-1')).toMatchObject({ planned_entry: '0.85', planned_stop_loss: '0.81', planned_take_profit: '0.91', current_stop_loss: '0.00' });
    });

    it('writes the shown column with every update, however it is made', async () => {
      await dataSource.getRepository(TradeJournal).insert({ ...subDollar, tradeId: 'S-2', plannedStopLoss: Price.of('0.8123') });
      await dataSource.getRepository(TradeJournal).update({ tradeId: 'S-2' }, { currentStopLoss: Price.of('0.8455') });
      expect(await shown('S-2')).toMatchObject({ current_stop_loss: '0.85', current_stop_loss_exact: '0.8455' });
      const row = await dataSource.getRepository(TradeJournal).findOneByOrFail({ tradeId: 'S-2' });
      row.currentStopLoss = Price.of('0.8011');
      await dataSource.getRepository(TradeJournal).save(row);
      expect(await shown('S-2')).toMatchObject({ current_stop_loss: '0.80', current_stop_loss_exact: '0.8011' });
    });

    it('takes the shown value when a person changed it in NocoDB, or when no exact value was ever written', async () => {
      await dataSource
        .getRepository(TradeJournal)
        .insert({ ...subDollar, tradeId: 'S-3', plannedStopLoss: Price.of('0.8123'), currentStopLoss: Price.of('0.8123') });
      await dataSource.query(`UPDATE trade_journal SET current_stop_loss = 0.79, planned_stop_loss_exact = NULL WHERE trade_id = 'S-3'`);
      const row = await dataSource.getRepository(TradeJournal).findOneByOrFail({ tradeId: 'S-3' });
      expect(row.currentStopLoss?.toString()).toBe('0.79');
      expect(row.plannedStopLoss.toString()).toBe('0.81');
    });

    it('marks a row with a 0.00 stop and no exact value unloadable, without failing the query that reads it', async () => {
      await dataSource.getRepository(TradeJournal).insert({ ...subDollar, tradeId: 'S-4', plannedStopLoss: Price.of('0.8123') });
      await dataSource.query(`UPDATE trade_journal SET planned_stop_loss = 0.00, planned_stop_loss_exact = NULL WHERE trade_id = 'S-4'`);
      const rows = await dataSource.getRepository(TradeJournal).find({ where: { symbol: 'SUBD' }, order: { id: 'ASC' } });
      expect(rows.length).toBeGreaterThan(1);
      const bad = rows.find((r) => r.tradeId === 'S-4');
      expect(bad?.unloadable).toMatch(/^trade_journal row \d+ \(S-4, SUBD\): planned_stop_loss is 0\.00, not a price\. Correct it in NocoDB/);
      expect(rows.filter((r) => r.tradeId !== 'S-4').every((r) => r.unloadable === null)).toBe(true);
    });
  });

  it('order_execution', async () => {
    const row = await roundTrip(
      OrderExecution,
      {
        tradeJournalId: 1,
        analysisDecisionId: 'A-1',
        alpacaOrderId: 'b0b6dd9d',
        clientOrderId: 'tm-A-1-entry-1',
        orderType: 'ENTRY',
        side: 'buy',
        timeInForce: 'day',
        qty: 45,
        limitPrice: Price.of('133.80'),
        filledQty: 20,
        filledAvgPrice: Price.of('133.79'),
      },
      { alpacaOrderId: 'b0b6dd9d' },
    );
    expect(row).toMatchObject({ orderStatus: 'pending', qty: 45, filledQty: 20 });
    expect(row.limitPrice?.toString()).toBe('133.80');
    expect(row.filledAvgPrice?.toString()).toBe('133.79');
  });

  it('refuses a second row for the same broker order', async () => {
    const values = { tradeJournalId: 2, alpacaOrderId: 'dup-1', orderType: 'ENTRY' as const, side: 'buy' as const, timeInForce: 'day' as const, qty: 1 };
    await dataSource.getRepository(OrderExecution).insert(values);
    await expect(dataSource.getRepository(OrderExecution).insert(values)).rejects.toThrow(/uq_order_execution_alpaca_order_id/);
  });

  it('position_tracking', async () => {
    const row = await roundTrip(
      PositionTracking,
      {
        tradeJournalId: 1,
        symbol: 'NVDA',
        qty: 45,
        avgEntryPrice: Price.of('133.80'),
        currentPrice: Price.of('140.10'),
        marketValue: Money.of('6304.50'),
        costBasis: Money.of('6021.00'),
        unrealizedPnl: Money.of('283.50'),
        stopLossOrderId: 'sl-1',
      },
      { tradeJournalId: 1 },
    );
    expect(row.marketValue.toCents()).toBe('6304.50');
    expect(row.unrealizedPnl?.toCents()).toBe('283.50');
    expect(row.currentPrice.toString()).toBe('140.10');
  });

  it('trade_adjustments', async () => {
    const row = await roundTrip(
      TradeAdjustment,
      { tradeJournalId: 1, adjustmentType: 'ADJUST_STOP_LOSS', oldStopLoss: Price.of('124.00'), newStopLoss: Price.of('130.00'), reason: 'trail' },
      { tradeJournalId: 1 },
    );
    expect(row.newStopLoss?.toString()).toBe('130.00');
    expect(row.executed).toBe(false);
  });

  it('order_fill keeps the broker average price exactly', async () => {
    const row = await roundTrip(
      OrderFill,
      { orderExecutionId: 9, alpacaOrderId: 'o-9', filledQty: 45, filledAvgPrice: Price.of('133.8055555555555556') },
      { orderExecutionId: 9 },
    );
    expect(row.filledAvgPrice.toMoney().toString()).toBe('133.8055555555555556');
  });

  it('execution_log and trading_control', async () => {
    const log = await roundTrip(
      ExecutionLog,
      {
        job: 'execute-decisions',
        action: 'decision.refuse',
        outcome: 'refused',
        message: 'qty must be a whole number',
        analysisDecisionId: 'A-9',
        details: { problems: ['x'] },
      },
      { analysisDecisionId: 'A-9' },
    );
    expect(log).toMatchObject({ outcome: 'refused', details: { problems: ['x'] } });
    const control = await dataSource.getRepository(TradingControl).findOneByOrFail({ id: 1 });
    expect(control.halted).toBe(false);
  });
});
