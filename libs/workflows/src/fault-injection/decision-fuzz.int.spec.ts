import { clientOrderIdOf, parseDecision } from '@trading-monitor/domain';
import { AnalysisDecision, createDataSource, type DataSource } from '@trading-monitor/persistence';
import { executeDecisions, type ExecuteDecisionsSummary } from '../execute-decisions/execute-decisions';
import { createWorkflowFixture, type WorkflowFixture } from '../testing/workflow-fixture';
import { fuzzedDecisions } from './decision-arbitraries';

// 10,000 generated decisions, malformed and edge-case and some valid, through one execute run (four
// executors side by side, as a second scheduler or a CLI run would be). The domain's parseDecision
// is the oracle for which ones are invalid.
const SEED = 20_261_125;
const COUNT = 10_000;
const EXECUTORS = 4;

let f: WorkflowFixture;
const others: DataSource[] = [];
beforeAll(async () => {
  f = await createWorkflowFixture();
  for (let i = 1; i < EXECUTORS; i++) others.push(await createDataSource(f.db.url, { poolSize: 2 }).initialize());
});
afterAll(async () => {
  for (const other of others) await other.destroy();
  await f.close();
});

it(`${COUNT} fuzzed decisions: no crash, no order for an invalid one, a recorded reason for each, at most one order for a valid one`, async () => {
  // "Analysis_Id" is VARCHAR(255): a unique prefix, then whatever odd shape the row came with.
  const rows = fuzzedDecisions(SEED, COUNT).map(({ idSuffix, ...row }, i) => ({
    id: Array.from(`F${String(i).padStart(5, '0')}${idSuffix}`)
      .slice(0, 255)
      .join(''),
    ...row,
  }));
  for (let i = 0; i < rows.length; i += 1000) await f.seedDecisions(rows.slice(i, i + 1000).map(({ id, ticker, decision }) => ({ id, ticker, decision })));

  // The oracle reads what the database gives back, as the executor does.
  const stored = await f.dataSource.getRepository(AnalysisDecision).find();
  const invalid = new Map<string, string[]>();
  for (const row of stored) {
    const parsed = parseDecision({ ticker: row.ticker, decision: row.decision });
    if (!parsed.ok) invalid.set(row.analysisId, parsed.problems);
  }

  const runs: ExecuteDecisionsSummary[] = await Promise.all([f.dataSource, ...others].map((dataSource) => executeDecisions({ ...f.deps, dataSource })));
  const outcomes = runs.flatMap((run) => run.decisions);
  expect(runs.map((run) => run.stoppedEarly)).toEqual(runs.map(() => undefined));
  expect(outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'deferred')).toEqual([]);
  expect(outcomes).toHaveLength(COUNT);
  expect(new Set(outcomes.map((o) => o.analysisId)).size).toBe(COUNT);

  const [{ unexecuted }] = await f.dataSource.query(`SELECT count(*)::int AS unexecuted FROM analysis_decision WHERE executed IS NOT TRUE`);
  expect(unexecuted).toBe(0);

  // Every invalid decision: refused, with its reasons in execution_log, and nothing placed for it.
  const refusals: Array<{ id: string; message: string; problems: string[] | null }> = await f.dataSource.query(
    `SELECT analysis_decision_id AS id, message, details->'problems' AS problems FROM execution_log WHERE action = 'decision.refused'`,
  );
  const refusalOf = new Map(refusals.map((r) => [r.id, r]));
  const atBroker = new Set((await f.sim.listOrders({ status: 'all' })).map((o) => o.clientOrderId));
  const journaled: Array<{ id: string; trades: number; entries: number }> = await f.dataSource.query(
    `SELECT d."Analysis_Id" AS id,
            (SELECT count(*)::int FROM trade_journal t WHERE t.initial_analysis_id = d."Analysis_Id") AS trades,
            (SELECT count(*)::int FROM order_execution o WHERE o.analysis_decision_id = d."Analysis_Id" AND o.order_type = 'ENTRY') AS entries
       FROM analysis_decision d`,
  );
  const wrong: string[] = [];
  for (const [id, problems] of invalid) {
    const refusal = refusalOf.get(id);
    if (!refusal || !refusal.message.includes(problems[0]) || (refusal.problems?.length ?? 0) === 0) wrong.push(`${id}: no recorded reason (${problems[0]})`);
    if (atBroker.has(clientOrderIdOf({ scopeId: id, leg: 'entry', sequence: 1 }))) wrong.push(`${id}: invalid, yet an order was placed`);
  }
  for (const row of journaled) {
    if (invalid.has(row.id) && (row.trades > 0 || row.entries > 0)) wrong.push(`${row.id}: invalid, yet journaled`);
    if (row.trades > 1 || row.entries > 1) wrong.push(`${row.id}: ${row.trades} trades, ${row.entries} entries`);
  }
  expect(wrong).toEqual([]);

  // The mix was worth fuzzing: mostly invalid, some valid that were placed.
  const placed = outcomes.filter((o) => o.outcome === 'placed' || o.outcome === 'amended').length;
  console.log(
    `decision fuzz: ${COUNT} decisions, ${invalid.size} invalid (all refused with a reason), ${placed} placed, ${COUNT - invalid.size - placed} valid but refused or reviewed`,
  );
  expect(invalid.size).toBeGreaterThan(COUNT / 2);
  expect(placed).toBeGreaterThan(30);
}, 180_000);
