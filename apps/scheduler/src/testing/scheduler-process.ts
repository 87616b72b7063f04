import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../../../..');
const MAIN = join(ROOT, 'apps/scheduler/src/main.ts');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A scheduler process on a test database, and the URL its /health and /metrics answer on. */
export interface SchedulerProcess {
  child: ChildProcess;
  url: string;
}

/**
 * Starts the scheduler (apps/scheduler/src/main.ts under tsx) in `folder` with this environment beside
 * DATA_DIR, DATABASE_URL and METRICS_PORT=0, and waits for its `telemetry.listening` event.
 */
export async function startSchedulerProcess(databaseUrl: string, folder: string, env: Record<string, string> = {}): Promise<SchedulerProcess> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd: folder,
    env: {
      PATH: process.env['PATH'],
      TSX_TSCONFIG_PATH: join(ROOT, 'apps/scheduler/tsconfig.exec.json'),
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
