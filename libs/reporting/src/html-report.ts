import Decimal from 'decimal.js';
import { equityCurveOf, type EquityCurve } from './equity-curve';
import { escapeHtml } from './html-escape';
import type { Performance } from './performance';
import { svgLineChart } from './svg-line-chart';
import type { ReportedTrade, TradingReport } from './trading-report';

export interface HtmlReportOptions {
  /** Shown above the title: "Demo day", say. */
  subtitle?: string;
  /** When the file was made; shown in the footer when given. */
  generatedAt?: Date;
  /** Notes shown under the title, one paragraph each (what `replay` assumed, say). Text, escaped. */
  notes?: readonly string[];
  /** More tables after the report's own (the replay's decisions). Every cell is text, escaped here. */
  sections?: readonly HtmlSection[];
}

/** A table of text after the report: cells `null` show empty; `numbers` columns align right. */
export interface HtmlSection {
  title: string;
  note?: string;
  columns: ReadonlyArray<{ header: string; numbers?: boolean }>;
  rows: ReadonlyArray<ReadonlyArray<string | null>>;
  /** A `data-section` attribute on the section, for tests and stylesheets. */
  id?: string;
}

/**
 * The report as one self-contained HTML page: styles inline, charts as inline SVG, no script, no
 * font, no image and nothing fetched when it is opened (its Content-Security-Policy forbids it). Every
 * amount is the string `report --json` gives, with a `+` on gains as in the text report; every text
 * from the data is escaped.
 */
export function renderHtmlReport(report: TradingReport, options: HtmlReportOptions = {}): string {
  const period = report.from === report.to ? report.from : `${report.from} to ${report.to}`;
  const curve = equityCurveOf(report.trades);
  const body =
    report.totals.trades === 0
      ? '<p class="empty">No trade closed in this period.</p>'
      : [
          section(
            'Equity curve',
            'Cumulative realized P&amp;L after each trade (numbered by exit, oldest first), from zero at the start of the range.',
            equityChart(curve),
          ),
          section('Drawdown', drawdownSummary(curve), drawdownChart(curve)),
          section('By strategy', '', performanceTable('Strategy', report.byStrategy)),
          section('By symbol', '', performanceTable('Symbol', report.bySymbol)),
          section('Trades', '', tradesTable(report.trades, curve)),
        ].join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="trading-monitor">
<title>Realized performance, ${escapeHtml(period)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
${options.subtitle ? `<p class="eyebrow">${escapeHtml(options.subtitle)}</p>` : ''}
<h1>Realized performance</h1>
<p class="range"><span data-range>${escapeHtml(period)}</span> · exit dates, New York</p>
</header>
${options.notes && options.notes.length > 0 ? `<section class="notes" data-notes>${options.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}</section>` : ''}
${totals(report.totals, curve)}
${body}
${(options.sections ?? []).map(extraSection).join('\n')}
<footer>Amounts in dollars, exact to the cent, as <code>report --json</code> gives them.${
    options.generatedAt ? ` Written by trading-monitor at ${escapeHtml(options.generatedAt.toISOString().replace('T', ' ').slice(0, 19))} UTC.` : ''
  }</footer>
</main>
</body>
</html>
`;
}

function totals(t: Performance, curve: EquityCurve): string {
  const card = (name: string, label: string, value: string, tone = '') =>
    `<div class="card"><dt>${label}</dt><dd data-total="${name}"${tone ? ` class="${tone}"` : ''}>${escapeHtml(value)}</dd></div>`;
  return `<dl class="totals">
${card('trades', 'Trades', String(t.trades))}
${card('wins', 'Wins', String(t.wins))}
${card('losses', 'Losses', String(t.losses))}
${card('winRatePercent', 'Win rate', t.winRatePercent === null ? 'n/a' : `${t.winRatePercent}%`)}
${card('realizedPnl', 'Realized P&amp;L', signed(t.realizedPnl), tone(t.realizedPnl))}
${card('averageR', 'Average R', t.averageR === null ? 'n/a' : signed(t.averageR), tone(t.averageR))}
${card('maxDrawdown', 'Max drawdown', signed(curve.maxDrawdown.toCents()), tone(curve.maxDrawdown.toCents()))}
</dl>`;
}

function extraSection(extra: HtmlSection): string {
  const columns = extra.columns.map((c) => (c.numbers ? right(escapeHtml(c.header)) : text(escapeHtml(c.header))));
  const rows = extra.rows.map((row) => row.map((value, i) => (extra.columns[i]?.numbers ? num(value ?? '') : cell(value ?? ''))));
  const content = table(columns, rows);
  const html = section(escapeHtml(extra.title), extra.note ? escapeHtml(extra.note) : '', content);
  return extra.id ? html.replace('<section>', `<section data-section="${escapeHtml(extra.id)}">`) : html;
}

function section(title: string, note: string, content: string): string {
  return `<section>
<h2>${title}</h2>
${note ? `<p class="note">${note}</p>` : ''}
${content}
</section>`;
}

function equityChart(curve: EquityCurve): string {
  return svgLineChart({
    id: 'equity',
    title: 'Equity curve: cumulative realized P&L by exit',
    color: '#2563eb',
    formatTick: tickLabel,
    points: curve.points.map((p) => ({
      value: p.equity.decimal,
      xLabel: p.index === 0 ? 'start' : String(p.index),
      tooltip:
        p.trade === null
          ? 'Start of the range: 0.00'
          : `#${p.index} ${p.trade.exitDate} ${p.trade.symbol} ${signed(p.trade.pnl)} → ${signed(p.equity.toCents())}`,
    })),
  });
}

