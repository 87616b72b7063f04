module.exports = {
  displayName: 'domain',
  preset: '../../jest.preset.cjs',
  // Coverage is always collected, so the test target itself fails when the domain's rules lose tests.
  collectCoverage: true,
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/index.ts'],
  coverageDirectory: '../../coverage/libs/domain',
  coverageReporters: ['text-summary', 'text', 'lcov'],
  coverageThreshold: { global: { lines: 95 } },
};
