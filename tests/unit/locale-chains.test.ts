import { describe, expect, it } from 'vitest';
import { freeTextAsUnicode, loadZawgyiTools } from '../../functions/domain/directory/burmese.js';
import {
  COMPLETE_LOCALES,
  dateTagFor,
  fallbackChain,
  formatNumber,
  LOCALE_INFO,
  type Locale,
  SUPPORTED_LOCALES,
} from '../../functions/domain/locales.js';
import { NAMESPACES, RESOURCES } from '../../locales/index.js';
import { localeTableGaps, LOCALE_TABLES, missingTexts } from '../../scripts/check-locales.js';
import translationStatus from '../../locales/translation-status.json' with { type: 'json' };
import { formatDate, localized } from '../../web/components/format.js';
import { type TranslationUse, translatorFor } from '../../web/i18n.js';
import { sampleDirectoryIndex } from '../bench/relevance.js';

const PARTIAL = SUPPORTED_LOCALES.filter((l) => LOCALE_INFO[l].partial);

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      for (const [kk, vv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
    }
  } else out.set(prefix, String(value));
  return out;
}

describe('fallback chains', () => {
  it('Shan and Karen fall back to Burmese, then English; complete locales straight to English', () => {
    expect(PARTIAL).toEqual(['shn', 'ksw']);
    expect(fallbackChain('shn')).toEqual(['shn', 'my', 'en']);
    expect(fallbackChain('ksw')).toEqual(['ksw', 'my', 'en']);
    for (const l of COMPLETE_LOCALES) expect(fallbackChain(l)).toEqual(l === 'en' ? ['en'] : [l, 'en']);
  });

  describe.each(PARTIAL)('%s', (locale) => {
    it.each(NAMESPACES)(
      'the %s namespace shows its own text where it has one, and Burmese (never English) where not',
      async (ns) => {
        const use: TranslationUse = { fallbacks: new Set() };
        const t = await translatorFor(locale, ns, use);
        const own = flatten(RESOURCES[locale][ns]);
        const burmese = flatten(RESOURCES.my[ns]);
        const english = flatten(RESOURCES.en[ns]);
        const plain = (k: string) => !/_(one|other)$/.test(k) && !english.get(k)?.includes('{{');
        for (const [key, text] of own) if (plain(key)) expect(t(key), `${locale}/${ns}:${key}`).toBe(text);
        expect([...use.fallbacks], 'no fallback recorded for own texts').toEqual([]);
        const missing = [...english.keys()].filter((k) => !own.has(k) && plain(k));
        for (const key of missing) {
          const shown = t(key);
          expect(shown, `${locale}/${ns}:${key}`).toBe(burmese.get(key));
          if (english.get(key) !== burmese.get(key)) expect(shown).not.toBe(english.get(key));
        }
        expect([...use.fallbacks]).toEqual(missing.length ? ['my'] : []);
      },
    );

    it('keeps the placeholders of the source in every text it has', () => {
      for (const ns of NAMESPACES) {
        const english = flatten(RESOURCES.en[ns]);
        for (const [key, text] of flatten(RESOURCES[locale][ns])) {
          const source = english.get(key) ?? english.get(key.replace(/_(one|other)$/, '_other')) ?? '';
          for (const p of source.match(/\{\{\s*\w+\s*\}\}/g) ?? [])
            expect(text, `${locale}/${ns}:${key}`).toContain(p);
        }
      }
    });

    it('has only keys English has, none empty, and the whole home page, callback form and urgent numbers', () => {
      for (const ns of NAMESPACES) {
        const english = new Set(flatten(RESOURCES.en[ns]).keys());
        for (const [key, text] of flatten(RESOURCES[locale][ns])) {
          expect(
            english.has(key) || english.has(key.replace(/_one$/, '_other')),
            `${locale}/${ns}:${key}`,
          ).toBe(true);
          expect(text.trim().length, `${locale}/${ns}:${key}`).toBeGreaterThan(0);
        }
      }
      expect(missingTexts(locale, 'common')).toEqual([]);
      expect(missingTexts(locale, 'request')).toEqual([]);
      expect(missingTexts(locale, 'directory').filter((k) => k.startsWith('urgent.'))).toEqual([]);
    });

    it('gives every plural it translates an explicit _one form (ICU has no plural rules for it)', () => {
      expect(Intl.PluralRules.supportedLocalesOf(LOCALE_INFO[locale].intlTag)).toEqual([]);
      for (const ns of NAMESPACES) {
        const keys = new Set(flatten(RESOURCES[locale][ns]).keys());
        for (const key of keys)
          if (key.endsWith('_other'))
            expect(keys.has(key.replace(/_other$/, '_one')), `${locale}/${ns}:${key}`).toBe(true);
      }
    });

    it('a plural it lacks comes in Burmese for one and for many', async () => {
      const t = await translatorFor(locale, 'console');
      const my = await translatorFor('my', 'console');
      for (const count of [1, 3]) {
        const args = { count, date: 'D', by: 'B' };
        expect(t('directory.stale.verified', args)).toBe(my('directory.stale.verified', args));
        expect(t('directory.stale.verified', args)).toMatch(/ရက်/);
      }
    });

    it('writes dates and numbers without falling back to English', () => {
      const date = formatDate('2026-03-05', locale);
      expect(date).not.toMatch(/March|[0-9]/);
      expect(date).toMatch(/[\u1000-\u109f]/);
      expect(formatNumber(2026, locale)).toBe('၂၀၂၆');
    });

    it('reads a listing text in its own language, else Burmese, else English', () => {
      expect(localized({ en: 'E', my: 'M', [locale]: 'S' }, locale)).toBe('S');
      expect(localized({ en: 'E', my: 'M' }, locale)).toBe('M');
      expect(localized({ en: 'E' }, locale)).toBe('E');
    });

    it('is not mistaken for Zawgyi Burmese: every text stays exactly as written', async () => {
      await loadZawgyiTools();
      for (const ns of NAMESPACES)
        for (const [key, text] of flatten(RESOURCES[locale][ns]))
          expect(freeTextAsUnicode(text), `${locale}/${ns}:${key}`).toEqual({ text });
    });
  });

  it('dates of a language ICU has no names for use the first language of its chain that it has', () => {
    expect(dateTagFor('ksw')).toBe('my-u-nu-mymr');
    expect(dateTagFor('shn')).toBe('shn-u-nu-mymr');
    expect(dateTagFor('th')).toBe('th-u-nu-latn');
  });
});

