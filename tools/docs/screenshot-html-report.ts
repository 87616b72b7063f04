import { launchHeadlessChromium } from '@trading-monitor/test-harness';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The screenshot in docs/operations.md, taken the way the tests open the page: Debian's chromium,
// headless, no network. Usage (after `npx nx run cli:exec -- demo`):
//   npm run docs:screenshot -- [.data/demo-report.html] [docs/images/html-report.png]
async function main(): Promise<void> {
  const [html = '.data/demo-report.html', png = 'docs/images/html-report.png'] = process.argv.slice(2);
  const browser = await launchHeadlessChromium({ width: 1000, height: 800 });
  try {
    await browser.page.goto(pathToFileURL(resolve(html)).href);
    await browser.page.screenshot({ path: resolve(png), fullPage: true });
    if (browser.blocked.length > 0) throw new Error(`The page asked for the network: ${browser.blocked.join(', ')}`);
    console.log(`Wrote ${resolve(png)}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
