import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinaries } from './postgres-binaries';
import { postgresOwner, type ProcessOwner } from './postgres-user';

export interface PostgresServer {
  port: number;
  /** Stops the server (fast shutdown) and waits for it; does nothing when it is gone already. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
}

/** Creates the cluster in `dataDir` (initdb). The folder must not hold one yet. */
export async function initialiseCluster(options: Pick<ServerOptions, 'dataDir' | 'user' | 'password'>): Promise<void> {
  const bin = join(await postgresBinaries(), 'bin');
  const owner = await postgresOwner();
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  await ownedBy(options.dataDir, owner);
  const secretDir = await mkdtemp(join(tmpdir(), 'trading-monitor-initdb-'));
  const passwordFile = join(secretDir, 'password');
  try {
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
    await ownedBy(secretDir, owner);
    await ownedBy(passwordFile, owner);
    await runToEnd(
      spawn(
        join(bin, 'initdb'),
        [`--pgdata=${options.dataDir}`, '--auth=password', `--username=${options.user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--no-locale'],
        { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
      ),
      'initdb',
    );
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

/**
 * Starts the server on loopback and resolves once it accepts connections. The server is a child of
 * this process: it is told to stop when this process exits, whatever the way.
 */
export async function startServer(options: ServerOptions): Promise<PostgresServer> {
  const bin = join(await postgresBinaries(), 'bin');
  const owner = await postgresOwner();
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const args = ['-D', options.dataDir, '-p', String(options.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(join(bin, 'postgres'), args, { ...owner, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        child.stderr?.resume(); // keep draining, or a chatty server would block on a full pipe
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`PostgreSQL did not start (exit ${code ?? signal}): ${output.trim()}`)));
  });
  const onExit = () => child.exitCode === null && child.signalCode === null && child.kill('SIGINT');
  process.on('exit', onExit);
  return {
    port: options.port,
    async stop() {
      process.off('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT'); // fast shutdown: open transactions roll back, data stays consistent
      await exited;
    },
  };
}

async function ownedBy(path: string, owner: ProcessOwner): Promise<void> {
  if (owner.uid === undefined || owner.gid === undefined) return;
  await chown(path, owner.uid, owner.gid);
}

function runToEnd(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} failed (exit ${code}): ${output.trim()}`))));
  });
}
