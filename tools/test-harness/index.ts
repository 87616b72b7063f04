export { createTestDatabase, type TestDatabase } from './test-database';
export { CHROMIUM_PATH, chromiumInstalled, launchHeadlessChromium, type HeadlessChromium } from './headless-chromium';
