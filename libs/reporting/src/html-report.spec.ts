import { Money, Price } from '@trading-monitor/domain';
import { renderHtmlReport } from './html-report';
import { performanceBy, performanceOf, rMultipleText, type ClosedTradeFacts } from './performance';
import type { ReportedTrade, TradingReport } from './trading-report';

/** A report as tradingReport builds it, from trades given oldest exit first (risk 100.00 a trade). */
function reportOf(
  trades: ReadonlyArray<{ symbol?: string; strategy?: string; pnl: string; tradeId?: string; exitDate?: string }>,
  from = '2025-01-01',
  to = '2025-01-31',
): TradingReport {
  const facts: ClosedTradeFacts[] = trades.map((t) => ({
    symbol: t.symbol ?? 'NVDA',
    strategy: t.strategy ?? 'SWING',
    pnl: Money.of(t.pnl),
    plannedEntry: Price.of('110'),
    plannedStop: Price.of('100'),
    plannedQty: 10,
  }));
  const reported: ReportedTrade[] = trades.map((t, i) => ({
    tradeId: t.tradeId ?? `T-${i + 1}`,
    symbol: facts[i].symbol,
    strategy: facts[i].strategy,
    exitDate: t.exitDate ?? '2025-01-15',
    exitReason: 'TARGET_HIT',
    qty: 10,
    entryPrice: '110.00',
    exitPrice: '120.00',
    pnl: facts[i].pnl.toCents(),
    r: rMultipleText(facts[i]),
  }));
  return {
    from,
    to,
    totals: performanceOf('ALL', facts),
    bySymbol: performanceBy(facts, (f) => f.symbol),
    byStrategy: performanceBy(facts, (f) => f.strategy),
    trades: reported,
  };
}

