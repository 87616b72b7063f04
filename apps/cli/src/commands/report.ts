import type { Command } from 'commander';
import { reportRangeOf, tradingReport, writeHtmlReport, type Performance, type TradingReport } from '@trading-monitor/reporting';
import type { CommandRunner } from '../command-runner';
import { UsageError } from '../failure';
import { plural, signed } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';

export function registerReport(program: Command, runner: CommandRunner): void {
  program
    .command('report')
    .summary('Realized P&L, win rate and average R by strategy and symbol over a date range')
    .description(
      'Realized performance of the trades closed in a date range (exit dates, New York): P&L, win rate and average R-multiple ' +
        '(P&L over the planned risk), in total, by strategy and by symbol. Defaults to the last 30 days.',
    )
    .option('--from <date>', 'first exit date included, YYYY-MM-DD (default: 30 days before --to)')
    .option('--to <date>', 'last exit date included, YYYY-MM-DD (default: today)')
    .option('--html <file>', 'also write the report as one self-contained web page (equity curve, drawdown, tables) to this file')
    .option(JSON_FLAG, `${JSON_HELP}; with --html the result also names the file written (htmlFile)`)
    .addHelpText('after', examples('report', 'report --from 2025-01-01 --to 2025-01-31', 'report --json', 'report --from 2025-01-01 --html january.html'))
    .action((options: JsonOption & { from?: string; to?: string; html?: string }) =>
      runner.run(
        'report',
        options,
        async (ctx): Promise<ReportResult> => {
          // Checked before anything opens: a mistyped date is a usage error (exit 2).
          const range = reportRangeOf(options, new Date());
          if (options.html !== undefined && options.html.trim() === '') throw new UsageError('--html needs a file name, e.g. --html report.html.');
          const report = await ctx.withRuntime((runtime) => tradingReport(runtime, range));
          if (options.html === undefined) return report;
          return { ...report, htmlFile: await writeHtmlReport(report, options.html, { generatedAt: new Date() }) };
        },
        {
          render: (result, out) => {
            renderReport(result, out);
            if (result.htmlFile) out(`\nHTML report written to ${result.htmlFile}\n`);
          },
        },
      ),
    );
}

/** The report, and with --html the absolute path of the page written. */
type ReportResult = TradingReport & { htmlFile?: string };

/** The report as text: also the end of the demo. */
export function renderReport(report: TradingReport, out: (text: string) => void): void {
  const period = report.from === report.to ? report.from : `${report.from} to ${report.to}`;
  out(`Realized performance, ${period} (exit dates, New York)\n`);
  if (report.totals.trades === 0) {
    out('  No trade closed in this period.\n');
    return;
  }
  const t = report.totals;
  out(
    `  ${plural(t.trades, 'trade')}, ${plural(t.wins, 'win')}, ${plural(t.losses, 'loss', 'losses')}, win rate ${t.winRatePercent}%, ` +
      `P&L ${signed(t.realizedPnl)}, average R ${t.averageR === null ? 'n/a' : signed(t.averageR)}\n`,
  );
  out('\nBy strategy\n');
  out(performanceTable('STRATEGY', report.byStrategy));
  out('\nBy symbol\n');
  out(performanceTable('SYMBOL', report.bySymbol));
  out('\nTrades\n');
  out(
    renderTable(
      [
        { header: 'EXIT DATE' },
        { header: 'SYMBOL' },
        { header: 'STRATEGY' },
        { header: 'REASON' },
        { header: 'QTY', align: 'right' },
        { header: 'ENTRY', align: 'right' },
        { header: 'EXIT', align: 'right' },
        { header: 'P&L', align: 'right' },
        { header: 'R', align: 'right' },
      ],
      report.trades.map((trade) => [
        trade.exitDate,
        trade.symbol,
        trade.strategy,
        trade.exitReason,
        trade.qty,
        trade.entryPrice,
        trade.exitPrice,
        signed(trade.pnl),
        signed(trade.r),
      ]),
    ),
  );
}

function performanceTable(keyHeader: string, lines: readonly Performance[]): string {
  return renderTable(
    [
      { header: keyHeader },
      { header: 'TRADES', align: 'right' },
      { header: 'WINS', align: 'right' },
      { header: 'LOSSES', align: 'right' },
      { header: 'WIN RATE', align: 'right' },
      { header: 'P&L', align: 'right' },
      { header: 'AVG R', align: 'right' },
    ],
    lines.map((p) => [p.key, p.trades, p.wins, p.losses, `${p.winRatePercent}%`, signed(p.realizedPnl), p.averageR === null ? 'n/a' : signed(p.averageR)]),
  );
}
