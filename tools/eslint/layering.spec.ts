import nx from '@nx/eslint-plugin';
import { Linter } from 'eslint';
import { resolve } from 'node:path';
import tseslint from 'typescript-eslint';

// Dependencies point one way: apps → scheduling/reporting/demo → workflows → persistence/broker →
// domain. This proves the workspace's module-boundaries rule (layering.cjs) says so, project by project.
const { moduleBoundaries } = require('./layering.cjs');
// Resolved: the rule finds a file's project by its path, and a path through tools/eslint/.. is taken for this one's.
const workspaceRoot = resolve(__dirname, '../..');

/** The module-boundaries messages for `import … from '<source>'` in a production file of the project at `root`. */
function lintImport(root: string, source: string): string[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { '@nx': nx as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { '@nx/enforce-module-boundaries': moduleBoundaries },
    },
  ];
  const code = `import * as imported from '${source}';\nexport const x = imported;\n`;
  return new Linter({ cwd: workspaceRoot }).verify(code, config, `${workspaceRoot}/${root}/src/probe.ts`).map((m) => m.message);
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
  ])('accepts an import in %s of %s', (root, source) => {
    expect(lintImport(root, source)).toEqual([]);
  });
});
