import nx from '@nx/eslint-plugin';
import { Linter } from 'eslint';
import { resolve } from 'node:path';
import tseslint from 'typescript-eslint';

// The domain holds pure rules: this proves the workspace's lint rule refuses anything else in it.
// Plain CommonJS, shared with eslint.config.mjs. Here, not in libs/domain: a spec there that loads the
// rules made the domain, and so every project, depend on them in Nx's graph.
const { moduleBoundaries, domainNoBuiltins } = require('./layering.cjs');
// Resolved: the rule finds a file's project by its path, and a path through tools/eslint/.. is taken for this one's.
const workspaceRoot = resolve(__dirname, '../..');

function lintDomainSource(code: string): string[] {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser as Linter.Parser },
      plugins: { '@nx': nx as unknown as NonNullable<Linter.Config['plugins']>[string] },
      rules: { '@nx/enforce-module-boundaries': moduleBoundaries, 'no-restricted-imports': domainNoBuiltins },
    },
  ];
  const messages = new Linter({ cwd: workspaceRoot }).verify(code, config, `${workspaceRoot}/libs/domain/src/probe.ts`);
  return messages.map((m) => m.message);
}

describe('domain layering', () => {
  it('refuses an import of another project', () => {
    const messages = lintDomainSource(`import { loadConfig } from '@trading-monitor/config';\nexport const x = loadConfig;\n`);
    expect(messages).toEqual([expect.stringContaining('"layer:domain" cannot depend on any libs')]);
  });

  it.each(['pg', 'typeorm', 'node:fs', 'fs', 'http', '@alpacahq/alpaca-trade-api'])('refuses the I/O package %s', (pkg) => {
    const messages = lintDomainSource(`import * as io from '${pkg}';\nexport const x = io;\n`);
    expect(messages).toEqual([expect.stringMatching(/not allowed to import|holds pure rules/)]);
  });

  it('accepts the decimal library', () => {
    expect(lintDomainSource(`import Decimal from 'decimal.js';\nexport const x = Decimal;\n`)).toEqual([]);
  });
});
