import { cliProgram } from '@trading-monitor/cli/program';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  checkMentions,
  cliSurfaceOf,
  describeProblem,
  documentationFiles,
  findMentions,
  readWorkspaceSurface,
  type CliSurface,
  type Mention,
  type WorkspaceSurface,
} from './docs-commands';

// Every command a reader copies from README.md, docs/, apps/cli/README.md or deployment/ must run:
// each CLI command and --option exists in the program, each `nx run project:target` exists in the
// workspace, each `npm run script` in package.json. Builds the real commander program; no database.
const root = resolve(__dirname, '..', '..', '..');
const cli: CliSurface = cliSurfaceOf(cliProgram());
const workspace: WorkspaceSurface = readWorkspaceSurface(root);
const files = documentationFiles(root);
const mentions: Mention[] = files.flatMap((file) => findMentions(file, readFileSync(file, 'utf8'), cli));

/** Problems in a document given as a string (the checker's own tests). */
const problemsIn = (text: string, file = 'fixture.md') => checkMentions(findMentions(file, text, cli), cli, workspace).map((p) => p.problem);

describe('the documentation names only commands that exist', () => {
  it('reads the documents a reader follows, and finds commands in them', () => {
    const names = files.map((file) => file.slice(root.length + 1));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/operations.md', 'docs/production-deployment.md', 'deployment/trading-monitor.service']));
    expect(mentions.filter((m) => m.kind === 'cli').length).toBeGreaterThan(50);
  });

  it('every CLI command, option, Nx target and npm script shown in them exists', () => {
    const problems = checkMentions(mentions, cli, workspace).map((problem) => describeProblem(root, problem));
    expect(problems).toEqual([]);
  });

  it('every CLI command and option is shown in them at least once', () => {
    const shown = new Set(
      mentions.flatMap(({ kind, command, options = [] }) => (kind === 'cli' && command ? [command, ...options.map((option) => `${command} ${option}`)] : [])),
    );
    const missing = [...cli.commands].flatMap(([command, options]) =>
      [command, ...[...options.keys()].filter((o) => o.startsWith('--') && o !== '--json').map((o) => `${command} ${o}`)].filter((item) => !shown.has(item)),
    );
    expect(missing).toEqual([]);
  });
});

describe('the checker', () => {
  it('accepts every form of invocation the documents use', () => {
    const text = [
      '```bash',
      'npx nx run cli:exec -- --help',
      'npx nx run cli:exec -- reconcile [--fix]           # compare, or repair',
      'node dist/apps/cli/main.js report --from 2025-01-01 --to 2025-01-31 --json | jq .result.totals',
      'node dist/apps/cli/main.js halt --reason "earnings week" --flatten; echo $?',
      'ExecStart=/usr/bin/node /opt/trading-monitor/dist/apps/cli/main.js health',
      'npx tsx --tsconfig apps/cli/tsconfig.exec.json apps/cli/src/main.ts <command> --json',
      'node dist/apps/cli/main.js help db:setup',
      'sudo -u trading-monitor trading-monitor halt --reason "switching to live" --flatten',
      '*/5 * * * * systemctl is-active --quiet trading-monitor && /usr/local/bin/trading-monitor health >/dev/null 2>&1 || /usr/local/bin/trading-monitor-alert health',
      'journalctl -u trading-monitor -f -o cat',
      'sudo -u trading-monitor env ALPACA_DATA_URL=http://127.0.0.1:59999 trading-monitor monitor-positions; echo "exit $?"',
      'trading-monitor backup: /var/backups/trading-monitor/trading-20261125T141602Z.dump',
      'npx nx run workflows:test -- --testPathPatterns=lifecycle',
      'npx nx run-many -t lint typecheck test',
      'npm test && npm run bench',
      'npx nx run cli:build          # bundles to dist/apps/cli/main.js (esbuild)',
      '```',
      'Prose is not code: the build writes dist/apps/cli/main.js and nothing else.',
      '```text',
      'docs/x.md:3  node dist/apps/cli/main.js reconcile --fixx: reconcile has no option --fixx',
      '```',
      "| `halt [--reason T] [--flatten]` | `db:setup --production` | `status` is also a column: `status = 'CLOSED'` |",
    ].join('\n');
    expect(problemsIn(text)).toEqual([]);
    const found = findMentions('fixture.md', text, cli)
      .filter((m) => m.kind === 'cli')
      .map((m) => [m.command, m.options]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['reconcile', ['--fix']],
        ['report', ['--from', '--to', '--json']],
        ['halt', ['--reason', '--flatten']],
        ['health', []],
        ['monitor-positions', []],
        ['halt', ['--reason', '--flatten']],
        ['help db:setup', []],
        ['db:setup', ['--production']],
      ]),
    );
  });

  const fenced = (line: string) => ['```bash', line, '```'].join('\n');
  it.each([
    [fenced('npx nx run cli:exec -- frobnicate'), '"frobnicate" is not a command of the CLI'],
    [fenced('node dist/apps/cli/main.js reconcile --fixx'), 'reconcile has no option --fixx'],
    ['Run `halt --flaten` to close everything.', 'halt has no option --flaten'],
    [fenced('node dist/apps/cli/main.js status now'), 'status takes no argument "now"'],
    [fenced('node dist/apps/cli/main.js help frobnicate'), 'help names "frobnicate", which is not a command'],
    [fenced('npx nx run cli:serve'), 'project cli has no target "serve"'],
    [fenced('npx nx run trading:test'), 'there is no Nx project "trading"'],
    [fenced('npx nx run-many -t lint tests'), 'no Nx project has a target "tests"'],
    [fenced('sudo -u trading-monitor trading-monitor reconcile --repair'), 'reconcile has no option --repair'],
    ['Then `npm run deploy`.', 'package.json has no script "deploy"'],
  ])('fails on %j', (text, problem) => {
    expect(problemsIn(text)).toEqual([expect.stringContaining(problem)]);
  });

  it('reads a launchd plist, whose command line is an array of strings', () => {
    const plist = [
      '<key>ProgramArguments</key>',
      '<array>',
      '  <string>/usr/local/bin/node</string>',
      '  <string>dist/apps/cli/main.js</string>',
      '  <string>helth</string>',
      '</array>',
    ].join('\n');
    expect(problemsIn(plist, join('deployment', 'x.plist'))).toEqual([expect.stringContaining('"helth" is not a command')]);
  });
});
