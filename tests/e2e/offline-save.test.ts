import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../locales/index.js';
import { isSaveable } from '../../web/islands/offline-policy.js';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

/**
 * "Save for offline on this phone" in real Chromium: nothing is registered or stored until the
 * person asks; then only general pages are kept; "Remove what this site saved" leaves nothing.
 */

const offline = (RESOURCES.en.info as { offline: Record<string, string> }).offline;

/** Everything this origin keeps in the browser: service workers, caches, web storage. */
function stored(page: Page) {
  return page.evaluate(async () => {
    const registrations = await navigator.serviceWorker.getRegistrations();
    const cacheNames = await caches.keys();
    const urls: string[] = [];
    for (const name of cacheNames) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) urls.push(request.url);
    }
    return {
      workers: registrations.length,
      cacheNames,
      urls,
      webStorage: localStorage.length + sessionStorage.length,
    };
  });
}

describe('save for offline in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('stores nothing until asked, keeps only general pages, and removes everything in one tap', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/en/', '/en/services', '/en/help/request', '/en/families', '/en/safety'])
      await page.goto(`${portal.baseUrl}${path}`);
    expect(await stored(page)).toEqual({ workers: 0, cacheNames: [], urls: [], webStorage: 0 });
    expect(await context.cookies()).toEqual([]);

    const status = page.locator('[data-offline-status]');
    await expect.poll(() => status.textContent()).toBe(offline.statusOff);
    await page.click('button[data-offline-save]');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(offline.statusSaved);

    // Pages opened later go through the worker; personal ones are never kept.
    await page.goto(`${portal.baseUrl}/en/help/status`);
    await page.goto(`${portal.baseUrl}/en/card?id=x`);
    await page.goto(`${portal.baseUrl}/en/safety`);
    const saved = await stored(page);
    expect(saved.workers).toBe(1);
    expect(saved.cacheNames).toEqual(['waypoint-offline-v1']);
    const paths = saved.urls.map((u) => new URL(u).pathname);
    for (const p of ['/en/', '/en/services', '/en/urgent', '/en/safety', '/en/families', '/en/rights'])
      expect(paths).toContain(p);
    for (const u of saved.urls) expect(isSaveable(new URL(u), portal.baseUrl), u).toBe(true);
    expect(paths.some((p) => p.includes('/help/') || p.includes('/card'))).toBe(false);
    expect(saved.webStorage).toBe(0);

    // Without a connection, a saved page still opens (and a personal one does not).
    await context.setOffline(true);
    await page.goto(`${portal.baseUrl}/en/families`);
    expect(await page.textContent('h1')).toBe(
      (RESOURCES.en.info as { families: { heading: string } }).families.heading,
    );
    await expect(page.goto(`${portal.baseUrl}/en/help/request`)).rejects.toThrow(); // really offline; never kept
    await page.waitForURL(/^chrome-error:/);
    await context.setOffline(false);
    await page.goto(`${portal.baseUrl}/en/safety`);

    await page.click('form[data-offline-remove] button');
    await page.waitForURL(`${portal.baseUrl}/en/safety/remove-saved`);
    expect(await page.textContent('h1')).toBe(offline.removedTitle);
    expect(await stored(page)).toEqual({ workers: 0, cacheNames: [], urls: [], webStorage: 0 });
    await context.close();
  });

  it('removes what was saved through the plain form alone (Clear-Site-Data), as without JavaScript', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/th/safety`);
    await page.click('button[data-offline-save]');
    const saved = (RESOURCES.th.info as { offline: Record<string, string> }).offline.statusSaved;
    await expect
      .poll(() => page.locator('[data-offline-status]').textContent(), { timeout: 15_000 })
      .toBe(saved);
    expect((await stored(page)).workers).toBe(1);

    // form.submit() skips the island's submit handler: only the server's answer can clear things.
    await page.evaluate(() =>
      (document.querySelector('form[data-offline-remove]') as HTMLFormElement).submit(),
    );
    await page.waitForURL(`${portal.baseUrl}/th/safety/remove-saved`);
    await expect.poll(() => stored(page)).toEqual({ workers: 0, cacheNames: [], urls: [], webStorage: 0 });
    await context.close();
  });
});
