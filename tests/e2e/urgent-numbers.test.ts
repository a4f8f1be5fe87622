import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

/**
 * "Yes, I am in danger now" with the country left at its default, JavaScript off: every step of
 * the request, and the confirmation, show urgent numbers to tap. Thai and Burmese pages show their
 * country's numbers; English (no country to suggest) shows every country's and the helpline's line.
 * The phone number is typed with the page's own digits.
 */
describe('urgent numbers in Chromium without JavaScript', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal({ RATE_LIMIT_SCALE: '100' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
  });

  async function urgentNumbers(page: Page): Promise<string[]> {
    const box = page.locator('.urgent-box');
    expect(await box.isVisible()).toBe(true);
    return box
      .locator('a[href^="tel:"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  }

  const cases = [
    {
      lang: 'en',
      expected: ['tel:191', 'tel:1669', 'tel:117', 'tel:195', 'tel:199', 'tel:113'],
      handle: '+66 81 555 0199',
    },
    { lang: 'th', expected: ['tel:191', 'tel:1669', 'tel:1300'], handle: '๐๘๑๒๓๔๕๖๗๘' },
    { lang: 'my', expected: ['tel:199', 'tel:192', 'tel:191'], handle: '၀၉၇၈၁၂၃၄၅၆' },
  ] as const;

  for (const { lang, expected, handle } of cases) {
    it(`${lang}: danger now with the default country shows numbers on every step`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${portal.baseUrl}/${lang}/help/request`);
      expect(await page.locator('.urgent-box').count()).toBe(0);
      await page.check('#danger-yes');
      // The country stays at its default ("anywhere").
      expect(await page.locator('#country').inputValue()).toBe('');
      await page.click('button[value="next"]');

      const first = await urgentNumbers(page);
      expect(first).toEqual(expect.arrayContaining([...expected, 'tel:+6620000000']));
      if (lang === 'en') expect(await page.locator('.urgent-box .country-numbers dt').count()).toBe(5);

      // Contact: a phone number typed with the page's digits is accepted.
      await page.check('#channel-phone');
      await page.fill('#handle', handle);
      await page.click('button[value="next"]');
      expect(await page.locator('#handle-error').count()).toBe(0);
      for (let step = 0; step < 4; step++) {
        expect(await urgentNumbers(page)).toEqual(expect.arrayContaining([...expected]));
        await page.click('button[value="skip"]');
      }
      // Consent, then send after the minimum fill time.
      expect(await urgentNumbers(page)).toEqual(expect.arrayContaining([...expected]));
      await page.waitForTimeout(3100);
      await page.check('#consent');
      await page.click('button[value="send"]');
      await page.locator('.reference-code').waitFor();
      expect(await urgentNumbers(page)).toEqual(expect.arrayContaining([...expected]));
      await context.close();
    });
  }
});
