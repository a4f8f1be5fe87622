import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';
import { type Locale, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';

/**
 * Issue 17, acceptance 4 (zoom and focus), in real Chromium on a 360 × 740 phone: at the
 * ordinary text size and with text at 200 %, the header takes at most 15 % of the screen's
 * height, and every form field reached with Tab is fully on screen and not under the header
 * (WCAG 2.2 SC 2.4.11 Focus Not Obscured): at the ordinary size in Thai, enlarged in every
 * language. In every language and at both sizes the header fits in 15 %, a header that sticks
 * also fits in the page's scroll padding, and the quick exit is whole and on screen.
 *
 * How text is enlarged: the DevTools protocol's Page.setFontSizes sets Chromium's default font
 * size, the same preference as Settings › Appearance › Font size. That is what a person who needs
 * bigger text changes: `rem` and `em` follow it everywhere, media queries included, which a
 * page script setting `<html style="font-size: 200%">` would not reproduce (media queries ignore
 * the page's own root font size). Page zoom would instead shrink the CSS viewport to 180 px.
 */
const VIEWPORT = { width: 360, height: 740 };
const MAX_HEADER = 0.15 * VIEWPORT.height;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

describe('zoom and focus on a 360 px phone in Chromium', () => {
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

  async function phone(textPercent: number) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setFontSizes', {
      fontSizes: { standard: (16 * textPercent) / 100, fixed: (13 * textPercent) / 100 },
    });
    return { context, page };
  }

  const header = (page: Page) =>
    page.locator('header.topbar').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { height: r.height, position: getComputedStyle(el).position };
    });

  /**
   * The header's height, and each form field in main reached with Tab, then again with Shift+Tab
   * (going back up is when a sticky header would cover the field): on screen, clear of the header.
   * Returns how many fields the forward walk met.
   */
  async function checkPage(page: Page, label: string, problems: string[]) {
    const { height } = await header(page);
    if (height > MAX_HEADER) problems.push(`${label}: header ${Math.round(height)} px > ${MAX_HEADER} px`);
    // Start from the top, as after loading the page.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      (document.activeElement as HTMLElement | null)?.blur();
    });
    const fields = await walk(page, 'Tab', 'forward', label, problems);
    await walk(page, 'Shift+Tab', 'back', label, problems);
    return fields;
  }

  async function walk(page: Page, key: string, mark: string, label: string, problems: string[]) {
    let fields = 0;
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press(key);
      const focused = await page.evaluate((mark) => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return undefined;
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        };
        const top = document.querySelector('header.topbar') as HTMLElement;
        // Focus came round to an element met before in this direction: the walk is over.
        const again = el.getAttribute('data-focus-seen')?.includes(mark) ?? false;
        el.setAttribute('data-focus-seen', `${el.getAttribute('data-focus-seen') ?? ''} ${mark}`);
        return {
          again,
          key: `${el.tagName.toLowerCase()}#${el.id || (el as HTMLInputElement).name || el.textContent?.trim()}`,
          field: !!el.closest('main') && el.matches('input, select, textarea, button'),
          outside: !!el.closest('footer, header'),
          box: box(el),
          header: box(top),
          viewport: { width: window.innerWidth, height: window.innerHeight },
        };
      }, mark);
      if (!focused || focused.again || (focused.outside && fields > 0)) break;
      if (!focused.field) continue;
      fields++;
      const b: Box = focused.box;
      const h: Box = focused.header;
      // Half a pixel for sub-pixel layout: Chromium scrolls a field just into view, flush with an edge.
      const onScreen =
        b.top >= -0.5 &&
        b.left >= -0.5 &&
        b.bottom <= focused.viewport.height + 0.5 &&
        b.right <= focused.viewport.width + 0.5;
      const underHeader = b.top < h.bottom && b.bottom > h.top && b.left < h.right && b.right > h.left;
      if (!onScreen || underHeader)
        problems.push(
          `${label} (${key}): ${focused.key} at ${Math.round(b.top)}–${Math.round(b.bottom)} × ${Math.round(b.left)}–${Math.round(b.right)} px` +
            (underHeader
              ? ` under the header (${Math.round(h.top)}–${Math.round(h.bottom)} px)`
              : ' off screen'),
        );
    }
    return fields;
  }

  const next = (page: Page) => page.click('button[value="next"]');

  // Ordinary text in Thai; enlarged text in every language (longer words, taller scripts).
  const cases: Array<[number, Locale]> = [
    [100, 'th'],
    ...SUPPORTED_LOCALES.map((l): [number, Locale] => [200, l]),
  ];
  for (const [textPercent, locale] of cases) {
    it(`text at ${textPercent} % (${locale}): home, urgent and every step of the callback form`, async () => {
      const { context, page } = await phone(textPercent);
      const problems: string[] = [];
      const base = `${portal.baseUrl}/${locale}`;
      await page.goto(`${base}/`);
      const fontSize = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
      expect(fontSize).toBe(`${(16 * textPercent) / 100}px`);
      await checkPage(page, 'home', problems);
      await page.goto(`${base}/urgent`);
      await checkPage(page, 'urgent', problems);

      const counts: Record<string, number> = {};
      await page.goto(`${base}/help/request`);
      counts.start = await checkPage(page, 'start', problems);
      await page.check('#danger-no');
      await page.selectOption('#country', 'TH');
      await next(page);
      counts.contact = await checkPage(page, 'contact', problems);
      await page.check('#channel-sms');
      await page.fill('#handle', '+66 81 555 0199');
      await next(page);
      counts.when = await checkPage(page, 'when', problems);
      await page.click('button[value="skip"]');
      counts.safety = await checkPage(page, 'safety', problems);
      await page.click('button[value="skip"]');
      counts.about = await checkPage(page, 'about', problems);
      await page.click('button[value="skip"]');
      counts.needs = await checkPage(page, 'needs', problems);
      await page.click('button[value="skip"]');
      counts.consent = await checkPage(page, 'consent', problems);
      expect(await page.locator('#consent').count()).toBe(1);

      expect(problems.join('\n')).toBe('');
      // Each step really had fields to check (the walk did not stop at the first one).
      for (const [step, n] of Object.entries(counts)) expect(n, step).toBeGreaterThan(1);
      if (textPercent === 200) {
        // Enlarged text: the header scrolls away with the page rather than sticking.
        expect((await header(page)).position).toBe('static');
      }
      await context.close();
    });
  }

  it('in every language and at both text sizes: header at most 15 % of the screen, quick exit fully on screen', async () => {
    const problems: string[] = [];
    const heights: string[] = [];
    for (const textPercent of [100, 200]) {
      const { context, page } = await phone(textPercent);
      for (const locale of SUPPORTED_LOCALES) {
        // The home page and the first step of the form (the header is the same frame on every page).
        for (const path of ['/', '/help/request']) {
          await page.goto(`${portal.baseUrl}/${locale}${path}`);
          const { height, position } = await header(page);
          heights.push(`${locale}${path} ${textPercent} %: ${Math.round(height)} px ${position}`);
          const label = `${locale}${path} at ${textPercent} %`;
          if (height > MAX_HEADER)
            problems.push(`${label}: header ${Math.round(height)} px > ${MAX_HEADER} px`);
          // A header that sticks must also fit in the scroll padding, so focus never lands under it.
          const padding = await page.evaluate(() =>
            Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop),
          );
          if ((position === 'sticky' || position === 'fixed') && height > padding)
            problems.push(`${label}: sticky header ${Math.round(height)} px > scroll padding ${padding} px`);
          // The quick exit is a safety feature: whole, on screen, and big enough to tap, at every size.
          const exit = await page.locator('a.quick-exit').evaluate((el) => {
            const r = el.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
          });
          if (
            exit.top < 0 ||
            exit.left < 0 ||
            exit.bottom > VIEWPORT.height ||
            exit.right > VIEWPORT.width + 0.5 ||
            exit.height < 44
          )
            problems.push(`${label}: quick exit at ${JSON.stringify(exit)}`);
          expect(await page.locator('a.quick-exit').isVisible()).toBe(true);
        }
      }
      await context.close();
    }
    expect(problems.join('\n'), heights.join('\n')).toBe('');
  });
});
