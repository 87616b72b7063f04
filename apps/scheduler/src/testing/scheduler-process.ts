import { spawn, type ChildProcess } from 'node:child_process';
import { bundleEntry } from '@trading-monitor/test-harness';

let bundled: string | undefined;

/** The scheduler built as its `build` target builds it (esbuild), once per test process. */
export function schedulerBundle(): string {
  return (bundled ??= bundleEntry('apps/scheduler/src/main.ts', 'apps/scheduler/tsconfig.exec.json'));
}

/** A scheduler process on a test database, and the URL its /health and /metrics answer on. */
export interface SchedulerProcess {
  child: ChildProcess;
  url: string;
}

/**
 * Starts the scheduler (bundled apps/scheduler/src/main.ts) in `folder` with this environment beside
 * DATA_DIR, DATABASE_URL and METRICS_PORT=0, and waits for its `telemetry.listening` event.
 */
export async function startSchedulerProcess(databaseUrl: string, folder: string, env: Record<string, string> = {}): Promise<SchedulerProcess> {
  const child = spawn(process.execPath, ['--enable-source-maps', schedulerBundle()], {
    cwd: folder,
    env: {
      PATH: process.env['PATH'],
      DATA_DIR: folder,
      DATABASE_URL: databaseUrl,
      METRICS_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`No telemetry.listening event within 25 s:\n${stderr}`)), 25_000);
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
      const found = /"event":"telemetry\.listening","url":"([^"]+)"/.exec(stderr);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    });
  });
  return { child, url };
}
