import type { Command } from 'commander';
import { DEMO_DATABASE, DEMO_DAY, runDemo, type DemoRun, type DemoStep } from '@trading-monitor/demo';
import type { CommandRunner } from '../command-runner';
import { signed } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';
import { renderReport } from './report';

export function registerDemo(program: Command, runner: CommandRunner): void {
  program
    .command('demo')
    .summary('A scripted trading day in seconds, offline, on its own database: start here')
    .description(
      'Play a scripted trading day in a few seconds, offline: five decisions (a SWING that reaches its target, a TREND that is ' +
        'stopped out, a CANCEL, an AMEND, a malformed one) go through the jobs in schedule order while prices move, then the ' +
        `day's report, also written as a web page (demo-report.html in DATA_DIR). Runs on a fresh database of its own (${DEMO_DATABASE}, embedded PostgreSQL) and an in-memory simulated market: ` +
        'your configured database and broker are never touched.',
    )
    .option(JSON_FLAG, `${JSON_HELP}: the steps, the decisions, the trades and the report`)
    .addHelpText('after', examples('demo', 'demo --json'))
    .action((options: JsonOption) =>
      runner.run(
        'demo',
        { ...options, configOptional: true, noAlerts: true },
        (ctx) => {
          ctx.print(
            `A scripted trading day, ${dayName(DEMO_DAY)}, on a simulated market, offline, in a database of its own.\n` +
              'Your configured database, broker and simulated account are not touched. Times are New York.\n\n',
          );
          return runDemo(ctx.config, { log: ctx.log, onProgress: ctx.progress, onStep: (step) => ctx.print(stepLine(step)) });
        },
        { render: renderEnding },
      ),
    );
}

/** "Tuesday, January 14, 2025" */
function dayName(isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "09:50  trade-updates      NVDA  entry filled 45 @ 133.80 → protected by …, 0.12 s after the fill" */
function stepLine(step: DemoStep): string {
  return `${step.time}  ${step.actor.padEnd(17)}  ${(step.symbol ?? '').padEnd(5)}  ${step.text}\n`;
}

function renderEnding(result: DemoRun, out: (text: string) => void): void {
  const runs = result.runs;
  out(
    `\n(${runs['execute-decisions']} execute, ${runs['monitor-orders']} monitor-orders and ${runs['monitor-positions']} monitor-positions runs on ${result.day}; ` +
      'runs that changed nothing are not shown.)\n\n',
  );
  if (result.openPositions.length > 0) {
    out('Held overnight, protected at the broker\n');
    out(
      renderTable(
        [
          { header: 'SYMBOL' },
          { header: 'QTY', align: 'right' },
          { header: 'AVG ENTRY', align: 'right' },
          { header: 'LAST', align: 'right' },
          { header: 'UNREALIZED', align: 'right' },
        ],
        result.openPositions.map((p) => [p.symbol, p.qty, p.avgEntryPrice, p.currentPrice, signed(p.unrealizedPnl)]),
      ),
    );
    out('\n');
  }
  renderReport(result.report, out);
  out(`\nThe day's report as a web page (equity curve, drawdown, tables): ${result.htmlReport}\n`);
  out('\nNext: `health` and `status` on your own configuration (see .env.example), or `<command> --help`.\n');
}