/** The `<svg>` of one chart. */
function chartOf(html: string, id: string): string {
  const start = html.indexOf(`<svg class="chart chart-${id}"`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</svg>', start) + '</svg>'.length);
}

/** The line's points in pixels, and the y of the zero gridline. */
function lineOf(svg: string): { points: Array<{ x: number; y: number }>; zeroY: number; viewBox: number[] } {
  const d = /<path class="line" d="([^"]*)"/.exec(svg)?.[1] ?? '';
  const points = [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
  const zeroY = Number(/<text class="tick"[^>]* y="([\d.]+)"[^>]*>0<\/text>/.exec(svg)?.[1]);
  const viewBox = (/viewBox="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map(Number);
  return { points, zeroY, viewBox };
}

const totalsOf = (html: string) => Object.fromEntries([...html.matchAll(/<dd data-total="(\w+)"[^>]*>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]));

describe('renderHtmlReport', () => {
  const report = reportOf([
    { symbol: 'TSLA', strategy: 'TREND', pnl: '-134.10', exitDate: '2025-01-14' },
    { pnl: '526.50', exitDate: '2025-01-14' },
    { pnl: '-30.00', exitDate: '2025-01-20' },
    { symbol: 'AMD', pnl: '0.00', exitDate: '2025-01-21' },
  ]);
  const html = renderHtmlReport(report, { generatedAt: new Date('2025-02-01T12:00:00Z') });

  it('is one page that fetches nothing: no script, no external reference, a policy that forbids any', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    // The only url() references are the charts' own clip paths.
    expect([...html.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1]).every((ref) => /^#(equity|drawdown)-(above|below)$/.test(ref))).toBe(true);
  });

  it('shows the range, the totals as the JSON gives them (gains signed), and every table', () => {
    expect(html).toContain('<title>Realized performance, 2025-01-01 to 2025-01-31</title>');
    expect(totalsOf(html)).toEqual({
      trades: '4',
      wins: '1',
      losses: '2',
      winRatePercent: '25.0%',
      realizedPnl: '+362.40',
      averageR: '+0.91',
      maxDrawdown: '-134.10',
    });
    expect(report.totals).toMatchObject({ realizedPnl: '362.40', averageR: '0.91' });
    expect([...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual(['Equity curve', 'Drawdown', 'By strategy', 'By symbol', 'Trades']);
    const tradeRows = html.slice(html.indexOf('<h2>Trades</h2>')).match(/<tr><td/g);
    expect(tradeRows).toHaveLength(4);
    expect(html).toMatch(/<td class="num loss">-134\.10<\/td><td class="num loss">-1\.34<\/td><td class="num loss">-134\.10<\/td>/);
    expect(html).toMatch(/<td class="num gain">\+526\.50<\/td><td class="num gain">\+5\.26<\/td><td class="num gain">\+392\.40<\/td>/);
    expect(html).toContain('<td class="num">0.00</td>'); // a zero P&L is neither green nor red
    expect(html).toContain('Written by trading-monitor at 2025-02-01 12:00:00 UTC.');
  });

  it('draws the equity curve from zero through every exit, and the drawdown below its peak', () => {
    const equity = lineOf(chartOf(html, 'equity'));
    expect(equity.points).toHaveLength(5); // the start, then one point per trade
    expect(equity.points[0].y).toBe(equity.zeroY);
    expect(equity.points[1].y).toBeGreaterThan(equity.zeroY); // -134.10: below zero
    expect(equity.points[2].y).toBeLessThan(equity.zeroY); // +392.40
    expect(equity.points[3].y).toBeGreaterThan(equity.points[2].y); // -30.00
    expect(equity.points[4].y).toBe(equity.points[3].y); // 0.00
    for (const p of equity.points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(equity.viewBox[2]);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(equity.viewBox[3]);
    }
    const drawdown = lineOf(chartOf(html, 'drawdown'));
    expect(drawdown.points.map((p) => Math.sign(p.y - drawdown.zeroY))).toEqual([0, 1, 0, 1, 1]);
    expect(html).toContain('Max drawdown <strong data-max-drawdown class="loss">-134.10</strong>, reached at trade #1 (TSLA, 2025-01-14)');
  });

  it('escapes every text from the data, in content and in attributes', () => {
    const hostile = renderHtmlReport(
      reportOf([{ symbol: '<script>alert(1)</script>', strategy: 'A&B "x" <b>', pnl: '10.00', tradeId: `T" onmouseover="alert('x')` }]),
    );
    expect(hostile).not.toContain('<script');
    expect(hostile).not.toContain('<b>');
    expect(hostile).not.toContain('onmouseover="');
    expect(hostile).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(hostile).toContain('<td>A&amp;B &quot;x&quot; &lt;b&gt;</td>');
    expect(hostile).toContain('title="Trade T&quot; onmouseover=&quot;alert(&#39;x&#39;)"');
    // The chart's tooltips too.
    expect(chartOf(hostile, 'equity')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; +10.00');
  });

  it('says so when nothing closed in the range, with no chart and no table', () => {
    const empty = renderHtmlReport(reportOf([], '2024-01-01', '2024-01-31'));
    expect(empty).toContain('No trade closed in this period.');
    expect(empty).not.toContain('<svg');
    expect(empty).not.toContain('<table');
    expect(totalsOf(empty)).toEqual({ trades: '0', wins: '0', losses: '0', winRatePercent: 'n/a', realizedPnl: '0.00', averageR: 'n/a', maxDrawdown: '0.00' });
  });

  it('draws one trade as a line from zero to its P&L, one day as one date', () => {
    const one = renderHtmlReport(reportOf([{ pnl: '75.25' }], '2025-01-15', '2025-01-15'));
    expect(one).toContain('<span data-range>2025-01-15</span>');
    const equity = lineOf(chartOf(one, 'equity'));
    expect(equity.points).toHaveLength(2);
    expect(equity.points[0].y).toBe(equity.zeroY);
    expect(equity.points[1].y).toBeLessThan(equity.zeroY);
    expect(equity.points[1].x).toBeGreaterThan(equity.points[0].x);
    expect(one).toContain('Max drawdown <strong data-max-drawdown>0.00</strong>: the curve never fell below its peak.');
    expect(lineOf(chartOf(one, 'drawdown')).points.every((p) => p.y === equity.zeroY || p.y > 0)).toBe(true);
  });

  it('keeps a curve that only loses inside the chart, under zero, its deepest point at the bottom', () => {
    const losing = renderHtmlReport(reportOf([{ pnl: '-10.00' }, { pnl: '-40.01' }, { pnl: '-210.00' }]));
    const svg = chartOf(losing, 'equity');
    const equity = lineOf(svg);
    expect(equity.points).toHaveLength(4);
    expect(equity.points.slice(1).every((p) => p.y > equity.zeroY)).toBe(true);
    expect(equity.points[2].y).toBeGreaterThan(equity.points[1].y);
    expect(Math.max(...equity.points.map((p) => p.y))).toBe(equity.points[3].y);
    expect(equity.points[3].y).toBeLessThanOrEqual(equity.viewBox[3]);
    expect(totalsOf(losing)).toMatchObject({ realizedPnl: '-260.01', maxDrawdown: '-260.01' });
    // Nothing above zero to shade green: the clip for gains is empty.
    expect(svg).toMatch(/<clipPath id="equity-above"><rect [^>]*height="0"\/>/);
  });
});
