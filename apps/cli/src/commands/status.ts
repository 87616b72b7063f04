import type { Command } from 'commander';
import { tradingStatus, type TradingStatus } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { signed } from '../output/amounts';
import { renderTable } from '../output/table';
import { JSON_FLAG, JSON_HELP, examples } from './command-help';
import { jobAction } from './job-action';

export function registerStatus(program: Command, runner: CommandRunner): void {
  program
    .command('status')
    .summary('Open trades, working orders, positions, halt state')
    .description(
      'Show what the journal holds now: open trades, working orders, positions at their last marks, whether trading is halted ' +
        'and how many approved decisions wait. Reads the database only; `reconcile` compares with the broker.',
    )
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('status', 'status --json'))
    .action(jobAction(runner, 'status', tradingStatus, presenter));
}

const presenter: Presenter<TradingStatus> = {
  render(status, out) {
    out(
      status.halt.halted
        ? `Trading: HALTED since ${status.halt.since ?? '?'} (${status.halt.reason ?? 'no reason given'}). New entries wait for \`resume\`.\n`
        : 'Trading: active.\n',
    );
    out(`Decisions table: ${status.decisionTable}.\n`);
    out(`Order events: ${status.orderEvents.detail}.\n`);
    out(`Approved decisions waiting for the next execute run: ${status.pendingDecisions}.\n\n`);

    out(`Open trades (${status.openTrades.length})\n`);
    if (status.openTrades.length > 0) {
      out(
        renderTable(
          [
            { header: 'SYMBOL' },
            { header: 'STRATEGY' },
            { header: 'STATUS' },
            { header: 'QTY', align: 'right' },
            { header: 'FILLED', align: 'right' },
            { header: 'ENTRY', align: 'right' },
            { header: 'STOP', align: 'right' },
            { header: 'TARGET', align: 'right' },
            { header: 'REVIEWS', align: 'right' },
            { header: 'TRADE' },
          ],
          status.openTrades.map((t) => [
            t.symbol,
            t.strategy,
            t.status,
            t.plannedQty,
            t.filledQty ?? 0,
            t.entryPrice ?? t.plannedEntry ?? 'market',
            t.stopLoss,
            t.takeProfit ?? '',
            t.daysOpen ?? 0,
            t.tradeId,
          ]),
        ),
      );
    }
    out(`\nWorking orders (${status.workingOrders.length})\n`);
    if (status.workingOrders.length > 0) {
      out(
        renderTable(
          [
            { header: 'SYMBOL' },
            { header: 'ROLE' },
            { header: 'SIDE' },
            { header: 'QTY', align: 'right' },
            { header: 'FILLED', align: 'right' },
            { header: 'LIMIT', align: 'right' },
            { header: 'STOP', align: 'right' },
            { header: 'TIF' },
            { header: 'STATUS' },
            { header: 'ORDER' },
          ],
          status.workingOrders.map((o) => [
            o.symbol,
            o.role,
            o.side,
            o.qty,
            o.filledQty,
            o.limitPrice ?? '',
            o.stopPrice ?? '',
            o.timeInForce,
            o.status,
            o.orderId,
          ]),
        ),
      );
    }
    out(`\nPositions (${status.positions.length})${status.positions.length > 0 ? `, unrealized P&L ${signed(status.unrealizedPnl)}` : ''}\n`);
    if (status.positions.length > 0) {
      out(
        renderTable(
          [
            { header: 'SYMBOL' },
            { header: 'QTY', align: 'right' },
            { header: 'AVG ENTRY', align: 'right' },
            { header: 'PRICE', align: 'right' },
            { header: 'VALUE', align: 'right' },
            { header: 'UNREALIZED', align: 'right' },
            { header: 'MARKED AT' },
          ],
          status.positions.map((p) => [p.symbol, p.qty, p.avgEntryPrice, p.currentPrice, p.marketValue, signed(p.unrealizedPnl), p.markedAt ?? '']),
        ),
      );
    }
  },
};
