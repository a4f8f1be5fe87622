import i18next, { type TFunction } from 'i18next';
import { DEFAULT_LOCALE, type Locale, SUPPORTED_LOCALES } from '../functions/domain/locales.js';
import { NAMESPACES, RESOURCES } from '../locales/index.js';

export type Translate = TFunction;

let ready: Promise<typeof i18next> | undefined;

/**
 * One i18next instance per process, initialised once with every locale bundled in.
 * Pages take a fixed `t` for their locale, so concurrent requests never share language state.
 */
export function initI18n(): Promise<typeof i18next> {
  ready ??= (async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: RESOURCES,
      supportedLngs: [...SUPPORTED_LOCALES],
      fallbackLng: DEFAULT_LOCALE,
      ns: [...NAMESPACES],
      defaultNS: 'common',
      // Preact escapes text when rendering; escaping here too would double-escape.
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
    return instance;
  })();
  return ready;
}

export async function translatorFor(locale: Locale, namespace: string = 'common'): Promise<Translate> {
  const instance = await initI18n();
  return instance.getFixedT(locale, namespace);
}
