import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_HELPLINE_PHONE } from '../../functions/domain/sample-helpline.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { urgentHelpFor } from '../../functions/domain/urgent-help.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { referenceData } from '../../functions/reference/index.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

const reference = referenceData();
const helpline = { number: '+66 2 555 0100', demo: false };
const base = {
  countries: reference.countries,
  emergency: reference.emergency,
  localeCountry: reference.localeCountry,
  helpline,
};

/** The tel: numbers inside the urgent box of a page (the box ends with its closing section). */
function urgentBoxNumbers(html: string): string[] {
  const box = /<section class="note warn urgent-box"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...box.matchAll(/href="tel:([^"]+)"/g)].map((m) => m[1] as string);
}

describe('urgent help: which numbers', () => {
  it('uses the chosen country first', () => {
    const help = urgentHelpFor({ ...base, country: 'KH', locale: 'th' });
    expect(help).toMatchObject({ kind: 'country', how: 'chosen', numbers: { country: 'KH' } });
  });

  it('falls back to the country the language suggests', () => {
    for (const [locale, country] of [
      ['th', 'TH'],
      ['my', 'MM'],
      ['km', 'KH'],
      ['lo', 'LA'],
      ['vi', 'VN'],
    ] as const) {
      const help = urgentHelpFor({ ...base, country: undefined, locale });
      expect(help, locale).toMatchObject({ kind: 'country', how: 'language', numbers: { country } });
    }
  });

  it('shows every served country and the helpline when neither is known', () => {
    for (const locale of ['en', 'zh-Hans', 'id'] as const) {
      const help = urgentHelpFor({ ...base, locale });
      expect(help.kind).toBe('every-country');
      if (help.kind !== 'every-country') continue;
      expect(help.countries.map((c) => c.country).sort()).toEqual(['KH', 'LA', 'MM', 'TH', 'VN']);
      expect(help.helpline).toEqual(helpline);
    }
    // Asked for every country: no suggestion from the language.
    expect(urgentHelpFor({ ...base, locale: 'th', suggest: false }).kind).toBe('every-country');
  });

  it('is never empty, whatever the country and language (property)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.oneof(fc.constantFrom('TH', 'MM', 'KH', 'LA', 'VN', 'US', ''), fc.string())),
        fc.constantFrom(...SUPPORTED_LOCALES),
        fc.boolean(),
        (country, locale, suggest) => {
          const help = urgentHelpFor({ ...base, country: country ?? undefined, locale, suggest });
          const numbers =
            help.kind === 'country'
              ? help.numbers.emergency.numbers
              : help.countries.flatMap((c) => c.emergency.numbers);
          expect(numbers.length).toBeGreaterThan(0);
          expect(help.helpline.number).toBe(helpline.number);
        },
      ),
    );
  });
});

describe('danger now with the country left at its default, in every locale', () => {
  const app = createPublicApp(fakePublicDeps().deps);

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale}: the next step shows urgent numbers and the helpline's line`, async () => {
      const posted = await app.request(`/${locale}/help/request`, {
        method: 'POST',
        body: new URLSearchParams({ step: 'start', danger: 'yes', country: '', action: 'next' }),
      });
      // Every step answers with a redirect to the next one (post/redirect/get).
      expect(posted.status).toBe(303);
      const next = posted.headers.get('location') ?? '';
      expect(next).toMatch(new RegExp(`^/${locale}/help/request/[\\w-]+\\.[\\w-]+/contact$`));
      const res = await app.request(next);
      expect(res.status).toBe(200);
      const html = await res.text();
      // The step after "start" is shown, with the numbers above it.
      expect(html).toContain('name="step" value="contact"');
      const numbers = urgentBoxNumbers(html);
      const suggested = reference.localeCountry[locale];
      const expected = suggested
        ? (reference.emergency.find((e) => e.country === suggested)?.numbers ?? [])
        : reference.emergency.flatMap((e) => e.numbers);
      expect(expected.length).toBeGreaterThan(0);
      for (const n of expected) expect(numbers).toContain(n.number.replace(/[^\d+]/g, ''));
      // The helpline's own line, marked as a sample while it is the shipped demo value.
      expect(numbers).toContain(DEMO_HELPLINE_PHONE.replace(/[^\d+]/g, ''));
      expect(html).toContain('class="helpline-line"');
    });

    it(`${locale}: the urgent page without a country shows numbers`, async () => {
      const html = await (await app.request(`/${locale}/urgent`)).text();
      expect(html.match(/href="tel:/g)?.length ?? 0).toBeGreaterThan(2);
    });
  }

  it('the done page and a PIN error keep the chosen country for the urgent numbers', async () => {
    const res = await app.request('/en/help/pin', {
      method: 'POST',
      body: new URLSearchParams({
        code: 'K7MH-Q9XD',
        token: 'x',
        urgent: 'yes',
        country: 'LA',
        pin: '1',
        pin2: '2',
      }),
    });
    expect(res.status).toBe(400);
    const numbers = urgentBoxNumbers(await res.text());
    expect(numbers).toEqual(expect.arrayContaining(['191', '195', '190']));
    expect(numbers).not.toContain('1669');
  });

  it('uses the configured helpline line and does not call it a sample', async () => {
    const configured = createPublicApp(fakePublicDeps({ env: { HELPLINE_PHONE: '+855 23 555 010' } }).deps);
    const html = await (await configured.request('/en/urgent?country=all')).text();
    expect(html).toContain('href="tel:+85523555010"');
    expect(html).not.toContain('Sample number for trying this site');
    const demo = await (await app.request('/en/urgent?country=all')).text();
    expect(demo).toContain('Sample number for trying this site');
  });
});
