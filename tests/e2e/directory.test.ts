import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { launchChromium, goBack } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

describe('directory in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal();
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  it('with JavaScript off: search, filter and open a service page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/en/services`);
    await page.fill('#q', 'shelter');
    await page.click('button[type="submit"]');
    // The form posts; the results are at an opaque address that holds no word.
    await page.waitForURL(/\/en\/services\/r\/[0-9a-f]+$/);
    const results = page.url();
    expect(results).not.toContain('shelter');
    expect(await page.title()).toBe('Services found · Waypoint');
    expect(await page.locator('.result').count()).toBe(1);
    expect(await page.locator('.result-title').first().textContent()).toBe('North Safe Stay');
    // The words stay on screen, in the search box.
    expect(await page.inputValue('#q-top')).toBe('shelter');
    // Reload shows the same results and resends nothing; Back returns to the empty finder.
    await page.reload();
    expect(page.url()).toBe(results);
    expect(await page.locator('.result-title').first().textContent()).toBe('North Safe Stay');
    await goBack(page);
    expect(new URL(page.url()).pathname).toBe('/en/services');
    // An old address with the listing's id leads to the opaque one.
    await page.goto(`${portal.baseUrl}/en/services/th-shelter`);
    expect(new URL(page.url()).pathname).toBe(`/en/services/${publicServiceId('th-shelter')}`);
    expect(await page.title()).toBe('Service details · Waypoint');

    // Filter: everything in Thailand that is a general service.
    await page.goto(`${portal.baseUrl}/en/services`);
    await page.selectOption('#place', 'TH');
    await page.click('summary');
    await page.check('#f-general');
    await page.click('form.finder button[type="submit"]');
    expect(await page.locator('.result-title').allTextContents()).toEqual(['Open Road Clinic']);

    await page.click('.result-title a');
    expect(new URL(page.url()).pathname).toBe(`/en/services/${publicServiceId('th-clinic')}`);
    expect(await page.locator('h1').textContent()).toBe('Open Road Clinic');
    expect(await page.title()).toBe('Service details · Waypoint');
    expect(await page.locator('a[href="tel:+6620000002"]').count()).toBe(1);
    await context.close();
  });

  it('on a small phone (360×640) the search box is above the fold and every card shows its place', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 640 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    for (const locale of ['en', 'my']) {
      await page.goto(`${portal.baseUrl}/${locale}/services`);
      const box = await page.locator('#q').boundingBox();
      expect(box, locale).not.toBeNull();
      expect((box?.y ?? 9999) + (box?.height ?? 0), `${locale}: search box bottom`).toBeLessThanOrEqual(640);
      // Above the area cards, not only above the fold.
      const areas = await page.locator('.area-links').boundingBox();
      expect(box?.y ?? 0).toBeLessThan(areas?.y ?? 0);
    }

    await page.goto(`${portal.baseUrl}/en/services?place=TH`);
    const cards = page.locator('.result');
    expect(await cards.count()).toBeGreaterThan(1);
    for (const text of await cards.locator('.place').allTextContents()) expect(text).toMatch(/Thailand/);
    expect(await cards.locator('.place').count()).toBe(await cards.count());

    // "Back to results" returns to the same search, at the same opaque address.
    await page.goto(`${portal.baseUrl}/my/services`);
    await page.fill('#q', 'shelter');
    await page.click('form.finder button[type="submit"]');
    await page.waitForURL(/\/my\/services\/r\/[0-9a-f]+$/);
    const results = page.url();
    expect(await page.locator('.result .place').first().textContent()).toContain('ထိုင်း');
    await page.click('.result-title a');
    await page.click('a[href*="/my/services/r/"]');
    expect(page.url()).toBe(results);
    expect(await page.inputValue('#q-top')).toBe('shelter');
    await context.close();
  });

  it('with JavaScript on: near-me sorting uses a mocked position and sends no coordinates', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: true,
      geolocation: { latitude: 13.7291, longitude: 100.5241 },
      permissions: ['geolocation'],
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.url()} ${r.postData() ?? ''}`));
    await page.goto(`${portal.baseUrl}/en/services?place=TH`);
    expect(await page.locator('.result-title').allTextContents()).toHaveLength(2);
    const before = requests.length;
    await page.click('#near-me button');
    await page.locator('#near-me [role="status"]').filter({ hasText: 'Sorted by distance' }).waitFor();
    // The clinic in Bangkok is nearest to a position in Bangkok.
    expect(await page.locator('.result-title').first().textContent()).toBe('Open Road Clinic');
    expect(await page.locator('.distance').first().textContent()).toContain('km');
    expect(requests.slice(before)).toEqual([]);
    expect(requests.some((r) => r.includes('13.72') || r.includes('100.52'))).toBe(false);
    await context.close();
  });
});
