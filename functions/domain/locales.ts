/**
 * The languages the portal speaks. English is the source language; every other locale must carry
 * the same keys (a unit test checks). Names are written in their own script so a person can find
 * their language without reading English.
 */
export const SUPPORTED_LOCALES = ['en', 'th', 'my', 'km', 'lo', 'vi', 'zh-Hans', 'id'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export interface LocaleInfo {
  code: Locale;
  /** The language's name in its own script. */
  nativeName: string;
  /** Writing direction; all current locales are left-to-right, the layout uses logical CSS. */
  dir: 'ltr' | 'rtl';
  /** Intl tag used for dates, numbers and plurals. */
  intlTag: string;
}

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  en: { code: 'en', nativeName: 'English', dir: 'ltr', intlTag: 'en' },
  th: { code: 'th', nativeName: 'ไทย', dir: 'ltr', intlTag: 'th' },
  my: { code: 'my', nativeName: 'မြန်မာ', dir: 'ltr', intlTag: 'my' },
  km: { code: 'km', nativeName: 'ខ្មែរ', dir: 'ltr', intlTag: 'km' },
  lo: { code: 'lo', nativeName: 'ລາວ', dir: 'ltr', intlTag: 'lo' },
  vi: { code: 'vi', nativeName: 'Tiếng Việt', dir: 'ltr', intlTag: 'vi' },
  'zh-Hans': { code: 'zh-Hans', nativeName: '简体中文', dir: 'ltr', intlTag: 'zh-Hans' },
  id: { code: 'id', nativeName: 'Bahasa Indonesia', dir: 'ltr', intlTag: 'id' },
};

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
