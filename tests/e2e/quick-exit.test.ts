import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Locale, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { RESOURCES } from '../../locales/index.js';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

/**
 * Acceptance 1 of issue 7, in real Chromium: the quick exit leaves for the configured neutral page
 * of the page's language, Back does not return to the portal, the plain link works with
 * JavaScript off, and screen readers hear the Shift count. The "neutral page" is a tiny server on
 * 127.0.0.1 started here, so nothing leaves the machine.
 */

interface LeavingState {
  title: string;
  mainShown: boolean;
  headerShown: boolean;
  status: string;
}

interface NeutralRequest {
  path: string;
  referer: string | undefined;
}

/** A stand-in for an ordinary website. Exit pages answer after a short pause, so the test can see the portal hidden meanwhile. */
async function startNeutralSite(): Promise<{
  url: string;
  requests: NeutralRequest[];
  close: () => Promise<void>;
}> {
  const requests: NeutralRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, referer: req.headers.referer });
    const send = () => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(
        `<!doctype html><html lang="en"><title>Weather</title><h1>Weather today</h1><p id="path">${path}</p>`,
      );
    };
    if (path.startsWith('/exit/')) setTimeout(send, 400);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function quickExitText(locale: Locale, key: 'pressedOnce' | 'pressedTwice' | 'leaving'): string {
  const common = RESOURCES[locale].common as { quickExit: Record<string, string> };
  return common.quickExit[key] ?? '';
}

function timedOutText(locale: Locale): string {
  return (RESOURCES[locale].info as { quickExit: { timedOut: string } }).quickExit.timedOut;
}

const statusText = (page: Page) => page.locator('#quick-exit-status').textContent();

describe('quick exit in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let neutral: Awaited<ReturnType<typeof startNeutralSite>>;
  const exitUrl = (locale: Locale) => `${neutral.url}/exit/${locale}`;

  beforeAll(async () => {
    neutral = await startNeutralSite();
    const exitUrls = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, exitUrl(l)]));
    portal = await startPortal({ EXIT_URLS: JSON.stringify(exitUrls) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await neutral?.close();
  });

  /** What each page looked like when it began to leave. */
  const leaving = new Map<Page, LeavingState>();

  /**
   * Reports the page's state to the test as soon as the quick exit marks it as leaving. The
   * observer is added through the browser's debugging protocol, so the page's CSP stays strict.
   */
  async function watchLeaving(page: Page): Promise<void> {
    await page.exposeFunction('__reportLeaving', (state: LeavingState) => {
      if (!leaving.has(page)) leaving.set(page, state);
    });
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (!document.documentElement.classList.contains('leaving')) return;
        const shown = (selector: string) => {
          const el = document.querySelector(selector);
          return el ? getComputedStyle(el).display !== 'none' : false;
        };
        (window as unknown as { __reportLeaving: (s: LeavingState) => void }).__reportLeaving({
          title: document.title,
          mainShown: shown('main'),
          headerShown: shown('header'),
          status: document.getElementById('quick-exit-status')?.textContent ?? '',
        });
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['class'] });
    });
  }

  /** A fresh browser whose history starts on an ordinary page, then opens the portal page. */
  async function openPortalPage(
    locale: Locale,
    path: string,
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    if (options.javaScriptEnabled !== false) await watchLeaving(page);
    await page.goto(`${neutral.url}/before`);
    const response = await page.goto(`${portal.baseUrl}/${locale}${path}`);
    expect(response?.status()).toBe(200);
    return { context, page };
  }

  const PAGES: [Locale, string][] = [
    ['en', '/'],
    ['th', '/safety'],
    ['km', '/help/request'],
  ];

  for (const [locale, path] of PAGES) {
    it(`Shift ×3 on /${locale}${path} hides the page, leaves for the neutral page, and Back does not return`, async () => {
      const { context, page } = await openPortalPage(locale, path);
      expect(await statusText(page)).toBe('');
      const historyLength = await page.evaluate(() => history.length);

      await page.keyboard.press('Shift');
      await expect.poll(() => statusText(page)).toBe(quickExitText(locale, 'pressedOnce'));
      await page.keyboard.press('Shift');
      await expect.poll(() => statusText(page)).toBe(quickExitText(locale, 'pressedTwice'));
      const exitsBefore = neutral.requests.filter((r) => r.path === `/exit/${locale}`).length;
      await page.keyboard.press('Shift');

      // The moment it starts leaving, while the neutral page is still loading, the portal page is
      // already blank and untitled (reported from inside the page by watchLeaving below).
      await expect
        .poll(() => leaving.get(page))
        .toEqual({
          title: '',
          mainShown: false,
          headerShown: false,
          status: quickExitText(locale, 'leaving'),
        });

      await page.waitForURL(exitUrl(locale));
      expect(await page.textContent('h1')).toBe('Weather today');
      const exits = neutral.requests.filter((r) => r.path === `/exit/${locale}`);
      expect(exits.length).toBe(exitsBefore + 1);
      expect(exits.at(-1)?.referer).toBeUndefined();

      // location.replace() took the portal page's place in the history: Back skips it.
      expect(await page.evaluate(() => history.length)).toBe(historyLength);
      await page.evaluate(() => history.back());
      await page.waitForURL(`${neutral.url}/before`);
      expect(page.url().startsWith(portal.baseUrl)).toBe(false);
      await context.close();
    });
  }

  it('leaves through the visible link with JavaScript on, also without a way Back', async () => {
    const { context, page } = await openPortalPage('my', '/families');
    await page.click('a.quick-exit');
    await page.waitForURL(exitUrl('my'));
    await page.evaluate(() => history.back());
    await page.waitForURL(`${neutral.url}/before`);
    await context.close();
  });

  it('works as a plain link with JavaScript off, sending no referrer', async () => {
    const { context, page } = await openPortalPage('lo', '/rights?country=LA', { javaScriptEnabled: false });
    const link = page.locator('a.quick-exit');
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('rel')).toContain('noreferrer');
    await link.click();
    await page.waitForURL(exitUrl('lo'));
    expect(await page.textContent('h1')).toBe('Weather today');
    expect(neutral.requests.filter((r) => r.path === '/exit/lo').at(-1)?.referer).toBeUndefined();
    await context.close();
  });

  it('starts the count again after another key, and after 5 seconds, and says so', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${portal.baseUrl}/en/families`);
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('a');
    await page.keyboard.press('Shift');
    await expect.poll(() => statusText(page)).toBe(quickExitText('en', 'pressedOnce'));
    await page.clock.runFor(5_100);
    await expect.poll(() => statusText(page)).toBe(timedOutText('en'));
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await expect.poll(() => statusText(page)).toBe(quickExitText('en', 'pressedTwice'));
    expect(new URL(page.url()).pathname).toBe('/en/families');
    await context.close();
  });
});
