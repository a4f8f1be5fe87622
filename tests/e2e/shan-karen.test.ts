import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { LOCALE_INFO } from '../../functions/domain/locales.js';
import { RESOURCES } from '../../locales/index.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  } else out.set(prefix, String(value));
  return out;
}

/** English sentences of a namespace long enough not to occur by chance (no placeholders). */
const englishSentences = (ns: 'common' | 'request' | 'directory') =>
  [...flatten(RESOURCES.en[ns]).values()].filter((s) => s.length > 14 && !s.includes('{{'));

const LOCALES = ['shn', 'ksw'] as const;

describe('Shan and S’gaw Karen pages in Chromium', () => {
  let browser: Browser;
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal({ RATE_LIMIT_SCALE: '100' });
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

  const text = async (page: Page) => (await page.locator('body').textContent()) ?? '';

  async function expectNoEnglish(page: Page, label: string) {
    const body = await text(page);
    const english = [...englishSentences('common'), ...englishSentences('request')].filter((s) =>
      body.includes(s),
    );
    expect(english, label).toEqual([]);
  }

  describe.each(LOCALES)('%s', (lang) => {
    const own = (ns: 'common' | 'request' | 'directory', key: string) =>
      flatten(RESOURCES[lang][ns]).get(key);

    it('serves the home page in its language, with lang set and a switcher link to it', async () => {
      const page = await browser.newPage();
      const res = await page.goto(`${portal.baseUrl}/${lang}/`);
      expect(res?.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('h1').textContent()).toBe(own('common', 'home.title'));
      expect(await page.locator('.quick-exit').textContent()).toBe(own('common', 'quickExit.label'));
      const link = page.locator(`.languages a[hreflang="${lang}"]`);
      expect(await link.textContent()).toBe(LOCALE_INFO[lang].nativeName);
      expect(await link.getAttribute('aria-current')).toBe('true');
      await expectNoEnglish(page, 'home');
      await page.close();
    });

    it('serves the urgent numbers in its language', async () => {
      const page = await browser.newPage();
      await page.goto(`${portal.baseUrl}/${lang}/urgent?country=TH`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.locator('h1').textContent()).toBe(own('directory', 'urgent.title'));
      const body = await text(page);
      expect(body).toContain(lang === 'shn' ? 'ပုလိတ်ႈ' : 'ပၠးလံၣ်');
      expect(body).not.toContain('Police');
      await expectNoEnglish(page, 'urgent');
      await page.close();
    });

    it('serves the request status page and the safety page in its language', async () => {
      const page = await browser.newPage();
      await page.goto(`${portal.baseUrl}/${lang}/help/status`);
      expect(await page.locator('h1').textContent()).toBe(own('request', 'status.title'));
      await expectNoEnglish(page, 'status');
      await page.goto(`${portal.baseUrl}/${lang}/safety`);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      const safety = flatten(RESOURCES[lang].info).get('safety.title');
      expect(await page.locator('h1').textContent()).toBe(safety);
      const englishSafety = [...flatten(RESOURCES.en.info).entries()]
        .filter(([k, v]) => k.startsWith('safety.') && v.length > 14)
        .map(([, v]) => v);
      const body = await text(page);
      expect(englishSafety.filter((s) => body.includes(s))).toEqual([]);
      await page.close();
    });

    it('says once, in its own language, that some text is in Burmese, and only where it is', async () => {
      const page = await browser.newPage();
      await page.goto(`${portal.baseUrl}/${lang}/services`);
      const notice = page.locator('.fallback-notice');
      expect(await notice.count()).toBe(1);
      expect(await notice.textContent()).toBe(
        own('common', 'language.fallbackNotice')?.replace('{{language}}', LOCALE_INFO.my.nativeName),
      );
      // The search page's texts that Shan and Karen lack come in Burmese, not English.
      const burmese = flatten(RESOURCES.my.directory).get('find.title') as string;
      const english = flatten(RESOURCES.en.directory).get('find.title') as string;
      expect(await page.locator('h1').textContent()).toBe(burmese);
      expect(await text(page)).not.toContain(english);

      await page.goto(`${portal.baseUrl}/${lang}/urgent?country=TH`);
      expect(await page.locator('.fallback-notice').count()).toBe(0);
      await page.close();
    });

    it('walks the whole callback form in its language: every step, its errors and the answer', async () => {
      const page = await browser.newPage();
      const next = () => page.click('button[value="next"]');
      const check = async (label: string) => {
        expect(await page.getAttribute('html', 'lang'), label).toBe(lang);
        await expectNoEnglish(page, label);
        const violations = await axeViolations(page);
        expect(describeViolations(violations), label).toBe('');
      };
      await page.goto(`${portal.baseUrl}/${lang}/help/request`);
      expect(await page.locator('h1').textContent()).toContain(own('request', 'start.title'));
      await check('start');
      await page.check('#danger-no');
      await page.selectOption('#country', 'TH');
      await next();
      await check('contact');
      await page.check('#channel-sms');
      await page.fill('#handle', 'not a number');
      await next();
      expect(await page.locator('#handle-error').textContent()).toContain(
        own('request', 'errors.phoneFormat'),
      );
      await check('contact with error');
      await page.fill('#handle', '+66 81 555 0199');
      await next();
      await check('when');
      await page.check('#w1days-mo');
      await page.selectOption('#w1from', '18:00');
      await page.selectOption('#w1to', '21:00');
      await next();
      await check('safety');
      await next();
      await check('about');
      await page.click('button[value="skip"]');
      await check('needs');
      await page.check('#help-health');
      await next();
      await check('consent');
      expect(await text(page)).toContain(own('request', 'consent.noConditions'));
      await page.waitForTimeout(3100);
      await page.check('#consent');
      await page.click('button[value="send"]');
      await page.locator('.reference-code').waitFor();
      expect(await page.locator('h1').textContent()).toBe(own('request', 'done.title'));
      await check('done');
      await page.close();
    });
  });
});
