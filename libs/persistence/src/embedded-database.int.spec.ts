import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedDatabase, usableDataDir } from './embedded-database';

// The development database: started on demand in a folder, kept between runs, shared by processes.
const SIGNALS = ['SIGINT', 'SIGTERM', 'beforeExit'];
const listenersAtLoad = SIGNALS.map((event) => process.listenerCount(event)); // before any server was started
let root: string;
beforeAll(async () => (root = await mkdtemp(join(tmpdir(), 'tm-embedded-'))));
afterAll(() => rm(root, { recursive: true, force: true }));

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

it('keeps its data between runs, and a second process joins the running server', async () => {
  const dataDir = join(root, 'postgres');
  const first = await startEmbeddedDatabase(dataDir);
  try {
    expect(first.owned).toBe(true);
    await query(first.url, "CREATE TABLE kept (v TEXT); INSERT INTO kept VALUES ('still here')");

    const second = await startEmbeddedDatabase(dataDir);
    expect(second.owned).toBe(false);
    expect(second.url).toBe(first.url);
    await second.stop(); // a joining process does not stop the server
    expect(await query(first.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
  } finally {
    await first.stop();
  }

  const again = await startEmbeddedDatabase(dataDir);
  try {
    expect(again.owned).toBe(true);
    expect(await query(again.url, 'SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
  } finally {
    await again.stop();
    // as root the data sat in a /var/tmp stand-in of its own: remove it too
    await rm(again.dataDir.startsWith('/var/tmp/') ? join(again.dataDir, '..') : again.dataDir, { recursive: true, force: true });
  }
}, 60_000);

it('leaves signals and exit codes to the application: it installs no handler that could end the process', async () => {
  const db = await startEmbeddedDatabase(join(root, 'signals'));
  try {
    expect(SIGNALS.map((event) => process.listenerCount(event))).toEqual(listenersAtLoad);
  } finally {
    await db.stop();
    await rm(db.dataDir.startsWith('/var/tmp/') ? join(db.dataDir, '..') : db.dataDir, { recursive: true, force: true });
  }
}, 60_000);

it('as root, moves the data out of a folder the postgres user cannot reach', async () => {
  const hidden = join(root, 'postgres'); // mkdtemp makes `root` 0700
  const chosen = await usableDataDir(hidden);
  if (process.getuid?.() === 0) {
    expect(chosen).toMatch(/^\/var\/tmp\/trading-monitor\/[0-9a-f]{12}\/postgres$/);
    expect(await usableDataDir(hidden)).toBe(chosen); // stable between runs
  } else {
    expect(chosen).toBe(hidden);
  }
  expect(await usableDataDir('/tmp/x/postgres')).toBe('/tmp/x/postgres');
});

it('keeps a separate database when asked, and starts it afresh on request (the demo)', async () => {
  const dataDir = join(root, 'shared');
  const main = await startEmbeddedDatabase(dataDir);
  try {
    const demo = await startEmbeddedDatabase(dataDir, { database: 'trading_monitor_demo' });
    expect(demo.url).toMatch(/\/trading_monitor_demo$/);
    await query(demo.url, 'CREATE TABLE leftover (v INT)');
    const again = await startEmbeddedDatabase(dataDir, { database: 'trading_monitor_demo', fresh: true });
    expect(await query(again.url, "SELECT to_regclass('public.leftover') AS t")).toEqual([{ t: null }]);
    expect(main.url).toMatch(/\/trading_monitor$/);
  } finally {
    await main.stop();
    await rm(main.dataDir.startsWith('/var/tmp/') ? join(main.dataDir, '..') : main.dataDir, { recursive: true, force: true });
  }
}, 60_000);
