import type { MonitorOrdersSummary } from '@trading-monitor/workflows';
import { signed } from '../output/amounts';
import { renderTable } from '../output/table';

/** The trades a monitor run closed, with why, at what price and for what P&L. */
export function closedTradesTable(closed: MonitorOrdersSummary['closed']): string {
  return renderTable(
    [{ header: 'SYMBOL' }, { header: 'TRADE' }, { header: 'REASON' }, { header: 'EXIT', align: 'right' }, { header: 'P&L', align: 'right' }],
    closed.map((c) => [c.symbol, c.tradeId, c.reason, c.exitPrice, signed(c.pnl)]),
  );
}
