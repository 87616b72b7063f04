import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// The README's first command for the scheduler, `npx nx run scheduler:serve`: when the scheduler
// fails, Nx must say so and exit non-zero (a `continuous` target once reported "Successfully ran").
const ROOT = resolve(__dirname, '../../..');
/** What `npx nx` runs. */
const NX = join(ROOT, 'node_modules/.bin/nx');
/** Nx boots in a few seconds and builds from its cache; the scheduler fails at its first connection. */
const KILL_AFTER_MS = 100_000;

let folder: string;
beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'scheduler-serve-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('nx run scheduler:serve', () => {
  it(
    'reports the scheduler failing and exits non-zero',
    async () => {
      const { code, output } = await serve({ DATABASE_URL: 'postgres://x:y@127.0.0.1:1/db' });
      expect(output).toContain('The scheduler stopped on an error: connect ECONNREFUSED 127.0.0.1:1');
      expect(output).not.toContain('Successfully ran target serve');
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
    },
    KILL_AFTER_MS + 10_000,
  );
});

/** Runs the target in its own process group, killed whole if it outlives KILL_AFTER_MS: this test cannot hang. */
function serve(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  // Only what the outer run has that is not Nx's or Jest's: an Nx task's variables would make this a nested task.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(NX_|JEST_)/.test(name)));
  const child = spawn(process.execPath, [NX, 'run', 'scheduler:serve'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...inherited,
      // No daemon left behind; Nx's plugins loaded in its own process, not five workers (1.8 s of CPU, not 4.5 s).
      NX_DAEMON: 'false',
      NX_ISOLATE_PLUGINS: 'false',
      NX_TUI: 'false',
      // Offline and self-contained, whatever the checkout's .env says.
      BROKER: 'simulated',
      DATA_DIR: folder,
      METRICS_PORT: 'off',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), KILL_AFTER_MS);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}
