/**
 * A configuration problem an operator must fix before anything runs. The message names the variable
 * and what it expects; apps print it without a stack trace and exit with code 2.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = 2;
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? `Configuration error: ${problems[0]}` : `Configuration errors:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
