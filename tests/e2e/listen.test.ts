import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../functions/domain/locales.js';
import { RESOURCES } from '../../locales/index.js';
import { axeViolations, describeViolations } from '../support/axe.js';
import { launchChromium } from '../support/browser.js';
import { startPortal } from '../support/portal.js';

/**
 * Issue 19, acceptance 3: "Listen" (web/islands/listen.ts) in real Chromium with the page's
 * speech synthesis replaced by a recording stand-in (headless Chromium has no voices of its own).
 * The stand-in offers the voices a test gives it; `speak` records each utterance's text and
 * language on the window, `cancel` counts. With a voice for the page's language the control
 * appears and reads the main content; without one it stays hidden.
 */

/** Runs in the page before any of its scripts. */
function fakeSpeech(options: { voices: string[]; late: boolean }) {
  interface Utterance {
    text: string;
    lang: string;
    voice: { lang: string } | null;
    onend: (() => void) | null;
    onerror: (() => void) | null;
  }
  const voices = options.voices.map((lang) => ({
    lang,
    name: `Test voice ${lang}`,
    voiceURI: `test-${lang}`,
    localService: true,
    default: false,
  }));
  let loaded = !options.late;
  const spoken: Utterance[] = [];
  const listeners: Array<() => void> = [];
  const record = window as unknown as Record<string, unknown>;
  record.__spoken = spoken;
  record.__cancelled = 0;
  record.__loadVoices = () => {
    loaded = true;
    for (const listener of listeners) listener();
  };
  record.__finish = () => {
    for (const u of spoken.splice(0)) u.onend?.();
  };
  class FakeUtterance implements Utterance {
    lang = '';
    voice: { lang: string } | null = null;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(public text: string) {}
  }
  const synth = {
    speaking: false,
    pending: false,
    paused: false,
    onvoiceschanged: null,
    getVoices: () => (loaded ? voices.slice() : []),
    speak: (u: Utterance) => {
      spoken.push(u);
      record.__heard = [
        ...((record.__heard as unknown[]) ?? []),
        { text: u.text, lang: u.lang, voice: u.voice?.lang },
      ];
    },
    cancel: () => {
      spoken.splice(0);
      record.__cancelled = (record.__cancelled as number) + 1;
    },
    pause: () => undefined,
    resume: () => undefined,
    addEventListener: (type: string, listener: () => void) => {
      if (type === 'voiceschanged') listeners.push(listener);
    },
    removeEventListener: () => undefined,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true });
}

interface Heard {
  text: string;
  lang: string;
  voice?: string;
}

const common = (locale: Locale) => RESOURCES[locale].common as Record<string, Record<string, string>>;
const ns = (locale: Locale, namespace: 'directory' | 'request' | 'info') =>
  RESOURCES[locale][namespace] as Record<string, Record<string, string>>;

