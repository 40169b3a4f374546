/**
 * Debian's Chromium for the end-to-end tests (playwright-core cannot download a browser here).
 * Missing Chromium skips the e2e files with a message on a developer's machine, but fails them where
 * end-to-end tests were asked for: in CI (CI=true) or with GENTEN_E2E=1 (`npm run test:e2e`).
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { stopServe, type Serve } from './serve';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
const required = process.env.CI === 'true' || process.env.GENTEN_E2E === '1';

if (!hasChromium) {
  const message = `${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`;
  if (required) throw new Error(`[e2e] end-to-end tests were asked for, but ${message}.`);
  console.warn(`[e2e] skipped: ${message}.`);
}

/** The title suffix for a describe block that skips without Chromium. */
export const skippedNote = hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing)`;

/** Headless, offline Chromium: no background network, no component updates. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * A page of the app in a new context (Japanese, light theme unless `options` say otherwise) that
 * records page errors in `errors` and waits up to 30 s per step: a busy two-core machine is slow.
 */
export async function openAppPage(browser: Browser, errors: string[], options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', colorScheme: 'light', ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.setDefaultTimeout(30_000);
  return page;
}

/** Ends a browser test: the browser, the genten serve process, the temporary folder. */
export async function closeBrowserTest(parts: { browser?: Browser; serve?: Serve; temp: { cleanup(): void } }): Promise<void> {
  await parts.browser?.close();
  await stopServe(parts.serve);
  parts.temp.cleanup();
}
