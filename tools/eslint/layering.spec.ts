import nx from '@nx/eslint-plugin';
import { Linter } from 'eslint';
import { resolve } from 'node:path';
import tseslint from 'typescript-eslint';

// Dependencies point one way: apps → demo/replay → runtime → scheduling/reporting → workflows →
// persistence/broker → domain. This proves the workspace's module-boundaries rule (layering.cjs) says
// so, project by project, and that the jobs never create their own broker.
const { moduleBoundaries, workflowsNoBrokerCreation } = require('./layering.cjs');
// Resolved: the rule finds a file's project by its path, and a path through tools/eslint/.. is taken for this one's.
const workspaceRoot = resolve(__dirname, '../..');

/** The lint messages for `code` in a production file of the project at `root` (workflows' own rule included). */
function lintSource(root: string, code: string): string[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { '@nx': nx as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { '@nx/enforce-module-boundaries': moduleBoundaries },
    },
    // As libs/workflows/eslint.config.mjs applies it.
    { files: ['libs/workflows/**/*.ts'], rules: { 'no-restricted-imports': workflowsNoBrokerCreation } },
  ];
  return new Linter({ cwd: workspaceRoot }).verify(code, config, `${workspaceRoot}/${root}/src/probe.ts`).map((m) => m.message);
}

/** The module-boundaries messages for `import … from '<source>'` in a production file of the project at `root`. */
function lintImport(root: string, source: string): string[] {
  return lintSource(root, `import * as imported from '${source}';\nexport const x = imported;\n`);
}

describe('the layering of the workspace', () => {
  // An import against the arrows is refused by tag, or, where the other project already depends on
  // this one, as the cycle it would close.
  it.each([
    ['libs/workflows', '@trading-monitor/scheduling'],
    ['libs/workflows', '@trading-monitor/reporting'],
    ['libs/workflows', '@trading-monitor/demo'],
    ['libs/scheduling', '@trading-monitor/reporting'],
    ['libs/scheduling', '@trading-monitor/demo'],
    ['libs/reporting', '@trading-monitor/scheduling'],
    ['libs/reporting', '@trading-monitor/demo'],
    ['libs/demo', '@trading-monitor/scheduling'],
    ['libs/replay', '@trading-monitor/scheduling'],
    ['libs/replay', '@trading-monitor/demo'],
    ['libs/reporting', '@trading-monitor/replay'],
    ['libs/persistence', '@trading-monitor/workflows'],
    ['libs/broker', '@trading-monitor/persistence'],
    ['apps/cli', '@trading-monitor/persistence'],
    ['apps/scheduler', '@trading-monitor/broker'],
    // The runtime is the wiring above the libraries: none of them opens one.
    ['libs/workflows', '@trading-monitor/runtime'],
    ['libs/scheduling', '@trading-monitor/runtime'],
    ['libs/reporting', '@trading-monitor/runtime'],
    ['libs/persistence', '@trading-monitor/runtime'],
    ['libs/broker', '@trading-monitor/runtime'],
    ['libs/telemetry', '@trading-monitor/runtime'],
    ['libs/runtime', '@trading-monitor/reporting'],
    ['libs/runtime', '@trading-monitor/demo'],
  ])('refuses an import in %s of %s', (root, source) => {
    expect(lintImport(root, source)).toEqual([expect.stringMatching(/can only depend on libs tagged|Circular dependency/)]);
  });

  it.each([
    ['libs/scheduling', '@trading-monitor/workflows'],
    ['libs/reporting', '@trading-monitor/persistence'],
    ['libs/demo', '@trading-monitor/reporting'],
    ['libs/demo', '@trading-monitor/workflows'],
    ['libs/telemetry', '@trading-monitor/reporting'],
    ['apps/cli', '@trading-monitor/demo'],
    ['apps/cli', '@trading-monitor/replay'],
    ['libs/replay', '@trading-monitor/reporting'],
    ['libs/replay', '@trading-monitor/workflows'],
    ['apps/cli', '@trading-monitor/scheduling'],
    ['apps/scheduler', '@trading-monitor/scheduling'],
    ['apps/scheduler', '@trading-monitor/workflows'],
    ['apps/cli', '@trading-monitor/runtime'],
    ['apps/scheduler', '@trading-monitor/runtime'],
    ['libs/demo', '@trading-monitor/runtime'],
    ['libs/replay', '@trading-monitor/runtime'],
    ['libs/runtime', '@trading-monitor/scheduling'],
    ['libs/runtime', '@trading-monitor/workflows'],
    ['libs/runtime', '@trading-monitor/persistence'],
    ['libs/runtime', '@trading-monitor/broker'],
    ['libs/runtime', '@trading-monitor/config'],
  ])('accepts an import in %s of %s', (root, source) => {
    expect(lintImport(root, source)).toEqual([]);
  });

  describe('the broker the jobs run on', () => {
    const creating = `import { createBroker } from '@trading-monitor/broker';\nexport const x = createBroker;\n`;

    it('is not created in workflows, with where to create it instead', () => {
      expect(lintSource('libs/workflows', creating)).toEqual([
        expect.stringContaining('@trading-monitor/runtime creates both (openRuntime, startOrderEvents)'),
      ]);
      expect(lintSource('libs/workflows', `import * as broker from '@trading-monitor/broker';\nexport const x = broker;\n`)).toEqual([
        expect.stringContaining('createBroker'),
      ]);
    });

    it('nor is its trade_updates stream', () => {
      const streaming = `import { createTradeUpdateStream } from '@trading-monitor/broker';\nexport const x = createTradeUpdateStream;\n`;
      expect(lintSource('libs/workflows', streaming)).toEqual([expect.stringContaining('createTradeUpdateStream')]);
      expect(lintSource('libs/runtime', streaming)).toEqual([]);
    });

    it('is received by workflows: the port and the simulator stay importable', () => {
      const receiving = `import { SimulatedBroker, type ManagedBroker } from '@trading-monitor/broker';\nexport const x = (b: ManagedBroker) => [b, SimulatedBroker];\n`;
      expect(lintSource('libs/workflows', receiving)).toEqual([]);
    });

    it('is created by the runtime', () => {
      expect(lintSource('libs/runtime', creating)).toEqual([]);
    });
  });
});