describe('listen (read aloud) in Chromium', () => {
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

  async function withVoices(
    voices: string[],
    late = false,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addInitScript(fakeSpeech, { voices, late });
    return { context, page: await context.newPage() };
  }

  /** Loads a page and waits until its deferred islands have run. */
  async function open(page: Page, path: string) {
    await page.goto(`${portal.baseUrl}${path}`, { waitUntil: 'load' });
    expect(await page.locator('script[src*="/assets/listen-"]').count()).toBe(1);
  }

  const button = (page: Page) => page.locator('button[data-listen]');
  const heard = async (page: Page) =>
    ((await page.evaluate(() => (window as unknown as { __heard?: Heard[] }).__heard)) ?? []) as Heard[];

  /** Presses Listen and returns what was read, after checking the toggle's state and name. */
  async function listen(page: Page, locale: Locale): Promise<Heard[]> {
    const listenButton = button(page);
    expect(await listenButton.isVisible()).toBe(true);
    expect(await listenButton.getAttribute('aria-pressed')).toBe('false');
    expect((await listenButton.textContent())?.trim()).toBe(common(locale).listen?.start);
    await listenButton.click();
    expect(await listenButton.getAttribute('aria-pressed')).toBe('true');
    expect((await listenButton.textContent())?.trim()).toBe(common(locale).listen?.stop);
    return heard(page);
  }

  /** What must never be read: the page's frame around main, and the control itself. */
  function expectNoFrame(said: Heard[], locale: Locale) {
    const texts = said.map((h) => h.text);
    const all = texts.join('\n');
    const c = common(locale);
    expect(texts).not.toContain(c.quickExit?.label);
    expect(all).not.toContain(c.quickExit?.hint);
    expect(all).not.toContain(c.site?.skipToContent);
    expect(all).not.toContain(ns(locale, 'info').footer?.privacy);
    expect(all).not.toContain(c.listen?.start);
  }

  for (const [locale, voice] of [
    ['en', 'en-GB'],
    ['th', 'th-TH'],
  ] as const) {
    it(`home (${locale}): Listen reads the main text in the page's language, and stops`, async () => {
      const { context, page } = await withVoices(['fr-FR', voice]);
      await open(page, `/${locale}/`);
      const said = await listen(page, locale);
      const texts = said.map((h) => h.text);
      const home = common(locale).home ?? {};
      expect(texts[0]).toBe(home.title);
      for (const key of [
        'intro',
        'noConditions',
        'findServices',
        'askForContact',
        'urgent',
        'quickExitTitle',
      ]) {
        expect(texts.join('\n'), key).toContain(home[key]);
      }
      expect(said.every((h) => h.lang === voice && h.voice === voice)).toBe(true);
      expectNoFrame(said, locale);

      // Pressed again: silence, and the button says Listen again.
      const cancelled = await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled);
      await button(page).click();
      expect(await button(page).getAttribute('aria-pressed')).toBe('false');
      expect((await button(page).textContent())?.trim()).toBe(common(locale).listen?.start);
      expect(
        await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled),
      ).toBeGreaterThan(cancelled);
      await context.close();
    });
  }

  it('the end of the reading, or the page being hidden, releases the button', async () => {
    const { context, page } = await withVoices(['en-US']);
    await open(page, '/en/');
    await listen(page, 'en');
    await page.evaluate(() => (window as unknown as { __finish: () => void }).__finish());
    expect(await button(page).getAttribute('aria-pressed')).toBe('false');

    await listen(page, 'en');
    const cancelled = await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled);
    await page.evaluate(() =>
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })),
    );
    expect(await button(page).getAttribute('aria-pressed')).toBe('false');
    expect(
      await page.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled),
    ).toBeGreaterThan(cancelled);
    await context.close();
  });

  it('urgent numbers: reads the title, the introduction and the numbers', async () => {
    const { context, page } = await withVoices(['en-US']);
    await open(page, '/en/urgent');
    const said = await listen(page, 'en');
    const all = said.map((h) => h.text).join('\n');
    const urgent = ns('en', 'directory').urgent ?? {};
    expect(said[0]?.text).toBe(urgent.title);
    expect(all).toContain(urgent.intro);
    expect(all).toContain(urgent.helpline);
    // The numbers shown on the page are read too.
    const firstNumber = (await page.locator('main a[href^="tel:"]').first().textContent())?.trim() ?? '';
    expect(firstNumber).not.toBe('');
    expect(all).toContain(firstNumber);
    expectNoFrame(said, 'en');
    await context.close();
  });

  it('staying safe: reads how to leave quickly, not the quick exit button itself', async () => {
    const { context, page } = await withVoices(['en-US']);
    await open(page, '/en/safety');
    const said = await listen(page, 'en');
    const texts = said.map((h) => h.text);
    const safety = ns('en', 'info').safety as unknown as Record<string, string> & {
      exit: Record<string, string>;
    };
    expect(texts[0]).toBe(safety.title);
    for (const key of ['title', 'button', 'keyboard', 'back']) expect(texts, key).toContain(safety.exit[key]);
    expectNoFrame(said, 'en');
    await context.close();
  });

  it('callback form, contact step: reads the question, each choice and the labels, nothing hidden', async () => {
    const { context, page } = await withVoices(['en-US']);
    await open(page, '/en/help/request');
    await page.check('#danger-no');
    await page.selectOption('#country', 'TH');
    await page.click('button[value="next"]');
    await page.waitForSelector('#handle');
    expect(await page.locator('script[src*="/assets/listen-"]').count()).toBe(1);
    const said = await listen(page, 'en');
    const texts = said.map((h) => h.text);
    const contact = ns('en', 'request').contact as unknown as Record<string, string> & {
      channels: Record<string, string>;
    };
    // "Step 2 of 7", then the step's question.
    expect(texts.slice(0, 2)).toContain(contact.title);
    for (const text of [
      contact.channelLabel,
      contact.handleLabel,
      contact.handleHint,
      ...Object.values(contact.channels),
    ])
      expect(texts, text).toContain(text);
    // The honeypot field and the answers carried in hidden fields are not read.
    expect(texts.join('\n')).not.toContain('Website');
    expect(texts).not.toContain('TH');
    expectNoFrame(said, 'en');
    await context.close();
  });

  it('without a voice for the language the control stays hidden; a voice that arrives late shows it', async () => {
    // No voices at all.
    const none = await withVoices([]);
    await open(none.page, '/en/');
    expect(await button(none.page).isVisible()).toBe(false);
    expect(await none.page.locator('p.listen').getAttribute('hidden')).not.toBeNull();
    await none.context.close();

    // Voices, but none for Thai.
    const other = await withVoices(['en-US', 'fr-FR']);
    await open(other.page, '/th/');
    expect(await button(other.page).isVisible()).toBe(false);
    await open(other.page, '/th/urgent');
    expect(await button(other.page).isVisible()).toBe(false);
    await other.context.close();

    // The phone loads its voices after the page: `voiceschanged` reveals the control.
    const late = await withVoices(['th-TH'], true);
    await open(late.page, '/th/');
    expect(await button(late.page).isVisible()).toBe(false);
    await late.page.evaluate(() => (window as unknown as { __loadVoices: () => void }).__loadVoices());
    expect(await button(late.page).isVisible()).toBe(true);
    await late.context.close();
  });

  it('the shown control, pressed and not, passes axe-core (Thai home and the contact step)', async () => {
    const { context, page } = await withVoices(['th-TH']);
    const problems: string[] = [];
    const check = async (label: string) => {
      const violations = await axeViolations(page);
      if (violations.length) problems.push(`${label}:\n${describeViolations(violations)}`);
    };
    await open(page, '/th/');
    await check('home');
    await listen(page, 'th');
    await check('home, reading');
    await open(page, '/th/help/request');
    await page.check('#danger-no');
    await page.click('button[value="next"]');
    await page.waitForSelector('#handle');
    await check('contact step');
    expect(problems.join('\n\n')).toBe('');
    await context.close();
  });

  it('without JavaScript there is no dead button', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${portal.baseUrl}/en/`);
    expect(await page.locator('button[data-listen]').count()).toBe(1);
    expect(await button(page).isVisible()).toBe(false);
    await context.close();
  });
});
