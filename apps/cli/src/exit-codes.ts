/** The CLI's exit codes, the same for every command. */
export const EXIT = {
  /** Done, nothing needs a person. */
  ok: 0,
  /** The command ran into a failure, or found something that needs a person (alarms, unhealthy, not reconciled). */
  failure: 1,
  /** Usage or configuration error: nothing ran. Fix the command line, the environment or the database setup. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
