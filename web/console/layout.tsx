import type { ComponentChildren } from 'preact';
import type { Place } from '../../functions/domain/directory/model.js';
import { LOCALE_INFO, type Locale } from '../../functions/domain/locales.js';
import type { Translate } from '../i18n.js';

export interface ConsoleContext {
  t: Translate;
  locale: Locale;
  siteName: string;
  /** The helpline's time zone: console times are shown in it, with its name. */
  timeZone?: string;
  /** Places by id, for names in the operator's language. */
  places?: Map<string, Place>;
  css: string;
  consoleCss?: string | undefined;
  scripts: string[];
  user?: { name: string; supervisor: boolean; admin?: boolean; csrf: string };
}

/** The document title: "(2) Queue · Waypoint" when there is a count to show (urgent requests). */
export function documentTitle(ctx: ConsoleContext, title: string, count = 0): string {
  return `${count > 0 ? `(${count}) ` : ''}${title} · ${ctx.siteName}`;
}

export function ConsoleLayout({
  ctx,
  title,
  titleCount,
  head,
  children,
}: {
  ctx: ConsoleContext;
  title: string;
  /** A count shown first in the tab title, e.g. the urgent requests waiting on the queue page. */
  titleCount?: number;
  /** More elements for the head (the queue's refresh without JavaScript). */
  head?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <html lang={ctx.locale} dir={LOCALE_INFO[ctx.locale].dir}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{documentTitle(ctx, title, titleCount)}</title>
        {head}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <style dangerouslySetInnerHTML={{ __html: ctx.css }} />
        {ctx.consoleCss ? <style dangerouslySetInnerHTML={{ __html: ctx.consoleCss }} /> : null}
        {ctx.scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body class="console">
        <a class="skip-link" href="#main">
          {t('common:site.skipToContent')}
        </a>
        <header class="topbar">
          <a class="site-name" href="/console">
            {ctx.siteName} · {t('console:title')}
          </a>
          {ctx.user ? (
            <nav aria-label={t('console:title')} class="console-nav">
              <a href="/console">{t('console:nav.queue')}</a>
              <a href="/console/mine">{t('console:nav.mine')}</a>
              <a href="/console/find">{t('console:nav.find')}</a>
              <a href="/console/closed">{t('console:nav.closed')}</a>
              {ctx.user.supervisor ? <a href="/console/supervisor">{t('console:nav.supervisor')}</a> : null}
              {ctx.user.admin ? <a href="/console/staff">{t('console:nav.staff')}</a> : null}
              {ctx.user.supervisor || ctx.user.admin ? (
                <a href="/console/reports">{t('console:nav.reports')}</a>
              ) : null}
              {ctx.user.supervisor ? (
                <a href="/console/directory/reports">{t('console:directory.nav.reports')}</a>
              ) : null}
              <span>{t('console:nav.signedInAs', { name: ctx.user.name })}</span>
              <form method="post" action="/console/auth/logout" class="inline">
                <input type="hidden" name="csrf" value={ctx.user.csrf} />
                <button type="submit" class="button secondary small">
                  {t('console:nav.signOut')}
                </button>
              </form>
            </nav>
          ) : null}
        </header>
        <main id="main" tabIndex={-1} class="console-main">
          {children}
        </main>
      </body>
    </html>
  );
}

export function MessageView({
  ctx,
  title,
  message,
  link,
}: {
  ctx: ConsoleContext;
  title: string;
  message: string;
  link?: { href: string; text: string };
}) {
  return (
    <ConsoleLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {link ? (
        <p>
          <a class="button" href={link.href}>
            {link.text}
          </a>
        </p>
      ) : null}
    </ConsoleLayout>
  );
}

/** Shown after sign-in: a same-site navigation, so the SameSite=Strict session cookie is sent. */
export function ContinueView({ ctx }: { ctx: ConsoleContext }) {
  return (
    <ConsoleLayout ctx={ctx} title={ctx.t('console:auth.continue')}>
      <meta http-equiv="refresh" content="0;url=/console" />
      <p>
        <a class="button" href="/console">
          {ctx.t('console:auth.continue')}
        </a>
      </p>
    </ConsoleLayout>
  );
}

/**
 * After our session is gone: on to the sign-in service to end its session too, so the next person
 * at this computer must type a password. A navigation, not a form post (see console-app.tsx).
 */
export function EndSessionView({ ctx, href }: { ctx: ConsoleContext; href: string }) {
  return (
    <ConsoleLayout ctx={ctx} title={ctx.t('console:auth.signingOutTitle')}>
      <meta http-equiv="refresh" content={`0;url=${href}`} />
      <h1>{ctx.t('console:auth.signingOutTitle')}</h1>
      <p>{ctx.t('console:auth.signingOut')}</p>
      <p>
        <a class="button" href={href}>
          {ctx.t('console:auth.finishSignOut')}
        </a>
      </p>
    </ConsoleLayout>
  );
}
