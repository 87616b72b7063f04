import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(__dirname, 'nocodb-local.sh');

/** A NocoDB started by nocodb-local.sh, with what a trader has: the three variables and the ids the UI shows. */
export interface NocodbInstance {
  env: { DATABASE_URL: string; NOCODB_URL: string; NOCODB_API_TOKEN: string };
  baseId: string;
  decisionTableId: string;
  stop(): void;
}

export interface NocodbLayout {
  /** Where this instance keeps its data and log. */
  root: string;
  pgPort: number;
  ncPort: number;
  /** NC_DISABLE_PG_DATA_REFLECTION=true. */
  reflectionOff: boolean;
}

/** Wipes and starts a NocoDB (the tools stay cached): a fresh install with one base and its analysis_decision. */
export function freshNocodb(layout: NocodbLayout): NocodbInstance {
  const env = {
    ...process.env,
    ROOT: layout.root,
    PGPORT: String(layout.pgPort),
    NCPORT: String(layout.ncPort),
    NC_REFLECTION_OFF: layout.reflectionOff ? '1' : '0',
  };
  const run = (command: string) => execFileSync(SCRIPT, [command], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 1_200_000 });
  run('fresh');
  const vars = Object.fromEntries(
    run('env')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const api = join(layout.root, 'api');
  const read = (file: string) => execFileSync('cat', [join(api, file)], { encoding: 'utf8' }).trim();
  return {
    env: { DATABASE_URL: vars['DATABASE_URL']!, NOCODB_URL: vars['NOCODB_URL']!, NOCODB_API_TOKEN: vars['NOCODB_API_TOKEN']! },
    baseId: read('base_id.txt'),
    decisionTableId: read('table_id.txt'),
    stop: () => run('stop'),
  };
}
