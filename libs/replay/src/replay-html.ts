import { writeHtmlReport, type HtmlSection } from '@trading-monitor/reporting';
import type { ReplayResult } from './replay-range';
import { newYorkMinute } from './replay-result';

/**
 * The replay as one self-contained web page: `report`'s page (totals, equity curve, drawdown, by
 * strategy and symbol, trades) of the replayed book, with what was assumed at the top and two more
 * tables: every decision, and real against replayed where the journal holds the real trade.
 */
export async function writeReplayHtml(result: ReplayResult, file: string): Promise<string> {
  return writeHtmlReport(result.report, file, {
    subtitle: `Replay of the ${result.selection === 'all' ? '' : 'approved '}decisions, ${result.barsSource}`,
    generatedAt: new Date(),
    notes: [`Fill model: ${result.fillModel.join('; ')}.`, ...result.notes],
    sections: [decisionSection(result), ...(comparisonSection(result) ?? [])],
  });
}

export function decisionSection(result: ReplayResult): HtmlSection {
  return {
    id: 'decisions',
    title: 'Decisions',
    note: 'Each decision of the range, what execute did with it on its day, and the trade it led to in the replay (entry fill in New York time).',
    columns: [
      { header: 'Day' },
      { header: 'Decision' },
      { header: 'Symbol' },
      { header: 'Action' },
      { header: 'Outcome' },
      { header: 'Entry filled' },
      { header: 'Entry', numbers: true },
      { header: 'Exit', numbers: true },
      { header: 'Exit reason' },
      { header: 'P&L', numbers: true },
      { header: 'R', numbers: true },
    ],
    rows: result.decisions.map((d) => [
      d.replayDay ?? d.date,
      d.analysisId,
      d.symbol,
      d.action,
      d.outcome ?? 'not run',
      d.replayed?.entryFilledAt ? newYorkMinute(d.replayed.entryFilledAt) : d.replayed ? 'not filled' : null,
      d.replayed?.entryPrice ?? null,
      d.replayed?.exitPrice ?? null,
      d.replayed?.exitReason ?? (d.replayed?.status === 'POSITION' ? 'held at the end' : null),
      d.replayed?.pnl ?? null,
      d.replayed?.r ?? null,
    ]),
  };
}

function comparisonSection(result: ReplayResult): HtmlSection[] | undefined {
  const both = result.decisions.filter((d) => d.real !== null);
  if (both.length === 0) return undefined;
  return [
    {
      id: 'real-vs-replayed',
      title: 'Real and replayed',
      note: 'Where the journal holds the real trade of a decision: what happened, beside what the replay made of it.',
      columns: [
        { header: 'Decision' },
        { header: 'Symbol' },
        { header: 'Real entry', numbers: true },
        { header: 'Replayed entry', numbers: true },
        { header: 'Real exit', numbers: true },
        { header: 'Replayed exit', numbers: true },
        { header: 'Real reason' },
        { header: 'Replayed reason' },
        { header: 'Real P&L', numbers: true },
        { header: 'Replayed P&L', numbers: true },
      ],
      rows: both.map((d) => [
        d.analysisId,
        d.symbol,
        d.real?.entryPrice ?? null,
        d.replayed?.entryPrice ?? null,
        d.real?.exitPrice ?? null,
        d.replayed?.exitPrice ?? null,
        d.real?.exitReason ?? d.real?.status ?? null,
        d.replayed?.exitReason ?? d.replayed?.status ?? null,
        d.real?.pnl ?? null,
        d.replayed?.pnl ?? null,
      ]),
    },
  ];
}
