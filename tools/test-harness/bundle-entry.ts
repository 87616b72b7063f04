import { buildSync } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** Inside the checkout, so the bundle's `require('typeorm')` finds the workspace's node_modules. */
const OUT_DIR = join(ROOT, 'tmp', 'test-bundles');

/**
 * Bundles a TypeScript entry point into one CommonJS file, as the apps' `build` targets do (esbuild,
 * packages external), and returns its path for `node <path>`. A spec that starts processes pays
 * esbuild once (well under a second) instead of tsx compiling the whole graph in every process
 * (about 3.5 s of CPU each). Paths are relative to the workspace root.
 */
export function bundleEntry(entry: string, tsconfig: string): string {
  // One file per entry and test process: parallel test runs never write each other's bundle.
  const outfile = join(OUT_DIR, `${basename(entry, '.ts')}-${process.pid}.cjs`);
  buildSync({
    entryPoints: [join(ROOT, entry)],
    tsconfig: join(ROOT, tsconfig),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    outfile,
  });
  removeOrphans();
  return outfile;
}

/** Bundles (about 1.5 MB each) of test processes that have ended: removed, so checkouts do not fill up. */
function removeOrphans(): void {
  for (const file of existsSync(OUT_DIR) ? readdirSync(OUT_DIR) : []) {
    const pid = Number(/-(\d+)\.cjs$/.exec(file)?.[1]);
    if (pid && !isRunning(pid)) rmSync(join(OUT_DIR, file), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
