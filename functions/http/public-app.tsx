import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { WebAssets } from '../../web/assets.js';
import { HomePage, MessagePage } from '../../web/pages/home.js';
import { renderDocument } from '../../web/render.js';
import type { RuntimeConfig } from '../config.js';
import type { DirectoryIndex } from '../domain/directory/search.js';
import type { ListingReportInput } from '../domain/directory/report.js';
import { isLocale, type Locale, negotiateLocale } from '../domain/locales.js';
import type { ReferenceData } from '../reference/index.js';
import { BODY_LIMITS } from './abuse.js';
import { FAVICON_SVG } from './favicon.js';
import { localeFromPath, pageContextFactory } from './page-context.js';
import { type LazyArea, loadWith, mountLazyArea } from './lazy-area.js';
import { createInfoRootRoutes, createInfoRoutes } from './routes/info-routes.js';
import type { FollowUps } from '../services/followups.js';
import type { RequestRouteDeps } from './routes/request-routes.js';
import { securityHeaders } from './security-headers.js';

/** The services behind the pages, built with the first request that needs them (public-services.ts). */
export interface PublicServices {
  /** The in-memory directory index, refreshed when the directory changes. */
  directory: { get(): Promise<DirectoryIndex> };
  reports: {
    save(serviceId: string, report: Pick<ListingReportInput, 'reason' | 'message'>): Promise<string>;
  };
  /** Callback requests: the service, rate limits, client addresses, the signing secret, used tokens. */
  requests: Pick<
    RequestRouteDeps,
    'requests' | 'limiter' | 'clientAddress' | 'secret' | 'tokens' | 'drafts'
  > & {
    followUps: FollowUps;
  };
}

