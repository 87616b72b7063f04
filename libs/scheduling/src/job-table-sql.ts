import { getCreateIndexesSQL, getCreateTableSQL } from '@agendajs/postgres-backend';

/** The scheduler's job table (Agenda's) when the jobs live in the trading database. */
export const JOB_TABLE = 'agenda_jobs';

/**
 * The job table and its indexes, for setup (`db:setup`; the runtime's for the embedded database).
 * Created there, once, rather than by each scheduler at start: two schedulers starting at once on an
 * empty database race to create it.
 */
export function jobTableStatements(): string[] {
  return [getCreateTableSQL(JOB_TABLE), ...getCreateIndexesSQL(JOB_TABLE)];
}
