import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProcessOwner {
  uid?: number;
  gid?: number;
}

export function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Who the server runs as. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * user, created (with its group) when the system has none. Otherwise as ourselves.
 */
export async function postgresOwner(): Promise<ProcessOwner> {
  if (!runsAsRoot()) return {};
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', 'postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']).catch(() => undefined);
    return ids();
  }
}
