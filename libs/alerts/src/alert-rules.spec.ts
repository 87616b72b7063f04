import { alertOf } from './alert-rules';

describe('alertOf', () => {
  it('reads a closed trade as a headline with P&L and R', () => {
    const alert = alertOf({
      level: 30,
      time: '2025-01-14T19:20:00.000Z',
      event: 'trade.closed',
      tradeId: 'T-1',
      symbol: 'NVDA',
      reason: 'TARGET_HIT',
      pnl: '526.50',
      r: '1.19',
      exitPrice: '145.50',
    });
    expect(alert).toMatchObject({
      key: 'trade.closed:T-1',
      severity: 'info',
      title: 'NVDA closed: TARGET_HIT, P&L +526.50 (+1.19R)',
      at: '2025-01-14T19:20:00.000Z',
      fields: { tradeId: 'T-1', symbol: 'NVDA', reason: 'TARGET_HIT', pnl: '526.50', r: '1.19', exitPrice: '145.50' },
    });
  });

  it('keeps a loss signed once', () => {
    expect(alertOf({ event: 'trade.closed', symbol: 'TSLA', reason: 'STOPPED_OUT', pnl: '-134.10' })?.title).toBe('TSLA closed: STOPPED_OUT, P&L -134.10');
  });

  it('uses the log message as the text of an alarm, keyed by trade', () => {
    const alert = alertOf({
      event: 'protection.alarm',
      tradeId: 'T-2',
      symbol: 'AMD',
      msg: 'ALARM: AMD: 45 shares are NOT protected: the broker refused the stop.',
    });
    expect(alert).toMatchObject({
      key: 'protection.alarm:T-2',
      severity: 'critical',
      text: 'ALARM: AMD: 45 shares are NOT protected: the broker refused the stop.',
    });
  });

  it('ignores events nobody needs to hear about, and a clean reconcile', () => {
    expect(alertOf({ event: 'monitor-orders.done', synced: 3 })).toBeNull();
    expect(alertOf({ msg: 'no event at all' })).toBeNull();
    expect(alertOf({ event: 'reconcile.done', clean: true })).toBeNull();
    expect(alertOf({ event: 'reconcile.done', clean: false })?.severity).toBe('warning');
  });

  it('leaves objects (errors, lists) out of the fields', () => {
    const alert = alertOf({ event: 'job.failed', job: 'monitor-orders', err: { message: 'boom' }, problems: ['a'] });
    expect(alert?.fields).toEqual({ job: 'monitor-orders' });
    expect(alert?.key).toBe('job.failed:monitor-orders');
  });
});

describe('alertOf for the broker changing the plan', () => {
  it.each([
    ['protection.exit-through-stop', 'NVDA: market through the stop, shares exited at the market'],
    ['trade.freeze', 'NVDA: trade frozen for a person (split or quantity change)'],
    ['trade.unloadable', 'NVDA: trade T-1 cannot be read from the journal'],
  ])('%s is critical', (event, title) => {
    expect(alertOf({ event, tradeId: 'T-1', symbol: 'NVDA' })).toMatchObject({ severity: 'critical', title, key: `${event}:T-1` });
  });
});
