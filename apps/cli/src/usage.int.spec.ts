import { createTestDatabase, type TestDatabase } from '@trading-monitor/test-harness';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonOf, runCliForTest } from './testing/run-cli';

// Usage, configuration and setup errors exit 2 before anything runs; unexpected failures exit 1.
// Every message is one readable sentence on standard error, never a stack trace.
let empty: TestDatabase;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  empty = await createTestDatabase(); // never set up
  dataDir = await mkdtemp(join(tmpdir(), 'tm-cli-usage-'));
  env = { DATABASE_URL: empty.url, BROKER: 'simulated', DATA_DIR: dataDir };
});
afterAll(async () => {
  await empty.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const cli = (args: string[], extra: Record<string, string> = {}) => runCliForTest(args, { ...env, ...extra });
const COMMANDS = ['demo', 'execute', 'monitor-orders', 'monitor-positions', 'reconcile', 'status', 'report', 'replay', 'halt', 'resume', 'health', 'db:setup'];
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

describe('--help', () => {
  it('lists every command with a summary, the exit codes and how to start', async () => {
    const help = await cli(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`\\n  ${command} \\[options\\]\\s+\\S`));
    expect(help.stdout).toContain('Exit codes: 0 ok');
    expect(help.stdout).toContain('trading-monitor demo');
  });

  it.each(COMMANDS)('%s --help describes the command, its options and an example', async (command) => {
    const help = await cli([command, '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^Usage: trading-monitor ${command} \\[options\\]\\n\\n\\S`));
    expect(help.stdout).toContain('--json');
    expect(help.stdout).toMatch(new RegExp(`Examples:\\n {2}\\$ trading-monitor ${command}`));
    expect((await cli(['help', command])).stdout).toBe(help.stdout);
  });
});

describe('usage errors exit 2', () => {
  it('no command at all: the help, on standard error', async () => {
    const result = await cli([]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('Usage: trading-monitor [options] [command]');
  });

  it('an unknown command, with a suggestion', async () => {
    const result = await cli(['stauts']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe("error: unknown command 'stauts'\n(Did you mean status?)\n(add --help for usage)\n");
  });

  it('an unknown option, and a missing option value', async () => {
    expect(await cli(['status', '--verbose'])).toMatchObject({ code: 2, stderr: "error: unknown option '--verbose'\n(add --help for usage)\n" });
    expect(await cli(['report', '--from'])).toMatchObject({ code: 2, stderr: "error: option '--from <date>' argument missing\n(add --help for usage)\n" });
    expect(await cli(['execute', 'now'])).toMatchObject({ code: 2 });
  });

  it('a date that is not one, or a range that runs backwards', async () => {
    expect(await cli(['report', '--from', '2025-13-01'])).toEqual({
      code: 2,
      stdout: '',
      stderr: '--from "2025-13-01" is not a date: write it as YYYY-MM-DD, e.g. 2025-01-14.\n',
    });
    expect(await cli(['report', '--to', '14/01/2025'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--to "14/01/2025" is not a date') });
    expect(await cli(['report', '--from', '2025-02-01', '--to', '2025-01-01'])).toMatchObject({
      code: 2,
      stderr: '--from 2025-02-01 is after --to 2025-01-01: the range must run forwards.\n',
    });
  });

  it('with --json, standard output still holds exactly one JSON document', async () => {
    const badDate = await cli(['report', '--from', 'yesterday', '--json']);
    expect(badDate.code).toBe(2);
    expect(jsonOf(badDate)).toEqual({
      command: 'report',
      ok: false,
      exitCode: 2,
      error: { kind: 'usage', message: expect.stringContaining('--from "yesterday" is not a date') },
    });
    const badOption = await cli(['status', '--json', '--bogus']);
    expect(jsonOf(badOption)).toEqual({ command: 'status', ok: false, exitCode: 2, error: { kind: 'usage', message: "unknown option '--bogus'" } });
  });
});

describe('configuration errors exit 2, naming the variable', () => {
  it('BROKER=alpaca without keys', async () => {
    const result = await cli(['status'], { BROKER: 'alpaca' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('ALPACA_API_KEY (or APCA_API_KEY_ID) is required when BROKER=alpaca');
    expect(result.stderr).toContain('ALPACA_SECRET_KEY (or APCA_API_SECRET_KEY) is required when BROKER=alpaca');
    noStack(result.stderr);
    expect(jsonOf(await cli(['status', '--json'], { BROKER: 'alpaca' })).error).toEqual({ kind: 'config', message: expect.stringContaining('ALPACA_API_KEY') });
  });

  it('a bad LOG_LEVEL or DATABASE_URL', async () => {
    expect(await cli(['health'], { LOG_LEVEL: 'loud' })).toMatchObject({ code: 2, stderr: expect.stringContaining('LOG_LEVEL must be one of') });
    expect(await cli(['status'], { DATABASE_URL: 'mysql://x@y/z' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('DATABASE_URL must be a URL such as postgres://'),
    });
  });
});

describe('an empty database', () => {
  it('every job refuses with the db:setup hint (exit 2) and changes nothing', async () => {
    for (const command of ['status', 'execute', 'report']) {
      const result = await cli([command]);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toContain('The trading tables are missing in this database. Run `db:setup --production` once');
      noStack(result.stderr);
    }
    expect(jsonOf(await cli(['status', '--json'])).error).toEqual({ kind: 'setup', message: expect.stringContaining('db:setup') });
  });

  it('db:setup --production refuses a database without NocoDB’s analysis_decision (exit 2)', async () => {
    const result = await cli(['db:setup', '--production']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('Table analysis_decision was not found. Production setup never creates it');
  });

  it('health says what is missing and exits 1', async () => {
    const result = jsonOf<{ healthy: boolean; checks: { component: string; ok: boolean; detail: string }[] }>(await cli(['health', '--json']));
    expect(result).toMatchObject({ ok: false, exitCode: 1 });
    expect(result.result?.checks).toEqual([
      { component: 'database', ok: false, detail: expect.stringContaining('answers, but the trading tables are missing: run db:setup --production') },
      { component: 'broker', ok: true, detail: expect.any(String) },
      { component: 'job store', ok: false, detail: 'table agenda_jobs is missing from the trading database: run db:setup' },
    ]);
  });
});

describe('a database that does not answer', () => {
  const unreachable = { DATABASE_URL: 'postgres://nocodb:s3cret-pass@127.0.0.1:1/nocodb' };

  it('a job fails with one sentence, exit 1, and the password nowhere', async () => {
    const result = await cli(['status'], unreachable);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^status failed: .*ECONNREFUSED.*\. Run `health` to see which part is down; LOG_LEVEL=debug shows the details\.\n$/);
    expect(result.stderr).not.toContain('s3cret-pass');
    const debug = await cli(['status'], { ...unreachable, LOG_LEVEL: 'debug' });
    expect(debug.stderr).toMatch(/\n\s+at /); // the stack, on request
    expect(debug.stderr).not.toContain('s3cret-pass');
  });

  it('health reports the database down and the job store unchecked, exit 1', async () => {
    const result = await cli(['health'], unreachable);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/database\s+DOWN\s+unreachable: .*ECONNREFUSED/);
    expect(result.stdout).toMatch(/broker\s+ok\s+simulated broker/);
    expect(result.stdout).toMatch(/job store\s+DOWN\s+table agenda_jobs in the trading database: not checked, the database is unreachable/);
    expect(result.stdout).toContain('Unhealthy: see DOWN above.');
    expect(result.stdout + result.stderr).not.toContain('s3cret-pass');
  });
});
