import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

describe('home page in Chromium', () => {
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

  it('follows the language redirect and shows the page with its quick exit', async () => {
    const context = await browser.newContext({ locale: 'km-KH' });
    const page = await context.newPage();
    const response = await page.goto(`${portal.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/km/');
    expect(await page.getAttribute('html', 'lang')).toBe('km');
    const exit = page.locator('a.quick-exit');
    expect(await exit.isVisible()).toBe(true);
    expect(await exit.getAttribute('href')).toBe('https://km.wikipedia.org/');
    await context.close();
  });

  it('switches language with the switcher and keeps no cookies or storage', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/en/`);
    expect(await page.locator('h1').textContent()).toBe('Find support that fits you');
    await page.click('a[hreflang="th"]');
    await page.waitForURL(/\/th\/$/);
    expect(await page.getAttribute('html', 'lang')).toBe('th');
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await context.close();
  });
});
