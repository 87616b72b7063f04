import type { Command } from 'commander';
import { setupConfiguredDatabase, type SetupReport } from '@trading-monitor/scheduling';
import type { CommandRunner } from '../command-runner';
import { JSON_FLAG, JSON_HELP, examples, type JsonOption } from './command-help';

export function registerDbSetup(program: Command, runner: CommandRunner): void {
  program
    .command('db:setup')
    .summary("Create the product's tables where missing (--production for NocoDB)")
    .description(
      "Create the product's tables, columns and indexes where missing; changes nothing that exists, safe to repeat. " +
        "With --production, NocoDB's analysis_decision must already exist and only its four product-owned columns are added; " +
        "with NOCODB_URL and NOCODB_API_TOKEN set, those fields and the trader's tables are made through NocoDB's API so NocoDB shows them. " +
        'The decisions table is found in any schema (NocoDB gives each base its own); ANALYSIS_DECISION_TABLE=schema.table chooses ' +
        "among several. The product's tables go into the same schema.",
    )
    .option('--production', "the NocoDB database: never create analysis_decision, only add the product's four columns to it")
    .option(JSON_FLAG, JSON_HELP)
    .addHelpText('after', examples('db:setup', 'db:setup --production'))
    .action((options: JsonOption & { production?: boolean }) =>
      runner.run(
        'db:setup',
        options,
        (ctx) => {
          ctx.progress('Setting up the database');
          return setupConfiguredDatabase(ctx.config, { production: Boolean(options.production) });
        },
        {
          render(report: SetupReport, out) {
            out(`Decisions table: ${report.decisionTable}.\n`);
            if (report.nocodb) {
              const { base, created, notes } = report.nocodb;
              if (created.length === 0) out(`NocoDB base ${base}: every field and table is there already.\n`);
              else {
                out(`Made through NocoDB's API in base ${base} (${created.length}):\n`);
                for (const line of created) out(`  ${line}\n`);
              }
              for (const line of notes) out(`  Note: ${line}\n`);
            }
            if (report.created.length === 0) out('Nothing to do: every table, column and index is already there.\n');
            else {
              out(`Created ${report.created.length}:\n`);
              for (const line of report.created) out(`  ${line}\n`);
            }
            if (report.skipped.length > 0) {
              out(`Skipped ${report.skipped.length} (not required):\n`);
              for (const line of report.skipped) out(`  ${line}\n`);
            }
            if (report.nocodbAdvice) for (const line of report.nocodbAdvice) out(`NocoDB: ${line}\n`);
          },
        },
      ),
    );
}
