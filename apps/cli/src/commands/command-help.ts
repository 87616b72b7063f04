/** The --json flag every command takes. */
export const JSON_FLAG = '--json';
export const JSON_HELP = 'print the result as one JSON document on standard output (logs stay on standard error)';

/** The "Examples:" block shown under a command's --help. */
export function examples(...commandLines: string[]): string {
  return `\nExamples:\n${commandLines.map((line) => `  $ trading-monitor ${line}`).join('\n')}\n`;
}

export interface JsonOption {
  json?: boolean;
}
