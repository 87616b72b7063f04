import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

// Test tooling stays behind its testing door: this proves the workspace's lint rule refuses it in
// production code and accepts it in specs and testing code. Plain CommonJS, shared with eslint.config.mjs.
const { productionImports, testCodeFiles } = require('./layering.cjs');
const workspaceRoot = `${__dirname}/../..`;

/** The messages the production-imports part of eslint.config.mjs gives for `code` in the file at `path`. */
function lint(path: string, code: string): string[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { '@typescript-eslint': tseslint.plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
    },
    { files: ['**/*.ts'], ignores: testCodeFiles, rules: { '@typescript-eslint/no-restricted-imports': productionImports } },
  ];
  return new Linter({ cwd: workspaceRoot }).verify(code, config, `${workspaceRoot}/${path}`).map((m) => m.message);
}

const importOf = (source: string) => `import * as imported from '${source}';\nexport const x = imported;\n`;

describe('production code reaches no test tooling', () => {
  it.each([
    ['@trading-monitor/broker/testing', 'A testing entry point'],
    ['@trading-monitor/workflows/testing', 'A testing entry point'],
    ['@trading-monitor/persistence/testing', 'A testing entry point'],
    ['@trading-monitor/scheduling/testing', 'A testing entry point'],
    ['./testing/alpaca-test-server', 'The testing folder'],
    ['../testing', 'The testing folder'],
    ['../fault-injection/campaign', 'The testing folder'],
    ['./contract/broker-contract', 'The testing folder'],
    ['fast-check', 'fast-check'],
    ['@trading-monitor/test-harness', 'The test harness'],
    ['../../tools/test-harness/test-database', 'The test harness'],
  ])('refuses %s in a production file', (source, message) => {
    expect(lint('libs/workflows/src/monitor-orders/monitor-orders.ts', importOf(source))).toEqual([expect.stringContaining(`${message} is test tooling`)]);
  });

  it('refuses a testing door re-exported from a main entry point', () => {
    const messages = lint('libs/broker/src/index.ts', `export { CountingBroker } from './testing';\n`);
    expect(messages).toEqual([expect.stringContaining('is test tooling')]);
  });

  it('refuses a type-only import too: the door is not part of the production API', () => {
    const messages = lint(
      'apps/cli/src/commands/status.ts',
      `import type { CountingBroker } from '@trading-monitor/broker/testing';\nexport type X = CountingBroker;\n`,
    );
    expect(messages).toEqual([expect.stringContaining('A testing entry point')]);
  });

  it.each([
    'libs/workflows/src/monitor-orders/monitor-orders.int.spec.ts',
    'libs/domain/src/pnl.spec.ts',
    'libs/workflows/src/testing/workflow-fixture.ts',
    'libs/broker/src/testing/index.ts',
    'libs/workflows/src/fault-injection/random-lifecycle.ts',
    'libs/broker/src/contract/broker-contract.ts',
    'apps/scheduler/src/testing/tick-recorder.ts',
  ])('accepts test tooling in the test code %s', (path) => {
    for (const source of ['@trading-monitor/broker/testing', 'fast-check', '@trading-monitor/test-harness', './testing/seeded-random']) {
      expect(lint(path, importOf(source))).toEqual([]);
    }
  });

  it.each(['@trading-monitor/broker', 'decimal.js', './testing-window', '../simulated/simulated-broker'])('accepts %s in a production file', (source) => {
    expect(lint('libs/workflows/src/monitor-orders/monitor-orders.ts', importOf(source))).toEqual([]);
  });
});
