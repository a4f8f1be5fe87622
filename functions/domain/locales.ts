/**
 * The languages the portal speaks. English is the source language; every complete locale carries
 * the same keys, a partial one (Shan, S'gaw Karen) a subset and falls back along its chain (a unit
 * test and `npm run check:locales` check). Names are written in their own script so a person can
 * find their language without reading English. Adding a language: docs/translations.md.
 */
export const SUPPORTED_LOCALES = ['en', 'th', 'my', 'km', 'lo', 'vi', 'zh-Hans', 'id', 'shn', 'ksw'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export interface LocaleInfo {
  code: Locale;
  /** The language's name in its own script. */
  nativeName: string;
  /** Writing direction; all current locales are left-to-right, the layout uses logical CSS. */
  dir: 'ltr' | 'rtl';
  /** Intl tag used for dates, numbers and plurals (see intlTagFor when ICU lacks the language). */
  intlTag: string;
  /**
   * Where a text is missing in this language, the languages shown instead, in order; English,
   * the source, is always last. Shan and Karen readers read Burmese far more often than English.
   */
  fallbacks: readonly Locale[];
  /**
   * The digits numbers are written with in running text (an Intl numbering system), one rule per
   * locale; phone numbers, codes and times typed or dialled stay in ASCII digits.
   */
  numberingSystem: 'latn' | 'mymr' | 'khmr' | 'thai' | 'laoo';
  /** A partial locale has only some texts yet (marked in locales/translation-status.json). */
  partial: boolean;
}

const FULL = { dir: 'ltr', fallbacks: ['en'], numberingSystem: 'latn', partial: false } as const;

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  en: { ...FULL, code: 'en', nativeName: 'English', intlTag: 'en', fallbacks: [] },
  th: { ...FULL, code: 'th', nativeName: 'ไทย', intlTag: 'th' },
  my: { ...FULL, code: 'my', nativeName: 'မြန်မာ', intlTag: 'my', numberingSystem: 'mymr' },
  km: { ...FULL, code: 'km', nativeName: 'ខ្មែរ', intlTag: 'km', numberingSystem: 'khmr' },
  lo: { ...FULL, code: 'lo', nativeName: 'ລາວ', intlTag: 'lo' },
  vi: { ...FULL, code: 'vi', nativeName: 'Tiếng Việt', intlTag: 'vi' },
  'zh-Hans': { ...FULL, code: 'zh-Hans', nativeName: '简体中文', intlTag: 'zh-Hans' },
  id: { ...FULL, code: 'id', nativeName: 'Bahasa Indonesia', intlTag: 'id' },
  shn: {
    ...FULL,
    code: 'shn',
    nativeName: 'ၵႂၢမ်းတႆး',
    intlTag: 'shn',
    fallbacks: ['my', 'en'],
    numberingSystem: 'mymr',
    partial: true,
  },
  ksw: {
    ...FULL,
    code: 'ksw',
    nativeName: 'ကညီကျိာ်',
    intlTag: 'ksw',
    fallbacks: ['my', 'en'],
    numberingSystem: 'mymr',
    partial: true,
  },
};

/** The locales that carry every text (English and the eight full translations). */
export const COMPLETE_LOCALES: readonly Locale[] = SUPPORTED_LOCALES.filter((l) => !LOCALE_INFO[l].partial);

/** The locale itself, then its fallbacks: where a text is looked for, in order. */
export function fallbackChain(locale: Locale): readonly Locale[] {
  return [locale, ...LOCALE_INFO[locale].fallbacks];
}

/**
 * A text given in several languages (a listing's name, a place, an urgent number's label), read
 * in the locale, else along its fallback chain: a Shan reader gets Burmese before English.
 */
export function inLocale(value: { en: string } & Partial<Record<Locale, string>>, locale: Locale): string {
  for (const l of fallbackChain(locale)) {
    const text = value[l];
    if (text) return text;
  }
  return value.en;
}

const dateTags = new Map<Locale, string>();

/**
 * The Intl tag to format dates and numbers with: the first language of the chain ICU has date
 * names for, so a Karen page writes dates the Burmese way rather than ICU's English default.
 * Digits follow the locale's own rule.
 */
export function dateTagFor(locale: Locale): string {
  let tag = dateTags.get(locale);
  if (!tag) {
    const known = fallbackChain(locale).find(
      (l) => Intl.DateTimeFormat.supportedLocalesOf(LOCALE_INFO[l].intlTag).length > 0,
    );
    tag = `${LOCALE_INFO[known ?? 'en'].intlTag}-u-nu-${LOCALE_INFO[locale].numberingSystem}`;
    dateTags.set(locale, tag);
  }
  return tag;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** A number in running text, with the locale's digits (Burmese ၁၂, Khmer ១២, Thai 12). */
export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(dateTagFor(locale), { useGrouping: 'min2' });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the best supported locale from an Accept-Language header, honouring q-values.
 * Matches whole tags first (zh-Hans), then the primary subtag (th-TH → th); Chinese tags that
 * mean the simplified script (zh, zh-CN, zh-SG) map to zh-Hans.
 */
export function negotiateLocale(
  acceptLanguage: string | undefined,
  allowed: readonly Locale[] = SUPPORTED_LOCALES,
): Locale {
  const fallback = allowed.includes(DEFAULT_LOCALE) ? DEFAULT_LOCALE : (allowed[0] ?? DEFAULT_LOCALE);
  if (!acceptLanguage) return fallback;
  const ranges = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number.parseFloat(qParam.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.tag.length > 0 && r.tag.length < 36 && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);

  for (const { tag } of ranges) {
    const match = matchTag(tag, allowed);
    if (match) return match;
  }
  return fallback;
}

function matchTag(tag: string, allowed: readonly Locale[]): Locale | undefined {
  const exact = allowed.find((l) => l.toLowerCase() === tag);
  if (exact) return exact;
  const primary = tag.split('-')[0];
  if (primary === 'zh') {
    // Traditional-script tags are not served by the simplified locale.
    if (/-(hant|tw|hk|mo)\b/.test(tag)) return undefined;
    return allowed.find((l) => l === 'zh-Hans');
  }
  if (primary === 'in') return allowed.find((l) => l === 'id'); // legacy Indonesian code
  return allowed.find((l) => l.toLowerCase() === primary);
}
