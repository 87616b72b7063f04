import { createAlertNotifier } from './alert-notifier';
import { startWebhookReceiver } from './testing/webhook-receiver';

const closed = {
  level: 30,
  time: '2025-01-14T19:20:00.000Z',
  event: 'trade.closed',
  tradeId: 'T-1',
  symbol: 'NVDA',
  reason: 'TARGET_HIT',
  pnl: '526.50',
  r: '1.19',
};
const fast = { backoffMs: 5, timeoutMs: 500 };

describe('createAlertNotifier', () => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeEach(async () => (receiver = await startWebhookReceiver()));
  afterEach(() => receiver.close());

  it('posts a plain JSON document for an event worth an alert, and nothing for the rest', async () => {
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, sender: fast });
    notifier.observe({ event: 'monitor-orders.done', synced: 2 });
    notifier.observe(closed);
    await notifier.flush();
    expect(receiver.bodies).toEqual([
      expect.objectContaining({
        source: 'trading-monitor',
        event: 'trade.closed',
        severity: 'info',
        title: 'NVDA closed: TARGET_HIT, P&L +526.50 (+1.19R)',
        reminder: false,
      }),
    ]);
    expect(notifier.sent).toBe(1);
  });

  it.each([
    ['slack', { text: expect.stringContaining('*NVDA closed: TARGET_HIT, P&L +526.50 (+1.19R)*') }],
    ['discord', { content: expect.stringContaining('**NVDA closed: TARGET_HIT, P&L +526.50 (+1.19R)**') }],
  ] as const)('speaks %s', async (format, expected) => {
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, format, sender: fast });
    notifier.observe(closed);
    await notifier.flush();
    expect(receiver.bodies).toEqual([expected]);
  });

  it('returns at once while the webhook is slow: a job never waits for it', async () => {
    receiver.script('hang');
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, sender: { ...fast, attempts: 1, timeoutMs: 300 } });
    const started = Date.now();
    notifier.observe(closed);
    expect(Date.now() - started).toBeLessThan(50);
    await notifier.flush();
  });

  it('retries a 500 and a 429 with backoff, then delivers', async () => {
    receiver.script({ status: 500 }, { status: 429, retryAfter: 0 });
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, sender: fast });
    notifier.observe(closed);
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(1);
  });

  it('gives up on a 4xx at once and reports it without the webhook URL (a credential)', async () => {
    receiver.script({ status: 404 });
    const undelivered: string[] = [];
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, sender: fast, onUndelivered: (_alert, problem) => undelivered.push(problem) });
    notifier.observe(closed);
    await notifier.flush();
    expect(undelivered).toEqual(['the webhook answered HTTP 404; check ALERT_WEBHOOK_URL and ALERT_FORMAT']);
    expect(undelivered.join()).not.toContain('secret-token');
  });

  it('sends the same alarm of twelve 5-minute runs once', async () => {
    let now = 0;
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, sender: fast, now: () => now });
    for (let run = 0; run < 12; run++, now += 5 * 60_000)
      notifier.observe({ event: 'protection.alarm', tradeId: 'T-9', symbol: 'AMD', msg: 'ALARM: AMD: 45 shares are NOT protected.' });
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(1);
  });

  it('says the broker is unreachable once it failed three runs in a row, not after a blip', async () => {
    const notifier = createAlertNotifier({ webhookUrl: receiver.url, sender: fast });
    const down = { event: 'monitor-orders.broker-unavailable', msg: 'The broker could not be read (timeout).' };
    notifier.observe(down);
    notifier.observe(down);
    notifier.observe({ event: 'monitor-orders.done' });
    notifier.observe(down);
    notifier.observe(down);
    await notifier.flush();
    expect(receiver.bodies).toHaveLength(0);
    notifier.observe(down);
    await notifier.flush();
    expect(receiver.bodies).toEqual([expect.objectContaining({ event: 'broker.unreachable', title: 'Broker unreachable for 3 runs in a row' })]);
  });

  it('does nothing without a URL', async () => {
    const notifier = createAlertNotifier({});
    notifier.observe(closed);
    await notifier.flush();
    expect(notifier.sent).toBe(0);
  });
});
