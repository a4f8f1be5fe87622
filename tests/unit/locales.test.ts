import { describe, expect, it } from 'vitest';
import { COMPLETE_LOCALES, negotiateLocale, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localeResources, LOCALES_URL, NAMESPACES, RESOURCES } from '../../locales/index.js';
import { translatorFor } from '../../web/i18n.js';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Plural forms differ per language (Thai has only "other"), so compare base keys. */
function baseKeys(keys: Iterable<string>): Set<string> {
  return new Set([...keys].map((k) => k.replace(PLURAL_SUFFIX, '')));
}

// Complete locales only: the partial ones (Shan, Karen) are checked in locale-chains.test.ts.
describe('locale files', () => {
  for (const ns of NAMESPACES) {
    const source = flatten(RESOURCES.en[ns]);
    for (const locale of COMPLETE_LOCALES) {
      it(`${locale}/${ns} has exactly the keys of en/${ns} and no empty value`, () => {
        const target = flatten(RESOURCES[locale][ns]);
        expect([...baseKeys(target.keys())].sort()).toEqual([...baseKeys(source.keys())].sort());
        for (const [key, value] of target) {
          expect(typeof value, `${locale}/${ns}:${key}`).toBe('string');
          expect((value as string).trim().length, `${locale}/${ns}:${key} is empty`).toBeGreaterThan(0);
        }
        // Every plural key needs the "other" form, the one every language has.
        for (const key of target.keys()) {
          if (PLURAL_SUFFIX.test(key)) expect(target.has(key.replace(PLURAL_SUFFIX, '_other'))).toBe(true);
        }
      });

      it(`${locale}/${ns} keeps every {{placeholder}} of the source`, () => {
        const target = flatten(RESOURCES[locale][ns]);
        for (const [key, value] of source) {
          const placeholders = String(value).match(/\{\{\s*\w+\s*\}\}/g) ?? [];
          const translated = target.get(key) ?? target.get(key.replace(PLURAL_SUFFIX, '_other'));
          for (const p of placeholders) expect(String(translated), `${locale}/${ns}:${key}`).toContain(p);
        }
      });
    }
  }
});

describe('negotiateLocale', () => {
  it('defaults to English without a header', () => {
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
  });
  it('honours q-values and primary subtags', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,th-TH;q=0.8,en;q=0.5')).toBe('th');
    expect(negotiateLocale('km-KH')).toBe('km');
    expect(negotiateLocale('en;q=0.2, my;q=0.9')).toBe('my');
  });
  it('maps simplified Chinese tags to zh-Hans but not traditional ones', () => {
    expect(negotiateLocale('zh-CN,zh;q=0.9')).toBe('zh-Hans');
    expect(negotiateLocale('zh-Hans-SG')).toBe('zh-Hans');
    expect(negotiateLocale('zh-TW')).toBe('en');
  });
  it('maps the legacy Indonesian code and ignores q=0', () => {
    expect(negotiateLocale('in-ID')).toBe('id');
    expect(negotiateLocale('vi;q=0, lo')).toBe('lo');
  });
  it("finds Shan and S'gaw Karen", () => {
    expect(negotiateLocale('shn-MM,my;q=0.8')).toBe('shn');
    expect(negotiateLocale('ksw,my;q=0.5')).toBe('ksw');
  });
  it('only picks among the allowed locales', () => {
    expect(negotiateLocale('th', ['en', 'vi'])).toBe('en');
    expect(negotiateLocale('th', ['vi'])).toBe('vi');
  });
});

describe('texts read from the locale files on first use', () => {
  it('reads them from the repository folder when running from source', () => {
    expect(fileURLToPath(LOCALES_URL)).toBe(fileURLToPath(new URL('../../locales/', import.meta.url)));
  });

  it('gives every namespace of a language exactly as its JSON file holds it, read once', () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const ns of NAMESPACES) {
        const file = JSON.parse(readFileSync(new URL(`${locale}/${ns}.json`, LOCALES_URL), 'utf8'));
        expect(RESOURCES[locale][ns]).toEqual(file);
      }
      expect(RESOURCES[locale]).toBe(localeResources(locale));
    }
    expect(Object.keys(RESOURCES)).toEqual([...SUPPORTED_LOCALES]);
  });

  it('translates with the language asked for, whichever language came first', async () => {
    const lao = await translatorFor('lo');
    const thai = await translatorFor('th', 'request');
    const english = await translatorFor('en');
    const tagline = (l: 'lo' | 'en') => (RESOURCES[l].common as { site: { tagline: string } }).site.tagline;
    expect(lao('site.tagline')).toBe(tagline('lo'));
    expect(english('site.tagline')).toBe(tagline('en'));
    const thaiErrors = (RESOURCES.th.request as { errors: Record<string, string> }).errors;
    const [key, text] = Object.entries(thaiErrors)[0] as [string, string];
    expect(thai(`errors.${key}`)).toBe(text);
    // A key no language has falls back to English's answer: the key itself.
    expect(lao('no.such.key')).toBe('no.such.key');
  });
});
