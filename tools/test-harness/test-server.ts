// A throwaway PostgreSQL for a test run (or a benchmark): a free loopback port, a fresh temp folder
// deleted on stop. A server left by a run killed outright (SIGKILL, power loss) is found by its
// owner file and stopped at the start of the next run.
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Persistence's testing door by path, not by @trading-monitor/persistence/testing: Jest loads its
// globalSetup (global-setup.ts → this file) with Node's own require, which knows no tsconfig paths.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { freePort, initialiseCluster, isAlive, startServer } from '../../libs/persistence/src/testing';

const PREFIX = 'trading-monitor-test-pg-';
const PASSWORD = 'test';

export interface TestServer {
  adminUrl: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  await stopOrphans();
  const root = await mkdtemp(join(tmpdir(), PREFIX));
  await chmod(root, 0o755); // as root the server runs as the postgres user, which must get in
  await writeFile(join(root, 'owner.pid'), String(process.pid));
  const dataDir = join(root, 'data');
  try {
    await initialiseCluster({ dataDir, user: 'postgres', password: PASSWORD });
    const server = await startServer({
      dataDir,
      port: await freePort(),
      user: 'postgres',
      password: PASSWORD,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
    });
    return {
      adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${server.port}/postgres`,
      async stop() {
        await server.stop();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`The test PostgreSQL server did not start: ${(error as Error).message}`, { cause: error });
  }
}

async function stopOrphans(): Promise<void> {
  for (const dir of (await readdir(tmpdir())).filter((name) => name.startsWith(PREFIX))) {
    const root = join(tmpdir(), dir);
    const owner = Number(await readFile(join(root, 'owner.pid'), 'utf8').catch(() => 0));
    if (owner && isAlive(owner)) continue; // another test run still uses it
    const postmaster = Number((await readFile(join(root, 'data', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (postmaster && isAlive(postmaster)) {
      process.kill(postmaster, 'SIGQUIT');
      for (let i = 0; i < 100 && isAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 50));
    }
    await rm(root, { recursive: true, force: true });
  }
}
