import { Writable } from 'node:stream';
import { runCli } from '../cli';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The JSON document of a --json run. */
export interface JsonDocument<T = Record<string, unknown>> {
  command: string | null;
  ok: boolean;
  exitCode: number;
  result?: T;
  error?: { kind: string; message: string };
}

/** Runs the CLI in-process with this environment only (no .env file), capturing both streams. */
export async function runCliForTest(args: readonly string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const out = capture();
  const err = capture();
  const code = await runCli(args, { stdout: out.stream, stderr: err.stream, env, envFile: false });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The `result` of a successful --json run; throws when there is none. */
export function resultOf<T = Record<string, unknown>>(result: CliResult): T {
  const document = jsonOf<T>(result);
  if (document.result === undefined) throw new Error(`No result in: ${result.stdout}${result.stderr}`);
  return document.result;
}

/** Parses stdout, which must hold exactly one JSON document and nothing else. */
export function jsonOf<T = Record<string, unknown>>(result: CliResult): JsonDocument<T> {
  return JSON.parse(result.stdout) as JsonDocument<T>;
}

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
