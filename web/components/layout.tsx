import type { ComponentChildren } from 'preact';
import { LOCALE_INFO, type Locale } from '../../functions/domain/locales.js';
import type { LiveHelpline } from '../../functions/domain/helpline.js';
import type { UrgentHelp } from '../../functions/domain/urgent-help.js';
import type { Translate } from '../i18n.js';
import { Pictogram } from './icon.js';
import { ListenControl } from './listen-control.js';

export interface PageContext {
  locale: Locale;
  /** Locales this deployment offers, for the language switcher. */
  locales: readonly Locale[];
  t: Translate;
  /**
   * The languages `t` has fallen back to so far while rendering this page (Shan → Burmese),
   * for the footer's one notice; absent or empty when every text was in the page's language.
   */
  fallbackUsed?: () => readonly Locale[];
  siteName: string;
  exitUrl: string;
  /** Path after the language prefix, e.g. "/services", used to link the same page in other languages. */
  pathAfterLocale: string;
  /** Islands' script URLs to load with `defer`. */
  scripts: string[];
  /** Inline critical CSS. */
  css: string;
  /** True when the page shows sample directory data. */
  sampleData?: boolean;
  /** Urgent numbers for a chosen country (or none): never empty, see functions/domain/urgent-help.ts. */
  urgentHelp: (country?: string | undefined, options?: { suggest?: boolean }) => UrgentHelp;
  /** The helpline's own channels with "open now" (functions/domain/helpline.ts). */
  helplineNow: () => LiveHelpline;
}

interface LayoutProps {
  ctx: PageContext;
  /** Page heading used in the tab title; the title stays neutral (see P2 in the product doc). */
  title?: string;
  /** The page shows form errors: the title starts with "Error:" (read first by screen readers). */
  error?: boolean;
  /**
   * Offer "Listen" (read aloud) at the top of the main content; the route loads the `listen`
   * island with it (web/islands/listen.ts).
   */
  listen?: boolean;
  children: ComponentChildren;
}

/**
 * The frame of every public page: neutral title, quick exit first in the tab order after the
 * skip link, language switcher, main content, footer. Works with JavaScript off.
 */
export function Layout({ ctx, title, error = false, listen = false, children }: LayoutProps) {
  const { t, locale } = ctx;
  const info = LOCALE_INFO[locale];
  const named = title ? `${title} · ${ctx.siteName}` : ctx.siteName;
  const docTitle = error ? `${t('errors.prefix')} ${named}` : named;
  return (
    <html lang={info.code} dir={info.dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="description" content={t('site.tagline')} />
        <meta name="theme-color" content="#1d4e89" />
        <title>{docTitle}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <style dangerouslySetInnerHTML={{ __html: ctx.css }} />
        {ctx.scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('site.skipToContent')}
        </a>
        <header class="topbar">
          <a class="site-name" href={`/${locale}/`}>
            {/* With very large text only the house shows, leaving the row to the quick exit. */}
            <Pictogram name="home" size={32} />
            <span class="site-name-text">{ctx.siteName}</span>
          </a>
          <a
            class="quick-exit"
            href={ctx.exitUrl}
            rel="noreferrer noopener"
            data-quick-exit=""
            data-pressed-once={t('quickExit.pressedOnce')}
            data-pressed-twice={t('quickExit.pressedTwice')}
            data-leaving={t('quickExit.leaving')}
            data-timed-out={t('info:quickExit.timedOut')}
          >
            {t('quickExit.label')}
          </a>
        </header>
        <p class="quick-exit-hint">{t('quickExit.hint')}</p>
        <div id="quick-exit-status" class="visually-hidden" role="status" aria-live="assertive" />
        <nav class="site-nav" aria-label={t('nav.label')}>
          <ul>
            <li>
              <a href={`/${locale}/services`}>{t('nav.services')}</a>
            </li>
            <li>
              <a href={`/${locale}/urgent`}>{t('nav.urgent')}</a>
            </li>
          </ul>
        </nav>
        <LanguageSwitcher ctx={ctx} />
        {ctx.sampleData ? <p class="sample-banner">{t('site.sampleData')}</p> : null}
        <main id="main" tabIndex={-1}>
          {listen ? <ListenControl ctx={ctx} /> : null}
          {children}
        </main>
        <footer>
          <nav aria-label={t('info:nav.more')}>
            <ul class="footer-links">
              <li>
                <a href={`/${locale}/safety`}>{t('footer.safety')}</a>
              </li>
              <li>
                <a href={`/${locale}/families`}>{t('nav.families')}</a>
              </li>
              <li>
                <a href={`/${locale}/rights`}>{t('info:nav.rights')}</a>
              </li>
            </ul>
          </nav>
          <p>{t('info:footer.privacy')}</p>
          <FallbackNotice ctx={ctx} />
        </footer>
      </body>
    </html>
  );
}

/**
 * Said once per page, discreetly, when some text on it came from a fallback language (a Shan page
 * showing Burmese). Rendered last, after everything else on the page has asked for its texts.
 */
function FallbackNotice({ ctx }: { ctx: PageContext }) {
  const used = ctx.fallbackUsed?.() ?? [];
  const first = used.find((l) => l !== 'en') ?? used[0];
  if (!first) return null;
  return (
    <p class="hint fallback-notice" data-fallback={first}>
      {ctx.t('language.fallbackNotice', { language: LOCALE_INFO[first].nativeName })}
    </p>
  );
}

function LanguageSwitcher({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="languages" aria-label={ctx.t('language.label')}>
      <ul>
        {ctx.locales.map((code) => {
          const info = LOCALE_INFO[code];
          const current = code === ctx.locale;
          return (
            <li key={code}>
              <a
                href={`/${code}${ctx.pathAfterLocale}`}
                lang={info.code}
                hrefLang={info.code}
                aria-current={current ? 'true' : undefined}
              >
                {info.nativeName}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
