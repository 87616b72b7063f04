import { createDataSource, type DataSource } from '@trading-monitor/persistence';
import { createWorkflowFixture, resetWorkflowFixture, type WorkflowFixture } from '../testing/workflow-fixture';
import { runRandomLifecycle, type Chaos, type RunOutcome } from './random-lifecycle';

export interface CampaignOptions {
  /** Shown in the summary and in every failure, with the command that replays a seed. */
  name: string;
  /** The spec file, for the replay command. */
  spec: string;
  seeds: readonly number[];
  /** The chaos of one run; `processes` is filled in when the campaign has other processes. */
  chaos: (seed: number, otherProcesses: readonly DataSource[]) => Chaos;
  /** Extra processes (data sources with their own pools) the runs may use. */
  otherProcesses?: number;
  /** Databases playing their share of the seeds side by side (default 1). */
  lanes?: number;
  /** Job errors a run may show (the database dropped under a job); any other is a failure. */
  toleratedJobError?: RegExp;
}

export interface CampaignReport {
  runs: number;
  /** Runs whose process died somewhere (once or twice). */
  crashed: number;
  /** Where the processes died, every crash counted: `execute/submitEntry/after` → count. */
  crashPoints: Map<string, number>;
  faults: { transient: number; ambiguous: number; lostCancelReplies: number; drops: number };
  /** One line per failing run: the seed to replay, what broke, and the run's steps for the first few. */
  failures: string[];
  seconds: number;
}

/** Runs only this seed when set, in whichever campaign: `FAULT_SEED=1234 npx jest src/fault-injection/<spec>`. */
const REPLAY = process.env['FAULT_SEED'];
/**
 * Explores beyond the fixed seeds: `FAULT_RUNS=2000 FAULT_FIRST_SEED=900001 npx jest src/fault-injection/<spec>`
 * plays 2000 other seeds (and takes that much longer: the test's timeout grows, campaignTimeout).
 */
const EXPLORE = process.env['FAULT_RUNS'] ? seedRange(Number(process.env['FAULT_FIRST_SEED'] ?? 900_001), Number(process.env['FAULT_RUNS'])) : undefined;
const STEPS_SHOWN = 3;

/**
 * The test's timeout: `normal` for the fixed seeds of the test suite; half an hour when exploring
 * (`npm run fault-campaign`), whose thousand runs take minutes on a shared machine. A timeout given
 * to `it` wins over jest's --testTimeout, so the spec asks here.
 */
export function campaignTimeout(normal: number): number {
  return EXPLORE ? 1_800_000 : normal;
}

/**
 * Plays a randomized lifecycle once per seed on one database, emptied between runs, and collects
 * every run that broke an invariant (or whose jobs threw) with the seed and the command to replay it.
 * With `lanes`, that many databases play their share of the seeds side by side: a run waits on
 * PostgreSQL most of the time, and the waits of several lanes overlap.
 */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = Date.now();
  const seeds = REPLAY ? [Number(REPLAY)] : (EXPLORE ?? options.seeds);
  const report: CampaignReport = {
    runs: 0,
    crashed: 0,
    crashPoints: new Map(),
    faults: { transient: 0, ambiguous: 0, lostCancelReplies: 0, drops: 0 },
    failures: [],
    seconds: 0,
  };
  const lanes = Math.min(options.lanes ?? 1, seeds.length);
  const failures: Array<[number, string]> = [];
  await Promise.all(
    Array.from({ length: lanes }, (_, lane) =>
      runLane(
        options,
        seeds.map((seed, index) => [index, seed] as const).filter(([index]) => index % lanes === lane),
        report,
        failures,
      ),
    ),
  );
  report.failures = failures.sort(([a], [b]) => a - b).map(([, failure]) => failure);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

async function runLane(
  options: CampaignOptions,
  runs: ReadonlyArray<readonly [number, number]>,
  report: CampaignReport,
  failures: Array<[number, string]>,
): Promise<void> {
  let f: WorkflowFixture = await createWorkflowFixture();
  const others: DataSource[] = [];
  try {
    for (let i = 0; i < (options.otherProcesses ?? 0); i++) {
      others.push(await createDataSource(f.db.url, { poolSize: 2, applicationName: `fault-injection process ${i + 2}` }).initialize());
    }
    for (const [index, seed] of runs) {
      f = await resetWorkflowFixture(f);
      const chaos = options.chaos(seed, others);
      let outcome: RunOutcome;
      try {
        outcome = await runRandomLifecycle(f, seed, chaos);
      } catch (error) {
        failures.push([index, describe(options, index, seed, [`the run itself threw: ${(error as Error).stack ?? String(error)}`])]);
        continue;
      }
      tally(report, outcome);
      const jobErrors = outcome.jobErrors.filter((e) => !options.toleratedJobError?.test(e));
      const broken = [...outcome.problems, ...jobErrors.map((e) => `a job threw: ${e}`)];
      if (broken.length > 0) {
        const steps = failures.length < STEPS_SHOWN || REPLAY ? outcome.steps : [];
        failures.push([index, describe(options, index, seed, broken, steps)]);
      }
    }
  } finally {
    for (const other of others) await other.destroy();
    await f.close();
  }
}

function tally(report: CampaignReport, outcome: RunOutcome): void {
  report.runs++;
  if (outcome.crashes.length > 0) report.crashed++;
  for (const crash of outcome.crashes) {
    const point = `${crash.job}/${crash.method}/${crash.before ? 'before' : 'after'}`;
    report.crashPoints.set(point, (report.crashPoints.get(point) ?? 0) + 1);
  }
  if (outcome.faults) {
    report.faults.transient += outcome.faults.transient;
    report.faults.ambiguous += outcome.faults.ambiguousCreated + outcome.faults.ambiguousLost;
    report.faults.lostCancelReplies += outcome.faults.lostCancelReply;
    report.faults.drops += outcome.faults.drops;
  }
}

function describe(options: CampaignOptions, index: number, seed: number, problems: string[], steps: string[] = []): string {
  const replay = `FAULT_SEED=${seed} npx jest ${options.spec}`;
  return [`${options.name}, run ${index + 1}, seed ${seed} (replay: ${replay}):`, ...problems.map((p) => `  - ${p}`), ...steps.map((s) => `    | ${s}`)].join(
    '\n',
  );
}

/** One line for the test log: what ran, how much went wrong on purpose, and how long it took. */
export function summarize(name: string, report: CampaignReport): string {
  const faults = report.faults;
  const injected = [
    report.crashed ? `${report.crashed} runs crashed (${[...report.crashPoints.values()].reduce((a, b) => a + b, 0)} crashes)` : '',
    faults.transient ? `${faults.transient} transient faults` : '',
    faults.ambiguous ? `${faults.ambiguous} ambiguous submits` : '',
    faults.lostCancelReplies ? `${faults.lostCancelReplies} lost cancel replies` : '',
    faults.drops ? `${faults.drops} database drops` : '',
  ].filter(Boolean);
  return `${name}: ${report.runs} runs, ${injected.join(', ') || 'no faults'}; ${report.failures.length} failing; ${report.seconds.toFixed(1)} s`;
}

/** Seeds `first`, `first + 1`, … : fixed, so every CI run plays the same runs. */
export function seedRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}
