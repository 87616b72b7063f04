import type { DryRunReport } from '@trading-monitor/workflows';
import { renderTable } from '../output/table';

/** The part every dry run prints: that nothing happened, the orders it would send, the rows it would mark. */
export function renderDryRun(report: DryRunReport<unknown>, out: (text: string) => void): void {
  out('Dry run: nothing was sent to the broker and nothing was written to the database.\n');
  if (report.orders.length === 0) out('Orders it would send: none.\n');
  else {
    out(`Orders it would send (${report.orders.length}):\n`);
    out(
      renderTable(
        [{ header: 'ACTION' }, { header: 'SYMBOL' }, { header: 'ORDER' }, { header: 'ID' }],
        report.orders.map((o) => [o.action, o.symbol, o.description, o.clientOrderId ?? o.orderId ?? '']),
      ),
    );
  }
  if (report.markedRows.length === 0) out('Decision rows it would mark executed: none.\n');
  else {
    out(`Decision rows it would mark executed (${report.markedRows.length}):\n`);
    out(
      renderTable(
        [{ header: 'ROW' }, { header: 'DECISION' }, { header: 'SYMBOL' }, { header: 'OUTCOME' }],
        report.markedRows.map((d) => [d.rowKey, d.analysisId, d.symbol ?? '', d.outcome]),
      ),
    );
  }
}
