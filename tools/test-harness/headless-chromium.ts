import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

// A real browser for the pages this project writes: Debian's chromium package (CI installs it in
// .ci/run), driven by playwright-core, which downloads no browser of its own. Fresh profile, no
// network: every request that is not a file is aborted and remembered, so a test can say the page
// asked for nothing.

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox', // CI runs as root, where Chromium's sandbox will not start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface HeadlessChromium {
  page: Page;
  context: BrowserContext;
  /** Every request other than file:// the pages made, aborted: empty for a self-contained page. */
  blocked: string[];
  close(): Promise<void>;
}

/** Whether Debian's chromium is installed. */
export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Starts chromium headless on a fresh profile (a new --user-data-dir, removed on close). */
export async function launchHeadlessChromium(viewport = { width: 1100, height: 900 }): Promise<HeadlessChromium> {
  if (!chromiumInstalled()) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium).`);
  const profile = await mkdtemp(join(tmpdir(), 'tm-chromium-'));
  // launchPersistentContext is playwright's way to give Chromium a --user-data-dir of our choosing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport,
    serviceWorkers: 'block',
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    blocked,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A page this project wrote (an HTML file), opened in a fresh headless Chromium. */
export async function openInChromium(file: string): Promise<HeadlessChromium> {
  const browser = await launchHeadlessChromium();
  await browser.page.goto(pathToFileURL(file).href);
  return browser;
}

/**
 * `describe` for the checks of a page in a real browser. Without Chromium they are skipped, with a
 * message, except under CI=true (.ci/run installs it): there they run, and fail at the launch.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (chromiumInstalled() || process.env['CI'] === 'true') {
    describe(name, body);
    return;
  }
  console.warn(`Skipping "${name}": no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium). Under CI=true this fails instead.`);
  describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM_PATH})`, body);
}
