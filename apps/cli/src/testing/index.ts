// The CLI's test kit, for the tools' suites (the real-NocoDB trader scenario): the CLI run in-process.
export { jsonOf, resultOf, runCliForTest, type CliResult, type JsonDocument } from './run-cli';
