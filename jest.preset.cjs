// Shared Jest settings for every project. SWC transpiles (no type checking: each project's
// `typecheck` target catches type errors): a fresh run transpiles each project's whole graph, which
// took ts-jest about ten seconds of CPU per project.
const { join } = require('node:path');

// These dependencies ship only ES modules, which Jest's CommonJS runtime cannot load untranspiled.
const esmOnly = ['agenda', '@agendajs'];

module.exports = {
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  testMatch: ['**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      {
        // TypeORM's entities: legacy decorators with their design-type metadata, as tsconfig.base.json has them.
        jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // A timeout only catches a test that hangs; it asserts no speed (speed lives in `npm run bench`).
  // Jest's 5 s default failed database tests on a busy 2-core machine, so: generous, not tight.
  testTimeout: 60_000,
  // FC_SEED / FC_PATH replay a printed fast-check failure (see the file).
  setupFilesAfterEnv: [join(__dirname, 'tools/test-harness/fast-check-replay.ts')],
};
