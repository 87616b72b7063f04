import { buildSync } from 'esbuild';
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
  return outfile;
}
