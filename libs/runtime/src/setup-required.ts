import { readSetupState, type Database } from '@trading-monitor/persistence';

/** A configured database without the product's tables: the apps exit 2 with the message's `db:setup` hint. */
export class SetupRequired extends Error {
  override readonly name = 'SetupRequired';
  readonly exitCode = 2;
}

/** Throws SetupRequired unless `db:setup` has made the configured database ready for the jobs. */
export async function assertSetUp(database: Database): Promise<void> {
  const state = await readSetupState(database.dataSource.manager);
  if (!state.productTables) {
    throw new SetupRequired(
      `The trading tables are missing in this database. Run \`db:setup --production\` once (it adds only the product's tables and the four analysis_decision columns), then try again. They go in schema ${state.schema}${state.decisionTable ? `, beside ${state.decisionTable}` : ''}.`,
    );
  }
  if (state.problems.length > 0) throw new SetupRequired(`The database is not ready: ${state.problems.join('; ')}.`);
}
