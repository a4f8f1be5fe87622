import i18next, { type TFunction } from 'i18next';
import {
  DEFAULT_LOCALE,
  fallbackChain,
  formatNumber,
  isLocale,
  LOCALE_INFO,
  type Locale,
  SUPPORTED_LOCALES,
} from '../functions/domain/locales.js';
import { localeResources, NAMESPACES } from '../locales/index.js';

export type Translate = TFunction;

let ready: Promise<typeof i18next> | undefined;

/**
 * One i18next instance per process. It starts with no texts: a language's texts are added the
 * first time a page asks for it (locales/index.ts reads them from disk), together with the
 * languages of its fallback chain (Shan → Burmese → English; functions/domain/locales.ts). Pages
 * take a fixed `t` for their locale, so concurrent requests never share language state. Numbers
 * given to a text are written with the locale's digits (formatNumber).
 */
export function initI18n(): Promise<typeof i18next> {
  ready ??= (async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: {},
      supportedLngs: [...SUPPORTED_LOCALES],
      fallbackLng: Object.fromEntries([
        ['default', [DEFAULT_LOCALE]],
        ...SUPPORTED_LOCALES.map((l) => [l, [...LOCALE_INFO[l].fallbacks]]),
      ]),
      ns: [...NAMESPACES],
      defaultNS: 'common',
      // Preact escapes text when rendering; escaping here too would double-escape.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
    // Every number interpolated into a text ({{count}}, {{max}} …) gets the locale's digits.
    const interpolator = instance.services.interpolator as unknown as {
      format: (value: unknown, format: string | undefined, lng: string, options: unknown) => unknown;
      alwaysFormat: boolean;
    };
    const format = interpolator.format;
    interpolator.alwaysFormat = true;
    interpolator.format = (value, fmt, lng, options) =>
      typeof value === 'number' && !fmt && isLocale(lng)
        ? formatNumber(value, lng)
        : format(value, fmt, lng, options);
    return instance;
  })();
  return ready;
}

const added = new Set<Locale>();

function addLocale(instance: typeof i18next, locale: Locale): void {
  if (added.has(locale)) return;
  const resources = localeResources(locale);
  for (const ns of NAMESPACES) instance.addResourceBundle(locale, ns, resources[ns]);
  added.add(locale);
}

/**
 * What one page's translator noticed: the languages it took texts from other than the page's own
 * (a partial locale's fallbacks). One per request, never shared, since pages render concurrently.
 */
export interface TranslationUse {
  fallbacks: Set<Locale>;
}

export async function translatorFor(
  locale: Locale,
  namespace: string = 'common',
  use?: TranslationUse,
): Promise<Translate> {
  const instance = await initI18n();
  for (const l of fallbackChain(locale)) addLocale(instance, l);
  let t = instance.getFixedT(locale, namespace);
  if (use && LOCALE_INFO[locale].fallbacks.length > 0) t = recordingTranslator(t, locale, use);
  return pseudoLocaleEnabled() ? pseudoTranslator(t) : t;
}

/** A translator that notes in `use` each text taken from a fallback language. */
function recordingTranslator(t: Translate, locale: Locale, use: TranslationUse): Translate {
  const call = t as unknown as (...a: unknown[]) => unknown;
  const wrapped = (key: unknown, ...rest: unknown[]) => {
    const options = rest.find((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
    const details = call(key, ...rest.filter((r) => r !== options), { ...options, returnDetails: true });
    if (details && typeof details === 'object' && 'res' in details) {
      const { res, usedLng } = details as { res: unknown; usedLng?: string };
      if (typeof usedLng === 'string' && usedLng !== locale && isLocale(usedLng)) use.fallbacks.add(usedLng);
      return res;
    }
    return details;
  };
  return wrapped as unknown as Translate;
}

/**
 * Development aid: with PSEUDO_LOCALE=1 every translated string is rendered accented, expanded
 * by about 40 % and wrapped in ⟦ ⟧. Text that shows up plain was not translated (hard-coded or a
 * key echoed by i18next); text cut off at the brackets is clipped by the layout. Off by default
 * and ignored when NODE_ENV is "production".
 */
export function pseudoLocaleEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.PSEUDO_LOCALE === '1' && env.NODE_ENV !== 'production';
}

const ACCENTS: Record<string, string> = {
  a: 'å',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'î',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ö',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'û',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Å',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Î',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ö',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Û',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

/** "Leave this page" → "⟦Ļéåṽé ţĥîš þåĝé·····⟧". Digits, punctuation and other scripts are kept. */
export function pseudoLocalize(text: string): string {
  const accented = text.replace(/[A-Za-z]/g, (ch) => ACCENTS[ch] ?? ch);
  const padding = '·'.repeat(Math.ceil([...text].length * 0.4));
  return `⟦${accented}${padding}⟧`;
}

function pseudoTranslator(t: Translate): Translate {
  const wrapped = (...args: unknown[]) => {
    const value = (t as unknown as (...a: unknown[]) => unknown)(...args);
    return typeof value === 'string' ? pseudoLocalize(value) : value;
  };
  return wrapped as unknown as Translate;
}
