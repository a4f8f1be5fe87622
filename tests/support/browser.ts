import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with every background network feature off (nothing leaves the machine). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * The browser's Back button. Chromium sometimes answers Playwright's look-up of the history with
 * "Not attached to an active page" when the previous page is being swapped into another renderer
 * (seen after a form's 303 redirect, about one run in three in a given file order); the look-up
 * comes before any navigation, so it is asked again. Any other error is the test's.
 */
export async function goBack(page: Page, options: Parameters<Page['goBack']>[0] = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goBack(options);
      return;
    } catch (error) {
      if (attempt >= 3 || !/Not attached to an active page/.test(String(error))) throw error;
      await page.waitForLoadState();
    }
  }
}
