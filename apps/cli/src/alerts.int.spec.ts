import { startWebhookReceiver } from '@trading-monitor/alerts/testing';
import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliForTest } from './testing/run-cli';

// Alerts as an operator meets them: ALERT_WEBHOOK_URL set, a command run, a message in the channel.
let db: TestDatabase;
let dataDir: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tm-alerts-'));
  receiver = await startWebhookReceiver();
  env = { DATABASE_URL: db.url, BROKER: 'simulated', DATA_DIR: dataDir, ALERT_WEBHOOK_URL: receiver.url, ALERT_FORMAT: 'slack' };
  expect((await runCliForTest(['db:setup'], env)).code).toBe(0);
});
afterAll(async () => {
  await receiver.close();
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
});

it('tells the channel when trading is halted and resumed', async () => {
  expect((await runCliForTest(['halt', '--reason', 'earnings week'], env)).code).toBe(0);
  expect((await runCliForTest(['resume'], env)).code).toBe(0);
  expect(receiver.bodies).toEqual([
    { text: expect.stringContaining('*Trading halted: earnings week*') },
    { text: expect.stringContaining('*Trading resumed*') },
  ]);
});

it('says in the log when the webhook refuses, without quoting its URL (a credential)', async () => {
  receiver.script({ status: 404 });
  const halted = await runCliForTest(['halt', '--reason', 'maintenance'], env);
  expect(halted.code).toBe(0);
  expect(halted.stderr).toContain(
    'An alert could not be delivered (the webhook answered HTTP 404; check ALERT_WEBHOOK_URL and ALERT_FORMAT): Trading halted: maintenance',
  );
  expect(halted.stderr + halted.stdout).not.toContain('secret-token');
  await runCliForTest(['resume'], env);
});

it('sends nothing for the demo day', async () => {
  const before = receiver.bodies.length;
  const demo = await runCliForTest(['demo', '--json'], { ...env, DATA_DIR: join(dataDir, 'demo') });
  expect(demo.code).toBe(0);
  expect(receiver.bodies.length).toBe(before);
});
