export { createTestDatabase, type TestDatabase } from './test-database';
export {
  createNocoDbDecisionTable,
  insertNocoDbRows,
  snapshotAllTables,
  type NocoDbLayoutOptions,
  type NocoDbRow,
  type NocoDbTable,
  type NocoDbVariant,
} from './nocodb-layout';
export { CHROMIUM_PATH, chromiumInstalled, describeInBrowser, launchHeadlessChromium, openInChromium, type HeadlessChromium } from './headless-chromium';
export { startTestServer, type TestServer } from './test-server';
export { useTestDataSource } from './test-data-source';
export { bundleEntry } from './bundle-entry';
