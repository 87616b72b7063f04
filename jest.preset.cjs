// Shared Jest settings for every project. ts-jest runs transpile-only (isolatedModules) for speed;
// each project's `typecheck` target catches type errors instead.
const { join } = require('node:path');

// These dependencies ship only ES modules, which Jest's CommonJS runtime cannot load untranspiled.
const esmOnly = ['agenda', '@agendajs'];

module.exports = {
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  testMatch: ['**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.(ts|js|mjs)$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.jest.json') }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // A timeout only catches a test that hangs; it asserts no speed (speed lives in `npm run bench`).
  // Jest's 5 s default failed database tests on a busy 2-core machine, so: generous, not tight.
  testTimeout: 60_000,
  // FC_SEED / FC_PATH replay a printed fast-check failure (see the file).
  setupFilesAfterEnv: [join(__dirname, 'tools/test-harness/fast-check-replay.ts')],
};