describe('one rule for digits per locale', () => {
  it('writes numbers with the locale digits, and texts interpolate them that way', async () => {
    expect(formatNumber(12, 'my')).toBe('၁၂');
    expect(formatNumber(12, 'km')).toBe('១២');
    expect(formatNumber(1200, 'th')).toBe('1200');
    expect(formatNumber(12000, 'en')).toBe('12,000');
    expect((await translatorFor('my', 'request'))('consent.howLong', { days: 30 })).toContain('၃၀');
    expect((await translatorFor('km', 'request'))('consent.howLong', { days: 30 })).toContain('៣០');
    expect((await translatorFor('th', 'request'))('consent.howLong', { days: 30 })).toContain('30');
  });

  it('Burmese and Khmer texts write counts in their own digits, never ASCII ones', () => {
    // Codes, times, weeks and phone numbers people type (TH-50, 09:00, 2026-W05, +66) stay ASCII on purpose.
    const code = /\{\{[^}]*\}\}|[A-Z]{2}-\d+|\d{4}-W\d{2}|\d{2}:\d{2}|\+\d[\d ]*|HH:MM|HSDS 3\.0|<5|1234/g;
    const ascii: string[] = [];
    for (const locale of ['my', 'km'] as Locale[])
      for (const ns of NAMESPACES)
        for (const [key, text] of flatten(RESOURCES[locale][ns]))
          if (/[0-9]/.test(text.replace(code, ''))) ascii.push(`${locale}/${ns}:${key}: ${text}`);
    expect(ascii).toEqual([]);
  });
});

describe('the locale check', () => {
  it('passes for all ten locales', () => {
    expect(SUPPORTED_LOCALES).toHaveLength(10);
    expect(localeTableGaps()).toEqual([]);
    for (const l of COMPLETE_LOCALES)
      for (const ns of NAMESPACES) expect(missingTexts(l, ns), `${l}/${ns}`).toEqual([]);
  });

  it('fails for a locale added without its tables, naming each missing table', () => {
    const gaps = localeTableGaps(['xx']);
    expect(gaps).toHaveLength(LOCALE_TABLES.length);
    for (const name of [
      'LOCALE_INFO',
      'locale files',
      'translation status',
      'REVEALING_WORDS',
      'DEFAULT_EXIT_URLS',
      'AREA_SYNONYMS',
      'SUBTYPE_SYNONYMS',
      'GROUP_SYNONYMS',
      'STOP_WORDS',
      'GENERIC_WORDS',
      'PLACE_TYPE_WORDS',
      'LocalizedTextSchema',
      'country names (places)',
      'urgent number labels',
    ])
      expect(
        gaps.some((g) => g.startsWith(`xx: missing in ${name}`)),
        name,
      ).toBe(true);
    expect(gaps.find((g) => g.includes('AREA_SYNONYMS'))).toContain('housing');
  });

  it('every locale file has a review status; Shan and Karen are partial drafts for native review', () => {
    const status = translationStatus as Record<
      string,
      { status: string; partial?: boolean; humanReviewKeys: string[]; revisedKeys?: string[] }
    >;
    for (const l of SUPPORTED_LOCALES)
      for (const ns of NAMESPACES) {
        const entry = status[`${l}/${ns}.json`];
        expect(entry, `${l}/${ns}`).toBeDefined();
        const keys = new Set(flatten(RESOURCES[l][ns]).keys());
        for (const k of [...(entry?.humanReviewKeys ?? []), ...(entry?.revisedKeys ?? [])])
          expect(keys.has(k), `${l}/${ns}: ${k}`).toBe(true);
        if (LOCALE_INFO[l].partial) {
          expect(entry?.status).toBe('draft-needs-native-review');
          expect(entry?.partial).toBe(true);
        }
      }
  });
});

describe('search in Shan and Karen', () => {
  const index = sampleDirectoryIndex();
  const topAreas = (text: string, locale: Locale) =>
    index
      .search({ text, locale, pageSize: 100 })
      .hits.slice(0, 3)
      .map((h) => h.service.areas);

  it.each([
    ['ႁူင်းယႃ', 'shn', 'health'],
    ['ကသံၣ်သရၣ်', 'ksw', 'health'],
    ['ႁိူၼ်း', 'shn', 'housing'],
    ['ဟံၣ်', 'ksw', 'housing'],
  ] as const)('"%s" (%s) puts %s services first, through the word lists', (text, locale, area) => {
    const found = topAreas(text, locale);
    expect(found).toHaveLength(3);
    for (const areas of found) expect(areas).toContain(area);
  });
});
