import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDataSource, setupDatabase } from '@trading-monitor/persistence';
import { createTestDatabase, startTestServer } from '@trading-monitor/test-harness';
import { formatMs } from './table';

const ROOT = resolve(__dirname, '../..');
const BUILT = 'dist/apps/cli/main.js';
/** Enough for one command through a cold Nx on a busy machine; a hung command fails the bench instead of stalling it. */
const COMMAND_TIMEOUT_MS = 120_000;

export interface CommandLatency {
  /** The CLI's arguments, as an operator types them after `--`. */
  args: readonly string[];
  /** `npx nx run cli:exec -- <args>`: the README's way, Nx included. Median wall time. */
  throughNxMs: number;
  /** `node dist/apps/cli/main.js <args>`: the built program, as services run it. Median wall time. */
  builtMs: number;
}

export interface CliLatency {
  runs: number;
  commands: CommandLatency[];
  /** How Nx ran: its daemon computes the project graph once and answers every later call from memory. */
  nxDaemon: string;
}

/**
 * Wall time from starting the operator's command to its exit, on a database set up for the product
 * and the simulated broker: `--help` (no database) and `status` (reads the journal and the broker).
 * Each path runs once unmeasured first (Nx's build cache, the OS's file cache), then `runs` times.
 */
export async function benchCliLatency(adminUrl: string, runs = 3): Promise<CliLatency> {
  const database = await createTestDatabase(adminUrl);
  const dataDir = await mkdtemp(join(tmpdir(), 'tm-bench-cli-'));
  try {
    const dataSource = await createDataSource(database.url).initialize();
    try {
      await setupDatabase(dataSource, { production: false });
    } finally {
      await dataSource.destroy();
    }
    const env = { ...process.env, DATABASE_URL: database.url, BROKER: 'simulated', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    const commands: CommandLatency[] = [];
    for (const args of [['--help'], ['status']]) {
      const throughNx = () => timed('npx', ['nx', 'run', 'cli:exec', '--', ...args], env);
      const built = () => timed(process.execPath, [BUILT, ...args], env);
      await throughNx();
      await built();
      commands.push({ args, throughNxMs: await medianOf(runs, throughNx), builtMs: await medianOf(runs, built) });
    }
    return { runs, commands, nxDaemon: process.env['NX_DAEMON'] ?? 'default' };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}

export function describeCliLatency(latency: CliLatency): string[] {
  return [
    `CLI latency per command, from start to exit, median of ${latency.runs} (NX_DAEMON=${latency.nxDaemon}):`,
    ...latency.commands.map((c) => {
      const shown = c.args.join(' ');
      return `  ${shown.padEnd(8)} through Nx (npx nx run cli:exec -- ${shown}) ${formatMs(c.throughNxMs)}; built (node ${BUILT} ${shown}) ${formatMs(c.builtMs)}`;
    }),
  ];
}

async function medianOf(runs: number, run: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await run());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Runs a command to its exit and returns its wall time; a failure stops the bench with its output. */
function timed(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((done, fail) => {
    execFile(file, args, { cwd: ROOT, env, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`${file} ${args.join(' ')} failed (${error.message}):\n${stdout}\n${stderr}`));
      else done(performance.now() - started);
    });
  });
}

// `npx tsx --tsconfig tsconfig.base.json tools/bench/cli-latency.bench.ts`: this part of the bench alone.
if (require.main === module) {
  void (async () => {
    const server = await startTestServer();
    try {
      console.log(describeCliLatency(await benchCliLatency(server.adminUrl)).join('\n'));
    } finally {
      await server.stop();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
