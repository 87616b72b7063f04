import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './embedded/free-port';
import { reachableByOthers } from './embedded/postgres-binaries';
import { initialiseCluster, startServer } from './embedded/postgres-server';
import { runsAsRoot } from './embedded/postgres-user';
import { isAlive } from './embedded/process-alive';

/** A PostgreSQL server in a local folder for development and the demo: no installation, no credentials. */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so stops it); false when it joined a running one. */
  owned: boolean;
  /** Where the data lives: the requested folder, or a stand-in when running as root (see `usableDataDir`). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Loopback-only development server; the password keeps PostgreSQL's md5/scram auth in play.
const PASSWORD = 'trading-monitor';
export const EMBEDDED_DATABASE = 'trading_monitor';

export interface EmbeddedDatabaseOptions {
  /** Database name on the embedded server (default `trading_monitor`): the demo keeps its own. */
  database?: string;
  /** Drop and recreate that database first: a clean slate for each demo run. */
  fresh?: boolean;
}

/**
 * Starts the embedded server whose data lives in `dataDir` (created on first use, kept between
 * runs), or joins it when another process of the product already runs it.
 */
export async function startEmbeddedDatabase(requestedDataDir: string, options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const database = options.database ?? EMBEDDED_DATABASE;
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`Not a plain database name: ${database}`);
  const dataDir = await usableDataDir(resolve(requestedDataDir));
  await mkdir(dirname(dataDir), { recursive: true });
  const release = await lock(`${dataDir}.lock`);
  try {
    const running = await runningServerPort(dataDir);
    if (running) {
      await prepareDatabase(running, database, options.fresh ?? false);
      return { url: urlFor(running, database), owned: false, dataDir, stop: async () => undefined };
    }

    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialiseCluster({ dataDir, user: USER, password: PASSWORD });
    const server = await startServer({ dataDir, port: await freePort(), user: USER, password: PASSWORD });
    await prepareDatabase(server.port, database, options.fresh ?? false);
    return { url: urlFor(server.port, database), owned: true, dataDir, stop: () => server.stop() };
  } finally {
    await release();
  }
}

/**
 * PostgreSQL will not run as root, so as root the server runs as the user `postgres`,
 * which must be able to reach the data folder. When a parent folder shuts other users out (a
 * `mktemp -d` checkout, /root), the data goes to a fixed stand-in under /var/tmp instead, one per
 * requested folder, kept between runs like the original.
 */
export async function usableDataDir(dataDir: string): Promise<string> {
  if (!runsAsRoot() || (await reachableByOthers(dirname(dataDir)))) return dataDir;
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return join('/var/tmp', 'trading-monitor', key, 'postgres');
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function prepareDatabase(port: number, database: string, fresh: boolean): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}

/** The port of a live server on this data folder, from PostgreSQL's own postmaster.pid. */
async function runningServerPort(dataDir: string): Promise<number | undefined> {
  const lines = (await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  // A stale file from a crash names a dead process: PostgreSQL clears it on start.
  return pid && port && isAlive(pid) ? port : undefined;
}

/** A lock file so two processes starting at once do not both initialise or start the server. */
async function lock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path, 'utf8').catch(() => '0'));
      if (holder && !isAlive(holder)) await rm(path, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`Timed out waiting for ${path}: another process is starting the embedded database.`);
}
