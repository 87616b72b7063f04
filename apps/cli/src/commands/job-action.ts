import type { Runtime } from '@trading-monitor/runtime';
import type { DryRunReport } from '@trading-monitor/workflows';
import type { CommandRunner, Presenter } from '../command-runner';
import { EXIT, type ExitCode } from '../exit-codes';
import type { JsonOption } from './command-help';
import { renderDryRun } from './dry-run-output';

/** The action of a command that runs one job on the runtime, as its scheduled run does, and presents the result. */
export function jobAction<S>(runner: CommandRunner, command: string, job: (runtime: Runtime) => Promise<S>, presenter: Presenter<S>) {
  return (options: JsonOption) => runner.run(command, options, (ctx) => ctx.withRuntime(job), presenter);
}

export interface DryRunnableJob<S> {
  run(runtime: Runtime): Promise<S>;
  dryRun(runtime: Runtime): Promise<DryRunReport<S>>;
  presenter: Presenter<S>;
  /** The exit code of a dry run; 0 unless given. */
  dryRunExitCode?(summary: S): ExitCode;
}

/** The same for a job with --dry-run: then the job's dry run, shown as what it would send and mark, and what it would report. */
export function dryRunnableJobAction<S>(runner: CommandRunner, command: string, job: DryRunnableJob<S>) {
  const dryRunPresenter: Presenter<DryRunReport<S>> = {
    exitCode: (report) => job.dryRunExitCode?.(report.summary) ?? EXIT.ok,
    render(report, out) {
      renderDryRun(report, out);
      out('\nWhat the run would report:\n');
      job.presenter.render(report.summary, out);
    },
  };
  return (options: JsonOption & { dryRun?: boolean }) =>
    options.dryRun
      ? runner.run(command, options, (ctx) => ctx.withRuntime(job.dryRun), dryRunPresenter)
      : jobAction(runner, command, job.run, job.presenter)(options);
}
