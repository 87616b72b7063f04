/** A stream the CLI writes to: standard output or error, or a test's capture. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

/** Everything the CLI touches outside itself, so a test can run it in-process. */
export interface CliIo {
  /** Results: tables, or exactly one JSON document with --json. */
  stdout: OutputStream;
  /** Logs, progress, error messages. */
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** The `.env` file to read (default `./.env`); false reads none. */
  envFile?: string | false;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
