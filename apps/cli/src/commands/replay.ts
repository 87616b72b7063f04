import type { Command } from 'commander';
import {
  InvalidReplayRange,
  REPLAY_DATABASE,
  ReplaySourceMissing,
  marketDaysBetween,
  newYorkMinute,
  runReplay,
  type DayProgress,
  type ReplayRun,
} from '@trading-monitor/replay';
import type { CommandRunner } from '../command-runner';
import { UsageError } from '../failure';
import { plural, signed } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';
import { renderReport } from './report';

interface ReplayCommandOptions extends JsonOption {
  from: string;
  to: string;
  decisions: string;
  symbols?: string;
  html?: string;
  bothInOneBar: string;
  feed?: string;
  sample?: boolean;
}

export function registerReplay(program: Command, runner: CommandRunner): void {
  program
    .command('replay')
    .summary('What the decisions of a date range would have done: the same jobs, on historical bars, in a scratch database')
    .description(
      'Plays the decisions of a date range again, day by day, through the real execute, trade-sync and monitor code, against a ' +
        'simulated broker fed with 1-minute bars: Alpaca Market Data with BROKER=alpaca (ALPACA_DATA_FEED, iex by default; cached in ' +
        `DATA_DIR/bars so a second replay is offline), else offline seeded bars. Runs in a scratch database (${REPLAY_DATABASE}, embedded ` +
        'PostgreSQL) that is made afresh each time: the decisions are only read, never claimed or marked, and the journal is never written. ' +
        'Ends with the same report as `report`, a line per decision, and real beside replayed where the journal holds the real trade.',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (the decisions of this day on)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD')
    .option('--decisions <which>', 'approved (the ones a person approved) or all (every decision, as if approved)', 'approved')
    .option('--symbols <list>', 'only these symbols, comma-separated (NVDA,AMD)')
    .option('--sample', 'play made-up sample decisions (AAPL, AMD, MSFT, NVDA, TSLA, or --symbols) instead of the journal’s: see replay work without any')
    .option('--both-in-one-bar <leg>', 'which exit a bar reaching both the stop and the take-profit fills: stop (pessimistic) or target', 'stop')
    .option('--feed <feed>', 'with BROKER=alpaca: iex or sip (default: ALPACA_DATA_FEED, else iex)')
    .option('--html <file>', 'also write the replay as one self-contained web page (equity curve, drawdown, decisions) to this file')
    .option(JSON_FLAG, `${JSON_HELP}: the report, every decision, the fill model and the figures`)
    .addHelpText(
      'after',
      examples(
        'replay --from 2025-09-01 --to 2025-11-28',
        'replay --from 2025-09-01 --to 2025-11-28 --decisions all --symbols NVDA,AMD',
        'replay --from 2025-09-01 --to 2025-09-30 --html replay.html',
        'replay --from 2025-09-01 --to 2025-09-30 --both-in-one-bar target --json',
        'replay --from 2025-09-01 --to 2025-09-30 --sample',
      ),
    )
    .action((options: ReplayCommandOptions) =>
      runner.run(
        'replay',
        options,
        async (ctx): Promise<ReplayRun> => {
          const days = checkedDays(options);
          const selection = oneOf(options.decisions, ['approved', 'all'] as const, '--decisions');
          const bothInOneBar = oneOf(options.bothInOneBar, ['stop', 'target'] as const, '--both-in-one-bar');
          const feed = oneOf(options.feed ?? ctx.env['ALPACA_DATA_FEED'] ?? 'iex', ['iex', 'sip'] as const, '--feed (or ALPACA_DATA_FEED)');
          if (options.html !== undefined && options.html.trim() === '') throw new UsageError('--html needs a file name, e.g. --html replay.html.');
          const symbols = options.symbols
            ?.split(',')
            .map((s) => s.trim().toUpperCase())
            .filter(Boolean);
          ctx.print(
            `Replaying the ${options.sample ? 'made-up sample ' : selection === 'all' ? '' : 'approved '}decisions of ${options.from} to ${options.to} (${plural(days, 'market day')}` +
              `${symbols ? `, ${symbols.join(', ')} only` : ''}) in a scratch database; ${options.sample ? 'the journal is not opened' : 'the journal is only read'}.\n`,
          );
          return runReplayExplained(ctx.config, {
            from: options.from,
            to: options.to,
            selection,
            symbols,
            sample: options.sample,
            bothInOneBar,
            feed,
            html: options.html,
            log: ctx.log,
            onProgress: ctx.progress,
            onDay: (day) => ctx.print(dayLine(day)),
          });
        },
        { render: renderReplay },
      ),
    );
}

/** A journal without a decisions table is a usage matter (exit 2): nothing was replayed. */
async function runReplayExplained(...args: Parameters<typeof runReplay>): Promise<ReplayRun> {
  try {
    return await runReplay(...args);
  } catch (error) {
    if (error instanceof ReplaySourceMissing) throw new UsageError(error.message);
    throw error;
  }
}

function checkedDays(options: ReplayCommandOptions): number {
  try {
    const days = marketDaysBetween(options.from, options.to);
    if (days.length === 0) throw new UsageError(`${options.from} to ${options.to} holds no market day: choose a range with one.`);
    return days.length;
  } catch (error) {
    if (error instanceof InvalidReplayRange) throw new UsageError(error.message);
    throw error;
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string): T {
  const found = allowed.find((a) => a === value.trim().toLowerCase());
  if (!found) throw new UsageError(`${option} must be ${allowed.join(' or ')}, got "${value}".`);
  return found;
}

/** "2025-09-02  [ 1/62]  1,950 bars, 4 played  3 decisions, 2 fills  closed 1, P&L +109.00, 2 open" */
function dayLine(day: DayProgress): string {
  const width = String(day.days).length;
  return (
    `${day.day}  [${String(day.index).padStart(width)}/${day.days}]  ${day.bars.toLocaleString('en-US')} bars, ${day.barsPlayed} played against orders` +
    `  ${plural(day.decisions, 'decision')}, ${plural(day.fills, 'fill')}  closed ${day.closedTrades}, P&L ${signed(day.realizedPnl)}, ${day.openPositions} open\n`
  );
}

function renderReplay(result: ReplayRun, out: (text: string) => void): void {
  out(`\nBars: ${result.barsSource}.\n`);
  out('Fill model:\n');
  for (const rule of result.fillModel) out(`  - ${rule}\n`);
  for (const note of result.notes) out(`Note: ${note}\n`);
  out('\n');
  renderReport(result.report, out);
  out('\nDecisions\n');
  if (result.decisions.length === 0) {
    out(
      '  No decision in this range in the decisions table' +
        (result.selection === 'approved' ? ' (approved ones; --decisions all takes every one)' : '') +
        '. To watch a replay without any, add --sample.\n',
    );
  } else
    out(
      renderTable(
        [
          { header: 'DAY' },
          { header: 'DECISION' },
          { header: 'SYMBOL' },
          { header: 'ACTION' },
          { header: 'OUTCOME' },
          { header: 'ENTRY FILLED' },
          { header: 'ENTRY', align: 'right' },
          { header: 'EXIT', align: 'right' },
          { header: 'REASON' },
          { header: 'P&L', align: 'right' },
          { header: 'R', align: 'right' },
        ],
        result.decisions.map((d) => [
          d.replayDay ?? d.date,
          d.analysisId,
          d.symbol,
          d.action,
          d.outcome ?? 'not run',
          d.replayed?.entryFilledAt ? newYorkMinute(d.replayed.entryFilledAt) : d.replayed ? 'not filled' : '',
          d.replayed?.entryPrice,
          d.replayed?.exitPrice,
          d.replayed?.exitReason ?? (d.replayed?.status === 'POSITION' ? 'held at the end' : ''),
          signed(d.replayed?.pnl),
          signed(d.replayed?.r),
        ]),
      ),
    );
  const both = result.decisions.filter((d) => d.real !== null);
  if (both.length > 0) {
    out('\nReal and replayed (where the journal holds the real trade)\n');
    out(
      renderTable(
        [
          { header: 'DECISION' },
          { header: 'SYMBOL' },
          { header: 'REAL ENTRY', align: 'right' },
          { header: 'REPLAYED', align: 'right' },
          { header: 'REAL EXIT', align: 'right' },
          { header: 'REPLAYED', align: 'right' },
          { header: 'REAL REASON' },
          { header: 'REPLAYED REASON' },
          { header: 'REAL P&L', align: 'right' },
          { header: 'REPLAYED', align: 'right' },
        ],
        both.map((d) => [
          d.analysisId,
          d.symbol,
          d.real?.entryPrice,
          d.replayed?.entryPrice,
          d.real?.exitPrice,
          d.replayed?.exitPrice,
          d.real?.exitReason ?? d.real?.status,
          d.replayed?.exitReason ?? d.replayed?.status,
          signed(d.real?.pnl),
          signed(d.replayed?.pnl),
        ]),
      ),
    );
  }
  const runs = result.jobRuns;
  out(
    `\n${result.bars.toLocaleString('en-US')} bars over ${plural(result.days, 'market day')}, ${result.barsPlayed.toLocaleString('en-US')} played against working orders, ` +
      `${plural(result.fills, 'fill')}; ${runs['execute-decisions']} execute, ${runs['monitor-orders']} monitor-orders and ${runs['monitor-positions']} monitor-positions runs; ` +
      `${result.stillOpen} trade${result.stillOpen === 1 ? '' : 's'} still open at the end; ${result.seconds} s.\n`,
  );
  if (result.htmlFile) out(`HTML report written to ${result.htmlFile}\n`);
}
