module.exports = {
  displayName: 'runtime',
  preset: '../../jest.preset.cjs',
  // One embedded PostgreSQL per test run; each test file takes its own database from it.
  globalSetup: '../../tools/test-harness/global-setup.ts',
  globalTeardown: '../../tools/test-harness/global-teardown.ts',
};
