import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startPortalWithOwnDatabase } from '../support/own-database.js';
import { itemsOf, scanAll } from '../support/requests.js';

/**
 * Database down, seen from the phone: the person fills in the whole form, DynamoDB Local stops just
 * before "send". The page says the request could not be saved, shows the urgent numbers and keeps
 * every answer; when the database is back, pressing send again stores the request once.
 * With JavaScript off (plain form post) and on (the request-form island sends with fetch).
 */
describe('reliability in Chromium: database down keeps the form', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortalWithOwnDatabase>>;
  let stored = 0;
  beforeAll(async () => {
    portal = await startPortalWithOwnDatabase({ RATE_LIMIT_SCALE: '1000' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  async function fillUpToConsent(page: Page, handle: string) {
    await page.goto(`${portal.baseUrl}/en/help/request`);
    await page.check('#danger-no');
    await page.selectOption('#country', 'TH');
    await page.click('button[value="next"]');
    await page.check('#channel-sms');
    await page.fill('#handle', handle);
    await page.click('button[value="next"]');
    for (let i = 0; i < 4; i++) await page.click('button[value="skip"]');
    // The anti-bot minimum fill time.
    await page.waitForTimeout(3100);
    await page.check('#consent');
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}: 503 page keeps the answers, the retry is stored once`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const handle = javaScriptEnabled ? '+66 81 555 0178' : '+66 81 555 0177';
      await fillUpToConsent(page, handle);
      const idem = await page.inputValue('input[name="idem"]');

      await portal.stopDatabase();
      try {
        await page.click('button[value="send"]');
        const alert = page
          .locator('[role="alert"]')
          .filter({ hasText: 'We cannot save your request right now' });
        await alert.waitFor({ timeout: 20_000 });
        expect(await page.locator('.urgent-box a[href^="tel:"]').count()).toBeGreaterThan(0);
        // Nothing was lost: the consent is still given and every answer rides along.
        expect(await page.locator('#consent').isChecked()).toBe(true);
        expect(await page.inputValue('input[name="handle"]')).toBe(handle);
        expect(await page.inputValue('input[name="channel"]')).toBe('sms');
        expect(await page.inputValue('input[name="idem"]')).toBe(idem);
        expect(await page.locator('.reference-code').count()).toBe(0);
      } finally {
        await portal.startDatabase();
      }

      await page.click('button[value="send"]');
      await page.locator('.reference-code').waitFor({ timeout: 20_000 });
      expect(await page.locator('.reference-code').textContent()).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
      stored++;

      const items = await scanAll(portal.doc, portal.appTableName);
      const marker = itemsOf(items, 'IDEMP').find((i) => i.pk === `IDEMP#${idem}`);
      expect(marker).toBeDefined();
      expect(itemsOf(items, 'REQ')).toHaveLength(stored);
      expect(itemsOf(items, 'REQ').filter((i) => i.id === marker?.requestId)).toHaveLength(1);
      await context.close();
    }, 400_000); // restarts DynamoDB Local, which can take minutes on a busy machine
  }
});