function drawdownChart(curve: EquityCurve): string {
  return svgLineChart({
    id: 'drawdown',
    title: 'Drawdown: cumulative realized P&L below its running peak',
    color: '#dc2626',
    height: 170,
    formatTick: tickLabel,
    points: curve.points.map((p) => ({
      value: p.drawdown.decimal,
      xLabel: p.index === 0 ? 'start' : String(p.index),
      tooltip: `#${p.index}${p.trade ? ` ${p.trade.exitDate} ${p.trade.symbol}` : ''}: ${signed(p.drawdown.toCents())} from the peak`,
    })),
  });
}

function drawdownSummary(curve: EquityCurve): string {
  const trough = curve.trough;
  if (trough === null || trough.trade === null) return 'Max drawdown <strong data-max-drawdown>0.00</strong>: the curve never fell below its peak.';
  return (
    `Max drawdown <strong data-max-drawdown class="loss">${escapeHtml(curve.maxDrawdown.toCents())}</strong>, ` +
    `reached at trade #${trough.index} (${escapeHtml(trough.trade.symbol)}, ${escapeHtml(trough.trade.exitDate)}): how far cumulative realized P&amp;L fell below its running peak.`
  );
}

function performanceTable(keyHeader: string, lines: readonly Performance[]): string {
  return table(
    [text(keyHeader), right('Trades'), right('Wins'), right('Losses'), right('Win rate'), right('P&amp;L'), right('Avg R')],
    lines.map((p) => [
      cell(p.key),
      num(String(p.trades)),
      num(String(p.wins)),
      num(String(p.losses)),
      num(p.winRatePercent === null ? 'n/a' : `${p.winRatePercent}%`),
      money(p.realizedPnl),
      money(p.averageR),
    ]),
  );
}

function tradesTable(trades: readonly ReportedTrade[], curve: EquityCurve): string {
  return table(
    [
      right('#'),
      text('Exit date'),
      text('Symbol'),
      text('Strategy'),
      text('Reason'),
      right('Qty'),
      right('Entry'),
      right('Exit'),
      right('P&amp;L'),
      right('R'),
      right('Cumulative'),
    ],
    trades.map((t, i) => [
      num(String(i + 1)),
      cell(t.exitDate, `Trade ${t.tradeId}`),
      cell(t.symbol),
      cell(t.strategy),
      cell(t.exitReason ?? ''),
      num(t.qty === null ? '' : String(t.qty)),
      num(t.entryPrice ?? ''),
      num(t.exitPrice ?? ''),
      money(t.pnl),
      money(t.r),
      money(curve.points[i + 1].equity.toCents()),
    ]),
  );
}

/** A column header (HTML, written here, not data) and whether the column holds numbers, aligned right. */
interface Column {
  header: string;
  numbers: boolean;
}
const text = (header: string): Column => ({ header, numbers: false });
const right = (header: string): Column => ({ header, numbers: true });

function table(columns: readonly Column[], rows: readonly string[][]): string {
  const head = columns.map((c) => `<th${c.numbers ? ' class="num"' : ''}>${c.header}</th>`).join('');
  return `<div class="table-wrap"><table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.join('')}</tr>`).join('\n')}
</tbody>
</table></div>`;
}

function cell(text: string, title?: string): string {
  return `<td${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(text)}</td>`;
}

function num(text: string): string {
  return `<td class="num">${escapeHtml(text)}</td>`;
}

function money(amount: string | null): string {
  const toneClass = tone(amount);
  return `<td class="num${toneClass ? ` ${toneClass}` : ''}">${escapeHtml(amount === null ? 'n/a' : signed(amount))}</td>`;
}

/** "+526.50", "-134.10", "0.00": as the text report signs amounts. */
function signed(amount: string): string {
  return amount.startsWith('-') || new Decimal(amount).isZero() ? amount : `+${amount}`;
}

function tone(amount: string | null): '' | 'gain' | 'loss' {
  if (amount === null) return '';
  const value = new Decimal(amount);
  return value.isPositive() && !value.isZero() ? 'gain' : value.isNegative() && !value.isZero() ? 'loss' : '';
}

function tickLabel(value: Decimal): string {
  const text = value.abs().lt(10) && !value.isInteger() ? value.toFixed(2) : value.toFixed(0);
  return signed(text);
}

const STYLE = `
:root { color-scheme: light; --ink: #111827; --muted: #6b7280; --line: #e5e7eb; --soft: #f9fafb; --gain: #15803d; --loss: #b91c1c; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 24px 48px; }
header { margin-bottom: 20px; }
.eyebrow { margin: 0; color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .06em; }
h1 { margin: 0; font-size: 28px; font-weight: 650; letter-spacing: -.01em; }
.range { margin: 2px 0 0; color: var(--muted); }
h2 { margin: 0 0 4px; font-size: 17px; font-weight: 600; }
section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-top: 16px; }
.note { margin: 0 0 10px; color: var(--muted); font-size: 14px; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 10px; margin: 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.card dd { margin: 2px 0 0; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.gain { color: var(--gain); }
.loss { color: var(--loss); }
.empty { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 24px; margin-top: 16px; color: var(--muted); text-align: center; }
.chart { display: block; height: auto; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
th { text-align: left; color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; border-bottom: 1px solid var(--line); padding: 6px 10px; white-space: nowrap; }
td { padding: 6px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--soft); }
tbody tr:last-child td { border-bottom: 0; }
.num { text-align: right; }
footer { margin-top: 20px; color: var(--muted); font-size: 13px; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
`;
