// `npm run bench`: efficiency figures on a throwaway embedded PostgreSQL and the simulated broker.
// Figures are printed, never asserted (libs/workflows/src/fault-injection/broker-calls.int.spec.ts
// holds what is deterministic). See docs/benchmarks.md for what they mean.
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import { benchCliLatency, describeCliLatency } from './cli-latency.bench';
import { benchExecuteDecisions } from './execute-decisions.bench';
import { CHANGED, benchMonitorOrders } from './monitor-orders.bench';
import { benchMonitorPositions } from './monitor-positions.bench';
import { benchProtectionLatency, type LatencyFigures } from './protection-latency.bench';
import { benchStreamVersusPoll, type Percentiles } from './stream-latency.bench';
import { formatMs, renderMarkdown, renderTable, type BenchRow } from './table';
import { warmUp } from './warm-up.bench';
import { benchReplay, describeReplay } from './replay.bench';
import { startTestServer } from '@trading-monitor/test-harness';

// What a broker call costs at Alpaca's limit of about 200 requests a minute (docs/broker-rules.md#calls-and-limits).
const MS_PER_CALL_AT_RATE_LIMIT = 60_000 / 200;

async function main(): Promise<void> {
  const started = performance.now();
  progress('starting a throwaway embedded PostgreSQL');
  const server = await startTestServer();
  try {
    const postgres = await serverVersion(server.adminUrl);
    const rows: BenchRow[] = [];
    const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
      const at = performance.now();
      progress(`${label} …`);
      const result = await run();
      progress(`${label}: done in ${formatMs(performance.now() - at)}`);
      return result;
    };
    await step('warming up (every code path once, unmeasured)', () => warmUp(server.adminUrl));
    rows.push(await step('execute 1,000 decisions', () => benchExecuteDecisions(server.adminUrl)));
    rows.push(await step('monitorOrders, 500 open orders, none changed (product, then naive)', () => benchMonitorOrders(server.adminUrl, 0)));
    rows.push(await step(`monitorOrders, 500 open orders, ${CHANGED} filled (product, then naive)`, () => benchMonitorOrders(server.adminUrl, CHANGED)));
    rows.push(await step('monitorPositions, 200 positions (product, then naive)', () => benchMonitorPositions(server.adminUrl)));
    const latency = await step('entry fill → protection at the broker', async () => ({
      one: await benchProtectionLatency(server.adminUrl, 1),
      many: await benchProtectionLatency(server.adminUrl, CHANGED),
      naiveOne: await benchProtectionLatency(server.adminUrl, 1, true),
    }));
    const realTime = await step('entry fill → protection: trade_updates stream vs the 5-minute poll (loopback Alpaca server)', () =>
      benchStreamVersusPoll(server.adminUrl),
    );
    const cli = await step('CLI latency per command: through Nx, and the built program', () => benchCliLatency(server.adminUrl));

    const replay = await step('replay: 20 symbols × 3 months of 1-minute bars', () => benchReplay(server.adminUrl));

    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${postgres}`;
    const output = [
      '',
      `Machine: ${machine}`,
      '',
      renderTable(rows),
      '',
      'Entry fill → protection accepted at the broker, from the start of the order-monitor cycle that sees the fill (500 open orders):',
      `  product: 1 fill ${formatMs(latency.one.medianMs)}; ${describeLatency(latency.many)}`,
      `  naive:   1 fill ${formatMs(latency.naiveOne.medianMs)} (it reads all 500 orders first)`,
      '  In production add the wait for the next cycle: up to 5 minutes (docs/schedule.md).',
      '',
      'Entry fill → protection accepted at the broker, from the fill (loopback Alpaca server over HTTP and its trade_updates websocket):',
      `  stream, one fill at a time:        ${describePercentiles(realTime.streamSingle)}`,
      `  stream, ${realTime.burst} fills at once:         ${describePercentiles(realTime.streamBurst)}`,
      `  5-minute poll (wait for the tick + measured cycle): ${describePercentiles(realTime.poll)}; the cycle alone for ${realTime.burst} fills ${describePercentiles(realTime.pollCycle)}`,
      '',
      `Broker calls at Alpaca's ~200 requests/minute (${MS_PER_CALL_AT_RATE_LIMIT} ms of budget each), per monitor cycle:`,
      ...rows.flatMap((row) => (row.naive ? [`  ${row.scenario}: product ${budget(row.product)}, naive ${budget(row.naive)}`] : [])),
      '',
      ...describeReplay(replay),
      '',
      ...describeCliLatency(cli),
      '',
      `Total bench time ${formatMs(performance.now() - started)}.`,
    ];
    console.log(output.join('\n'));
    if (process.env['BENCH_MARKDOWN']) console.log(`\n${renderMarkdown(rows)}\n`);
  } finally {
    await server.stop();
  }
}

function budget(m: { reads: number; writes: number }): string {
  return formatMs((m.reads + m.writes) * MS_PER_CALL_AT_RATE_LIMIT);
}

function describeLatency(figures: LatencyFigures): string {
  return `${figures.fills} fills: median ${formatMs(figures.medianMs)}, last ${formatMs(figures.maxMs)}`;
}

function describePercentiles(p: Percentiles): string {
  return `${p.fills} fills: p50 ${formatMs(p.p50Ms)}, p99 ${formatMs(p.p99Ms)}, max ${formatMs(p.maxMs)}`;
}

function progress(message: string): void {
  process.stderr.write(`▸ ${message}\n`);
}

async function serverVersion(adminUrl: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0].server_version} (embedded)`;
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
