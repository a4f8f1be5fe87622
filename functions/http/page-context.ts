import type { Context } from 'hono';
import type { WebAssets } from '../../web/assets.js';
import type { PageContext } from '../../web/components/layout.js';
import { type TranslationUse, translatorFor } from '../../web/i18n.js';
import { exitUrlFor, type RuntimeConfig } from '../config.js';
import { type HelplineSetup, helplineSetup, liveHelpline } from '../domain/helpline.js';
import { isLocale, type Locale } from '../domain/locales.js';
import { isSampleHelplinePhone } from '../domain/sample-helpline.js';
import { urgentHelpFor } from '../domain/urgent-help.js';
import type { ReferenceData } from '../reference/index.js';

export type PageContextFactory = (
  locale: Locale,
  pathAfterLocale: string,
  options?: { islands?: string[]; sampleData?: boolean },
) => Promise<PageContext>;

/** The helpline's channels from this configuration; throws on a wrong HELPLINE_CHANNELS. */
export function configuredHelpline(config: RuntimeConfig): HelplineSetup {
  return helplineSetup({
    channelsJson: config.HELPLINE_CHANNELS,
    phone: config.HELPLINE_PHONE,
    samplePhone: isSampleHelplinePhone(config.HELPLINE_PHONE),
    timeZone: config.HELPLINE_TIME_ZONE,
  });
}

/**
 * Builds the per-request context every page needs: translator, exit page, assets, languages, and
 * the urgent numbers for this language (one rule: domain/urgent-help.ts).
 */
export function pageContextFactory(
  config: RuntimeConfig,
  webAssets: WebAssets,
  reference: Pick<ReferenceData, 'countries' | 'emergency' | 'localeCountry'>,
  now: () => Date = () => new Date(),
): PageContextFactory {
  const channels = configuredHelpline(config);
  const helpline = { number: config.HELPLINE_PHONE, demo: isSampleHelplinePhone(config.HELPLINE_PHONE) };
  return async (locale, pathAfterLocale, options = {}) => {
    const islands = ['quick-exit', ...(options.islands ?? [])];
    // This request's own record of texts shown in a fallback language (never shared: pages render concurrently).
    const use: TranslationUse = { fallbacks: new Set() };
    return {
      locale,
      locales: config.LOCALES,
      t: await translatorFor(locale, 'common', use),
      fallbackUsed: () => [...use.fallbacks],
      siteName: config.SITE_NAME,
      exitUrl: exitUrlFor(config, locale),
      pathAfterLocale,
      css: webAssets.css,
      scripts: islands.map((name) => webAssets.scripts[name]?.path).filter((p): p is string => Boolean(p)),
      sampleData: options.sampleData ?? false,
      helplineNow: () => liveHelpline(channels, now()),
      urgentHelp: (country, options = {}) =>
        urgentHelpFor({
          ...options,
          country,
          locale,
          countries: reference.countries,
          emergency: reference.emergency,
          localeCountry: reference.localeCountry,
          helpline,
        }),
    };
  };
}

/** The locale of the path's first segment when this deployment offers it. */
export function localeFromPath(c: Context, allowed: readonly Locale[]): Locale | undefined {
  const first = c.req.path.split('/')[1];
  return isLocale(first) && allowed.includes(first) ? first : undefined;
}
