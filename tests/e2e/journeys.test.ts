import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestStore } from '../../functions/data/request-store.js';
import { RESOURCES } from '../../locales/index.js';
import { launchChromium, goBack } from '../support/browser.js';
import { startPortal } from '../support/portal.js';
import { apiRequestBody, itemsOf, scanAll } from '../support/requests.js';

/**
 * Issue 17: journeys that keep their promises, with JavaScript off on a 360 px phone.
 * 1. The callback form in Thai: check your answers shows the handle and the times, "change" goes
 *    back to the answers, Back on every step shows the previous step with its answers, another
 *    language keeps them, and after sending and setting a PIN, Back resends nothing.
 * 2. Cancel and delete each ask first on a page of their own; an empty follow-up form shows every
 *    error at once in a summary linked to the fields, and a wrong PIN keeps the ticked days.
 */
const th = RESOURCES.th.request as unknown as {
  check: { title: string };
  when: { days: Record<string, string> };
};

describe('journeys in Chromium with JavaScript off', () => {
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

  async function phone() {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    /** Every top-level navigation the browser makes, with its method. */
    const navigations: { method: string; url: string }[] = [];
    page.on('request', (r: Request) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame())
        navigations.push({ method: r.method(), url: r.url() });
    });
    return { context, page, navigations };
  }

  const stepOf = (page: Page) => /\/help\/request\/[\w-]+\.[\w-]+\/(\w+)/.exec(page.url())?.[1];
  const next = (page: Page) => page.click('button[value="next"]');

  /** Back to the previous step: it is there with its answers; then forward again. */
  async function backShows(page: Page, step: string, check: () => Promise<void>) {
    const here = page.url();
    await page.waitForLoadState('load');
    await goBack(page, { waitUntil: 'load' });
    expect(stepOf(page)).toBe(step);
    await check();
    await page.goForward({ waitUntil: 'load' });
    expect(page.url()).toBe(here);
  }

  it('1. Thai: check answers, change the handle, Back on every step, language switch, send, PIN, no resend', async () => {
    const { context, page, navigations } = await phone();
    await page.goto(`${portal.baseUrl}/th/help/request`);
    expect(stepOf(page)).toBe('start');
    await page.check('#danger-no');
    await page.selectOption('#country', 'TH');
    await next(page);
    expect(stepOf(page)).toBe('contact');
    await backShows(page, 'start', async () => {
      expect(await page.isChecked('#danger-no')).toBe(true);
      expect(await page.inputValue('#country')).toBe('TH');
    });

    await page.check('#channel-line');
    await page.fill('#handle', 'river_lotus_21');
    await next(page);
    expect(stepOf(page)).toBe('when');
    await backShows(page, 'contact', async () => {
      expect(await page.isChecked('#channel-line')).toBe(true);
      expect(await page.inputValue('#handle')).toBe('river_lotus_21');
    });

    await page.check('#w1days-mo');
    await page.check('#w1days-th');
    await page.selectOption('#w1from', '18:00');
    await page.selectOption('#w1to', '21:00');
    await next(page);
    expect(stepOf(page)).toBe('safety');
    await backShows(page, 'when', async () => {
      expect(await page.isChecked('#w1days-mo')).toBe(true);
      expect(await page.isChecked('#w1days-th')).toBe(true);
      expect(await page.inputValue('#w1from')).toBe('18:00');
    });

    // Another language keeps the answers (the address names none of them), and so does coming back.
    for (const lang of ['en', 'th']) {
      await page.click(`nav.languages a[hreflang="${lang}"]`);
      expect(page.url()).toContain(`/${lang}/help/request/`);
      expect(stepOf(page)).toBe('safety');
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      expect(await page.inputValue('input[type="hidden"][name="handle"]')).toBe('river_lotus_21');
      expect(await page.locator('input[type="hidden"][name="w1days"]').count()).toBe(2);
    }
    await page.fill('#codeWord', 'blue-river');
    await next(page);
    expect(stepOf(page)).toBe('about');
    await backShows(page, 'safety', async () => {
      expect(await page.inputValue('#codeWord')).toBe('blue-river');
    });

    await page.check('#ageBand-adult');
    await next(page);
    expect(stepOf(page)).toBe('needs');
    await backShows(page, 'about', async () => {
      expect(await page.isChecked('#ageBand-adult')).toBe(true);
    });

    await page.check('#help-health');
    await next(page);
    expect(stepOf(page)).toBe('consent');
    await backShows(page, 'needs', async () => {
      expect(await page.isChecked('#help-health')).toBe(true);
    });

    // Check your answers: the handle, the times in the person's words, the code word hidden.
    expect(await page.locator('h1').textContent()).toBe(th.check.title);
    const answers = page.locator('.check-answers');
    expect(await answers.textContent()).toContain('river_lotus_21');
    const times = await answers.locator('.answer-line').first().textContent();
    expect(times).toContain(th.when.days.mo);
    expect(times).toContain(th.when.days.th);
    expect(times).toContain('18:00–21:00');
    expect(await answers.locator('details.reveal').getAttribute('open')).toBeNull();
    expect(await answers.locator('details.reveal span[translate="no"]').isVisible()).toBe(false);
    await answers.locator('details.reveal summary').click();
    expect(await answers.locator('details.reveal span[translate="no"]').textContent()).toBe('blue-river');

    // Change the handle from the summary: back to the answers afterwards.
    await page.click('.check-answers a[href*="/contact?from=check"][href$="#handle"]');
    expect(stepOf(page)).toBe('contact');
    expect(await page.inputValue('#handle')).toBe('river_lotus_21');
    await page.fill('#handle', 'river_lotus_22');
    await next(page);
    expect(stepOf(page)).toBe('consent');
    expect(await answers.textContent()).toContain('river_lotus_22');
    expect(await answers.textContent()).not.toContain('river_lotus_21');

    // Nothing typed ever appeared in an address.
    for (const n of navigations)
      for (const typed of ['river_lotus', 'blue-river', '18%3A00', 'TH&', 'handle='])
        expect(n.url, n.url).not.toContain(typed);

    const before = itemsOf(await scanAll(portal.doc, portal.appTableName), 'REQ').length;
    await page.waitForTimeout(3100); // the anti-bot minimum fill time
    await page.check('#consent');
    await page.click('button[value="send"]');
    await page.locator('.reference-code').waitFor();
    expect(page.url()).toMatch(/\/th\/help\/request\/[\w-]+\.[\w-]+\/done$/);
    const code = (await page.locator('.reference-code').first().textContent())?.trim() as string;

    await page.fill('#pin', '3817');
    await page.fill('#pin2', '3817');
    await page.click('form[action$="/help/pin"] button[type="submit"]');
    expect(page.url()).toMatch(/\/th\/help\/pin\/saved$/);
    const posts = navigations.filter((n) => n.method === 'POST').length;

    // Back: the code page again, fetched with GET: no form is resent, no second request stored.
    await goBack(page);
    await page.locator('.reference-code').first().waitFor();
    expect(page.url()).toMatch(/\/done$/);
    expect(await page.locator('.reference-code').first().textContent()).toContain(code);
    expect(await page.locator('#pin').count()).toBe(0); // the PIN is set: no second PIN form
    await goBack(page);
    expect(stepOf(page)).toBe('done'); // the sent form's pages lead to the code page only
    expect(navigations.filter((n) => n.method === 'POST').length).toBe(posts);
    expect(navigations.at(-1)?.method).toBe('GET');
    const after = itemsOf(await scanAll(portal.doc, portal.appTableName), 'REQ');
    expect(after.length).toBe(before + 1);
    const stored = await new RequestStore(portal.doc, portal.appTableName).getCode(code);
    expect(
      (await new RequestStore(portal.doc, portal.appTableName).get(stored?.requestId as string))?.safeWindows,
    ).toEqual([{ days: ['mo', 'th'], from: '18:00', to: '21:00' }]);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  async function openStatus(page: Page, pin: string) {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(apiRequestBody(`journey-${Date.now()}-${pin}-abcdefgh`, { pin })),
    });
    const { code } = (await res.json()) as { code: string };
    await page.goto(`${portal.baseUrl}/en/help/status`);
    await page.fill('#code', code);
    await page.fill('#pin', pin);
    await page.click('button[type="submit"]:has-text("Check")');
    await page.locator('.lead').waitFor();
    const store = new RequestStore(portal.doc, portal.appTableName);
    return { code, store, requestId: (await store.getCode(code))?.requestId as string };
  }

  it('2a. cancel and delete each ask on a page of their own first', async () => {
    const { context, page } = await phone();
    const cancel = await openStatus(page, '5914');
    await page.click('form[action$="/help/status/withdraw"] button');
    expect(await page.locator('h1').textContent()).toBe('Cancel your request?');
    expect(await page.locator('ul.consequences').textContent()).toContain('deleted now');
    // Nothing happened yet.
    expect(await cancel.store.rawPersonalItem(cancel.requestId)).toBeDefined();
    expect((await cancel.store.get(cancel.requestId))?.status).not.toBe('withdrawn');
    // "No, go back" keeps everything and shows the status page again.
    await page.click('button:has-text("No, go back")');
    await page.locator('.lead').waitFor();
    expect(await cancel.store.rawPersonalItem(cancel.requestId)).toBeDefined();
    await page.click('form[action$="/help/status/withdraw"] button');
    await page.click('button:has-text("Yes, cancel my request")');
    expect(await page.locator('.note[role="status"]').textContent()).toContain('cancelled');
    expect((await cancel.store.get(cancel.requestId))?.status).toBe('withdrawn');
    expect(await cancel.store.rawPersonalItem(cancel.requestId)).toBeUndefined();

    const del = await openStatus(page, '6025');
    await page.click('form[action$="/help/status/delete"] button');
    expect(await page.locator('h1').textContent()).toBe('Delete all your data?');
    expect(await page.locator('ul.consequences').textContent()).toContain('cannot be undone');
    expect(await del.store.getCode(del.code)).toBeDefined();
    await page.click('button:has-text("Yes, delete my data")');
    expect(await page.locator('h1').textContent()).toBe('Delete my data');
    expect(await del.store.getCode(del.code)).toBeUndefined();
    await context.close();
  });

  it('2b. follow-up opt-in: every error at once, linked to its field; a wrong PIN keeps the ticked days', async () => {
    const { context, page } = await phone();
    await page.goto(`${portal.baseUrl}/en/follow-up`);
    await page.click('button:has-text("Start check-ins")');
    expect(await page.title()).toMatch(/^Error: /);
    const summary = page.locator('.error-summary');
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['#channel-phone', '#handle', '#w1days-mo', '#consent']));
    for (const href of links) expect(await page.locator(href as string).count(), href as string).toBe(1);
    // Each message also sits next to its field.
    for (const field of ['channel', 'handle', 'w1days', 'consent'])
      expect(await page.locator(`#${field}-error`).count(), field).toBe(1);
    await summary.locator('a[href="#handle"]').click();
    expect(page.url()).toMatch(/#handle$/);

    // A code with a wrong PIN: the answers stay, ticked days included.
    await page.fill('#code', 'AAAA-BBBB');
    await page.fill('#pin', '9999');
    await page.check('#channel-line');
    await page.fill('#handle', 'quiet_lotus_77');
    await page.check('#w1days-tu');
    await page.check('#w1days-sa');
    await page.check('#consent');
    await page.click('button:has-text("Start check-ins")');
    expect(await page.locator('#code-error').count()).toBe(1);
    expect(await page.locator('.error-summary a[href="#code"]').count()).toBe(1);
    expect(await page.isChecked('#w1days-tu')).toBe(true);
    expect(await page.isChecked('#w1days-sa')).toBe(true);
    expect(await page.isChecked('#w1days-mo')).toBe(false);
    expect(await page.isChecked('#channel-line')).toBe(true);
    expect(await page.inputValue('#handle')).toBe('quiet_lotus_77');
    expect(await page.isChecked('#consent')).toBe(true);
    expect(await page.inputValue('#pin')).toBe(''); // the PIN is never filled in again
    await context.close();
  });
});