export interface PublicAppDeps {
  config: RuntimeConfig;
  webAssets: WebAssets;
  /** Reports whether the application table is reachable (for /healthz). */
  checkDatabase: () => Promise<boolean>;
  reference: ReferenceData;
  /** Loads the services once; the route areas that need them call it on their first request. */
  services: () => Promise<PublicServices>;
  /** Extra route areas, loaded on their first request like the app's own (e.g. the HSDS API under /hsds). */
  mounts?: LazyArea[];
  now?: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

/** Pages under a language prefix know their language. */
type LocalizedEnv = { Variables: { locale: Locale } };

/** General pages may be cached briefly by the CDN; personal pages never are. */
const SHORT_PUBLIC_CACHE = 'public, max-age=60, s-maxage=300';

/**
 * The survivor-facing application: server-rendered pages that work without JavaScript, the public
 * JSON API and the HSDS API. The same app runs in Lambda (handlers/public.ts) and in the local server.
 */
export function createPublicApp(deps: PublicAppDeps): Hono {
  const { config, webAssets } = deps;
  const allowed = config.LOCALES;
  const now = deps.now ?? (() => new Date());
  const pageContext = pageContextFactory(config, webAssets, deps.reference, now);
  const app = new Hono();
  /** A short message page in the reader's language (the path's, else Accept-Language's). */
  const message = async (
    c: Context,
    status: 400 | 404 | 413 | 500,
    key: 'unreadable' | 'notFound' | 'tooLarge' | 'server',
    locale = localeFromPath(c, allowed) ?? negotiateLocale(c.req.header('Accept-Language'), allowed),
  ) => {
    const ctx = await pageContext(locale, '/');
    return c.html(
      renderDocument(
        <MessagePage ctx={ctx} title={ctx.t(`errors.${key}Title`)} message={ctx.t(`errors.${key}`)} />,
      ),
      status,
    );
  };

  app.use('*', securityHeaders({ styleSources: [webAssets.cssHash] }));
  // A size limit on every route: JSON under /api and /hsds, HTML forms everywhere else. Refused
  // before the body is read, in the reader's language (the local server then closes the connection).
  app.use('*', async (c, next) => {
    const json = c.req.path.startsWith('/api/') || c.req.path.startsWith('/hsds/');
    return bodyLimit({
      maxSize: json ? BODY_LIMITS.json : BODY_LIMITS.form,
      onError: async (c) => {
        if (json) return c.json({ error: { code: 'too_large', issues: [] } }, 413);
        c.header('Cache-Control', 'no-store');
        return message(c, 413, 'tooLarge');
      },
    })(c, next);
  });

  // A multipart form that cannot be read (a broken body) gets a clear page, never an error page.
  // Read here once; the route that answers reads the same fields again (lazy-area.ts).
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || !/^multipart\/form-data/i.test(c.req.header('Content-Type') ?? ''))
      return next();
    const readable = await c.req.formData().then(
      () => true,
      () => false,
    );
    if (readable) return next();
    c.header('Cache-Control', 'no-store');
    return message(c, 400, 'unreadable');
  });

  app.get('/', (c) => {
    const locale = negotiateLocale(c.req.header('Accept-Language'), allowed);
    c.header('Vary', 'Accept-Language');
    c.header('Cache-Control', 'no-store');
    return c.redirect(`/${locale}/`, 302);
  });

  app.get('/healthz', async (c) => {
    const ok = await deps.checkDatabase();
    return c.json({ db: ok ? 'ok' : 'unavailable' }, ok ? 200 : 503);
  });

  app.get('/favicon.svg', (c) => {
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml' });
  });

  app.get('/assets/:file', (c) => {
    const path = `/assets/${c.req.param('file')}`;
    const asset = Object.values(webAssets.scripts).find((a) => a.path === path);
    if (!asset) return c.text('Not found', 404);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.content, 200, { 'Content-Type': asset.contentType });
  });

  const notFound = (c: Context) => message(c, 404, 'notFound');
  // Pages under a language prefix (/th/services, /km/urgent …) answer only for an offered language.
  const localized: MiddlewareHandler<LocalizedEnv> = async (c, next) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    c.set('locale', lang);
    await next();
  };
  const localizedArea = (routes: Hono<LocalizedEnv>): Hono =>
    new Hono().route('/', new Hono<LocalizedEnv>().use('*', localized).route('/', routes));
  // Route areas load with their first request (lazy-area.ts); each lists the paths it answers.
  const areas: LazyArea[] = [
    {
      base: '/api/public',
      paths: ['/services', '/services/*', '/emergency-numbers'],
      load: loadWith(
        () => import('./routes/public-api-routes.js'),
        deps.services,
        ({ createPublicApiRoutes }, { directory }) =>
          createPublicApiRoutes({ directory, reference: deps.reference, now }),
      ),
    },
    {
      base: '/api/public/requests',
      paths: ['', '/*'],
      load: loadWith(
        () => import('./routes/request-api-routes.js'),
        deps.services,
        ({ createRequestApiRoutes }, { requests }) =>
          createRequestApiRoutes({ ...requests, now, ...(deps.log ? { log: deps.log } : {}) }),
      ),
    },
    ...(deps.mounts ?? []),
    {
      base: '/:lang',
      paths: ['/services', '/services/*', '/card', '/urgent'],
      load: loadWith(
        () => import('./routes/directory-routes.js'),
        deps.services,
        ({ createDirectoryRoutes }, { directory, reports, requests }) =>
          localizedArea(
            createDirectoryRoutes({
              directory,
              reports,
              reference: deps.reference,
              pageContext,
              staleAfterDays: config.STALE_AFTER_DAYS,
              now,
              abuse: requests,
              searchSecret: requests.secret,
            }),
          ),
      ),
    },
    {
      base: '/:lang',
      paths: ['/help/*'],
      load: loadWith(
        () => import('./routes/request-routes.js'),
        deps.services,
        ({ createRequestRoutes }, { requests }) =>
          localizedArea(
            createRequestRoutes({
              ...requests,
              reference: deps.reference,
              pageContext,
              retentionDays: config.RETENTION_DAYS,
              now,
              ...(deps.log ? { log: deps.log } : {}),
            }),
          ),
      ),
    },
    {
      base: '/:lang',
      paths: ['/follow-up', '/follow-up/*'],
      load: loadWith(
        () => import('./routes/followup-routes.js'),
        deps.services,
        ({ createFollowUpRoutes }, { requests }) =>
          localizedArea(
            createFollowUpRoutes({
              followUps: requests.followUps,
              limiter: requests.limiter,
              clientAddress: requests.clientAddress,
              secret: requests.secret,
              tokens: requests.tokens,
              codes: requests.requests,
              reference: deps.reference,
              pageContext,
              now,
              ...(deps.log ? { log: deps.log } : {}),
            }),
          ),
      ),
    },
  ];
  for (const area of areas) mountLazyArea(app, area, notFound);
  app.route('/', createInfoRootRoutes({ webAssets, siteName: config.SITE_NAME }));
  const info = new Hono<LocalizedEnv>();
  info.use('*', localized);
  info.route('/', createInfoRoutes({ pageContext, reference: deps.reference }));
  app.get('/:lang/', async (c) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    const ctx = await pageContext(lang, '/', { islands: ['listen'] });
    c.header('Cache-Control', SHORT_PUBLIC_CACHE);
    return c.html(renderDocument(<HomePage ctx={ctx} />));
  });
  app.get('/:lang', (c) => {
    const lang = c.req.param('lang');
    if (!isLocale(lang) || !allowed.includes(lang)) return c.notFound();
    return c.redirect(`/${lang}/`, 301);
  });
  app.route('/:lang', info);

  app.notFound(notFound);

  app.onError(async (error, c) => {
    // Only the error's class name is logged: never a body, a header or a client address.
    deps.log?.('public.unhandled_error', { error: error.name });
    return message(c, 500, 'server', localeFromPath(c, allowed) ?? allowed[0] ?? 'en');
  });

  return app;
}
