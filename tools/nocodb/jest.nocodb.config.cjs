// The real-NocoDB suite (`npm run test:nocodb`): its own config, so `npm test` stays fast and needs no NocoDB.
// Each spec starts a fresh NocoDB 0.301.3 over PostgreSQL 15 with tools/nocodb/nocodb-local.sh (one at a time).
module.exports = {
  displayName: 'nocodb',
  preset: '../../jest.preset.cjs',
  testMatch: ['<rootDir>/**/*.nocodb.spec.ts'],
  maxWorkers: 1,
  testTimeout: 180_000,
};
