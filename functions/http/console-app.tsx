import { timingSafeEqual } from 'node:crypto';
import { type Context, type Env, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { WebAssets } from '../../web/assets.js';
import { type ConsoleContext, ContinueView, EndSessionView, MessageView } from '../../web/console/layout.js';
import { translatorFor } from '../../web/i18n.js';
import { renderDocument } from '../../web/render.js';
import type { RuntimeConfig } from '../config.js';
import type { SessionStore } from '../data/session-store.js';
import type { StaffStore } from '../data/staff-store.js';
import type { Role } from '../domain/console/roles.js';
import type { StaffSession } from '../domain/console/staff.js';
import type { DirectoryIndex } from '../domain/directory/search.js';
import { negotiateLocale } from '../domain/locales.js';
import type { Casework } from '../services/casework.js';
import type { FollowUps } from '../services/followups.js';
import type { StaffAdmin } from '../services/staff-admin.js';
import { type ConsoleEnv, errorAnswer, isBackgroundRequest } from './console/context.js';
import type { DirectoryRoutesDeps } from './console/directory-routes.js';
import { type LazyArea, loadWith, mountLazyArea } from './lazy-area.js';
import type { OidcClient, SignedInStaff } from './console/oidc.js';
import { BODY_LIMITS, DIRECTORY_UPLOAD_PATHS } from './abuse.js';
import { securityHeaders } from './security-headers.js';

/** The services behind the console's pages, built with the first request that needs them (console-services.ts). */
export interface ConsoleServices {
  casework: Casework;
  followUps: FollowUps;
  directory: { get(): Promise<DirectoryIndex> };
  /** The directory editors' area (/console/directory); needed when `areas.directoryEditing`. */
  directoryEditing?: Omit<DirectoryRoutesDeps, 'context' | 'now'>;
  /** The staff area (/console/staff, admins); needed when `areas.staffAdmin`. */
  staffAdmin?: StaffAdmin;
}

export interface ConsoleAppDeps {
  config: RuntimeConfig;
  webAssets: WebAssets;
  sessions: SessionStore;
  /** Sign-in with OpenID Connect, loaded with the first sign-in. */
  oidc: () => Promise<OidcClient>;
  /** Loads the services once; the route areas that need them call it on their first request. */
  services: () => Promise<ConsoleServices>;
  /** Which optional areas this deployment mounts (known at start, before the services load). */
  areas: { directoryEditing: boolean; staffAdmin: boolean };
  /** HTTPS deployments use the __Host- cookie prefix and Secure cookies. */
  secureCookies: boolean;
  sessionHours: number;
  /**
   * The staff list: refreshed at each sign-in, and read on every console request (active flag,
   * roles, languages). A session with no staff record (sign-in always writes one) keeps the roles
   * it signed in with.
   */
  staff: Pick<StaffStore, 'upsert'> & StaffLookup;
  now: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

/** What the session check needs to know about a staff member now. */
export interface StaffLookup {
  get(
    sub: string,
  ): Promise<{ active: boolean; roles: Role[]; childProtection: boolean; languages: string[] } | undefined>;
}

const AUTH_COOKIE = 'wp_auth';

/**
 * The staff console: sign-in with OpenID Connect, server-side sessions, CSRF checks on every
 * change, and the casework pages. Server-rendered like the public site (works on an old office PC).
 */
export function createConsoleApp(deps: ConsoleAppDeps): Hono {
  const app = new Hono<ConsoleEnv>().basePath('/console');
  const sessionCookie = deps.secureCookies ? '__Host-wp_session' : 'wp_session';
  const cookieBase = { path: '/', httpOnly: true, secure: deps.secureCookies } as const;

  const styleSources = [
    deps.webAssets.cssHash,
    ...(deps.webAssets.consoleCssHash ? [deps.webAssets.consoleCssHash] : []),
  ];
  const headers = securityHeaders({ styleSources, allowCookies: true });
  // On every console answer, a refused body (413) included.
  const notStored: MiddlewareHandler = async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
  };
  app.use('*', headers);
  app.use('*', notStored);
  // Every console form is small: a larger body is refused before it is read (local server: then closed).
  const tooLarge = async (c: Context) => {
    const ctx = await consoleContext(c);
    return c.html(
      renderDocument(
        <MessageView ctx={ctx} title={ctx.t('errors.tooLargeTitle')} message={ctx.t('errors.tooLarge')} />,
      ),
      413,
    );
  };
  const formLimit = bodyLimit({ maxSize: BODY_LIMITS.form, onError: tooLarge });
  // Only a directory editor's HSDS upload may be larger.
  const uploadLimit = bodyLimit({ maxSize: BODY_LIMITS.directoryUpload, onError: tooLarge });
  app.use('*', (c, next) =>
    DIRECTORY_UPLOAD_PATHS.includes(c.req.path) ? uploadLimit(c, next) : formLimit(c, next),
  );

  async function consoleContext(c: Context, session?: StaffSession): Promise<ConsoleContext> {
    const locale = session
      ? negotiateLocale(session.locale, deps.config.LOCALES)
      : negotiateLocale(c.req.header('Accept-Language'), deps.config.LOCALES);
    const t = await translatorFor(locale, 'console');
    return {
      t,
      locale,
      siteName: deps.config.SITE_NAME,
      timeZone: deps.config.HELPLINE_TIME_ZONE,
      // Place names (33 KB of reference data) load with the first page, not at cold start.
      places: (await import('../reference/index.js')).referenceData().placeById,
      css: deps.webAssets.css,
      consoleCss: deps.webAssets.consoleCss,
      scripts: session
        ? [deps.webAssets.scripts['console-refresh']?.path].filter((p): p is string => Boolean(p))
        : [],
      ...(session
        ? {
            user: {
              name: session.name,
              supervisor: session.roles.includes('supervisor'),
              admin: session.roles.includes('admin') && deps.areas.staffAdmin,
              csrf: session.csrf,
            },
          }
        : {}),
    };
  }

  /**
   * The page context of the person signed in, built once per request (the route files, the error
   * page and a refused change shown again all use the same one).
   */
  const built = new WeakMap<Context, Promise<ConsoleContext>>();
  const pageContext = (c: Context): Promise<ConsoleContext> => {
    let ctx = built.get(c);
    if (!ctx) {
      ctx = consoleContext(c, c.get('session') as StaffSession);
      built.set(c, ctx);
    }
    return ctx;
  };

  // --- sign-in -------------------------------------------------------------------------------
  app.get('/auth/login', async (c) => {
    const start = await (await deps.oidc()).start();
    const tx = await deps.sessions.startAuth({
      state: start.state,
      nonce: start.nonce,
      codeVerifier: start.codeVerifier,
      locale: c.req.header('Accept-Language')?.slice(0, 100) ?? 'en',
    });
    // Lax, not Strict: this cookie must come back with the identity provider's redirect.
    setCookie(c, AUTH_COOKIE, tx.id, { ...cookieBase, sameSite: 'Lax', maxAge: 600, path: '/console/auth' });
    return c.redirect(start.url.href, 302);
  });

  app.get('/auth/callback', async (c) => {
    const tx = await deps.sessions.takeAuth(getCookie(c, AUTH_COOKIE));
    deleteCookie(c, AUTH_COOKIE, { path: '/console/auth', secure: deps.secureCookies });
    const ctx = await consoleContext(c);
    if (!tx)
      return c.html(
        renderDocument(
          <MessageView
            ctx={ctx}
            title={ctx.t('auth.signIn')}
            message={ctx.t('auth.failed')}
            link={{ href: '/console/auth/login', text: ctx.t('auth.signIn') }}
          />,
        ),
        400,
      );
    let identity: SignedInStaff;
    try {
      identity = await (await deps.oidc()).finish(new URL(c.req.url).searchParams, tx);
    } catch (error) {
      deps.log?.('console.signin_failed', { error: (error as Error).name });
      return c.html(
        renderDocument(
          <MessageView
            ctx={ctx}
            title={ctx.t('auth.signIn')}
            message={ctx.t('auth.failed')}
            link={{ href: '/console/auth/login', text: ctx.t('auth.signIn') }}
          />,
        ),
        400,
      );
    }
    if (identity.roles.length === 0)
      return c.html(
        renderDocument(
          <MessageView ctx={ctx} title={ctx.t('errors.forbiddenTitle')} message={ctx.t('auth.noRole')} />,
        ),
        403,
      );
    // The staff list learns who this is (roles and groups as the identity provider says today).
    const member = await deps.staff.upsert(
      {
        sub: identity.sub,
        name: identity.name,
        login: identity.login,
        roles: identity.roles,
        groups: identity.groups,
      },
      deps.now().toISOString(),
    );
    // Disabled in the staff area: no session, whatever the identity provider said.
    if (!member.active) {
      deps.log?.('console.signin_refused', { reason: 'disabled' });
      return c.html(
        renderDocument(
          <MessageView ctx={ctx} title={ctx.t('errors.forbiddenTitle')} message={ctx.t('auth.disabled')} />,
        ),
        403,
      );
    }
    const session = await deps.sessions.create(
      {
        sub: identity.sub,
        name: identity.name,
        roles: identity.roles,
        childProtection: identity.childProtection,
        locale: tx.locale,
      },
      deps.sessionHours * 3600,
    );
    setCookie(c, sessionCookie, session.id, {
      ...cookieBase,
      sameSite: 'Strict',
      maxAge: deps.sessionHours * 3600,
    });
    deps.log?.('console.signed_in', { roles: identity.roles.join(',') });
    return c.html(renderDocument(<ContinueView ctx={await consoleContext(c, session)} />));
  });

  app.get('/auth/end-session', async (c) => {
    const idpLogout = await deps
      .oidc()
      .then((oidc) => oidc.logoutUrl())
      .catch(() => undefined);
    if (!idpLogout) return c.redirect('/console/signed-out', 303);
    const ctx = await consoleContext(c);
    return c.html(renderDocument(<EndSessionView ctx={ctx} href={idpLogout.href} />));
  });

  app.get('/signed-out', async (c) => {
    const ctx = await consoleContext(c);
    return c.html(
      renderDocument(
        <MessageView
          ctx={ctx}
          title={ctx.t('auth.signedOutTitle')}
          message={ctx.t('auth.signedOut')}
          link={{ href: '/console/auth/login', text: ctx.t('auth.signIn') }}
        />,
      ),
    );
  });

  // --- every other console route needs a session; every change needs the CSRF token ----------
  /**
   * Roles come from the staff record, not from the sign-in alone: it is read on every request (one
   * consistent GetItem), so a disabled account or a removed group stops working at the very next
   * page or change. Undefined when the person may no longer use the console.
   */
  async function current(
    session: StaffSession,
    /** False for what an open queue page does by itself (isBackgroundRequest): not someone using the console. */
    activity = true,
  ): Promise<{ session: StaffSession; languages: string[] } | undefined> {
    const now = deps.now().getTime();
    const member = await deps.staff.get(session.sub);
    if (member && (!member.active || member.roles.length === 0)) {
      await deps.sessions.delete(session.id);
      deps.log?.('console.access_ended', { reason: member.active ? 'no-role' : 'disabled' });
      return undefined;
    }
    const roles = member?.roles ?? session.roles;
    const childProtection = member?.childProtection ?? session.childProtection;
    const changed =
      roles.join(',') !== session.roles.join(',') || childProtection !== session.childProtection;
    const updated = { ...session, roles, childProtection, ...(member ? { rolesCheckedAt: now } : {}) };
    // The idle clock: one write a minute at most, and whenever the roles changed. A background
    // poll does not move it, so an open queue tab left alone still ends at the idle timeout.
    const touch = activity && now - session.lastSeenAt >= 60_000;
    if (changed || touch) {
      await deps.sessions.refresh(session.id, {
        ...(touch ? { lastSeenAt: now } : {}),
        ...(changed ? { roles, childProtection, rolesCheckedAt: now } : {}),
      });
      if (touch) updated.lastSeenAt = now;
    }
    return { session: updated, languages: member?.languages ?? [] };
  }

  const requireSession: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const found = await deps.sessions.get(getCookie(c, sessionCookie));
    const live = found && (await current(found, !isBackgroundRequest(c)));
    const session = live?.session;
    if (!live || !session) {
      deleteCookie(c, sessionCookie, { path: '/', secure: deps.secureCookies });
      if (c.req.method === 'GET') return c.redirect('/console/auth/login', 302);
      const ctx = await consoleContext(c);
      return c.html(
        renderDocument(
          <MessageView
            ctx={ctx}
            title={ctx.t('auth.signIn')}
            message={ctx.t('auth.expired')}
            link={{ href: '/console/auth/login', text: ctx.t('auth.signIn') }}
          />,
        ),
        401,
      );
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // A body that is not a readable form (malformed multipart) has no token: refused like one
      // without it, not a server error. A body over the limit still gets its 413 (not a TypeError).
      const body = await c.req.parseBody({ all: true }).catch((error: unknown) => {
        if (error instanceof TypeError) return {} as Record<string, unknown>;
        throw error;
      });
      const token = typeof body.csrf === 'string' ? body.csrf : '';
      if (
        token.length !== session.csrf.length ||
        !timingSafeEqual(Buffer.from(token), Buffer.from(session.csrf))
      ) {
        const ctx = await consoleContext(c, session);
        return c.html(
          renderDocument(
            <MessageView ctx={ctx} title={ctx.t('errors.forbiddenTitle')} message={ctx.t('errors.csrf')} />,
          ),
          403,
        );
      }
    }
    c.set('session', session);
    c.set('languages', live.languages);
    c.set('identity', {
      sub: session.sub,
      name: session.name,
      roles: session.roles,
      childProtection: session.childProtection,
    });
    await next();
  };
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (
      path.startsWith('/console/auth/login') ||
      path.startsWith('/console/auth/callback') ||
      path === '/console/auth/end-session' ||
      path === '/console/signed-out'
    )
      return next();
    return requireSession(c, next);
  });

  // Sign-out ends our session, then the provider's. The form posts to our own origin only: our CSP
  // (form-action 'self') also governs the redirects that follow a form post, so a 303 straight to
  // the provider would be blocked. The 303 goes to a page of ours instead, and that page moves on
  // to the provider by an ordinary navigation (refresh, or the link), which form-action does not cover.
  app.post('/auth/logout', async (c) => {
    await deps.sessions.delete(c.get('session').id);
    deleteCookie(c, sessionCookie, { path: '/', secure: deps.secureCookies });
    deps.log?.('console.signed_out');
    return c.redirect('/console/auth/end-session', 303);
  });

  // Route areas load with their first request (lazy-area.ts), each with the services it needs.
  const area = <E extends Env>(routes: Hono<E>): Hono => new Hono().route('/', routes);
  const areas: LazyArea[] = [
    ...(deps.areas.directoryEditing
      ? [
          {
            base: '/console/directory',
            paths: ['', '/*'],
            load: loadWith(
              () => import('./console/directory-routes.js'),
              deps.services,
              ({ createDirectoryRoutes }, { directoryEditing }) => {
                if (!directoryEditing) throw new Error('The directory editing services are missing');
                return area(
                  createDirectoryRoutes({ ...directoryEditing, now: deps.now, context: pageContext }),
                );
              },
            ),
          },
        ]
      : []),
    ...(deps.areas.staffAdmin
      ? [
          {
            base: '/console/staff',
            paths: ['', '/*'],
            load: loadWith(
              () => import('./console/staff-routes.js'),
              deps.services,
              ({ createStaffRoutes }, { staffAdmin }) => {
                if (!staffAdmin) throw new Error('The staff area services are missing');
                return area(createStaffRoutes({ staffAdmin, context: pageContext }));
              },
            ),
          },
        ]
      : []),
    {
      base: '/console/reports',
      paths: ['', '/*'],
      load: loadWith(
        () => import('./console/report-routes.js'),
        deps.services,
        ({ createReportRoutes }, { casework }) =>
          area(createReportRoutes({ casework, now: deps.now, context: pageContext })),
      ),
    },
    {
      base: '/console',
      paths: ['', '/', '/alerts', '/mine', '/find', '/closed', '/supervisor'],
      load: loadWith(
        () => import('./console/queue-routes.js'),
        deps.services,
        ({ createQueueRoutes }, { casework }) =>
          area(
            createQueueRoutes({
              casework,
              config: deps.config,
              now: deps.now,
              directoryEditing: deps.areas.directoryEditing,
              context: pageContext,
            }),
          ),
      ),
    },
    {
      base: '/console',
      paths: ['/requests/*'],
      load: loadWith(
        () => import('./console/request-routes.js'),
        deps.services,
        ({ createRequestRoutes }, { casework, followUps, directory }) =>
          area(createRequestRoutes({ casework, followUps, directory, now: deps.now, context: pageContext })),
      ),
    },
  ];
  /**
   * A message page with the way back to the queue, in the language of whoever asks (signed in or
   * not): the page-not-found and the error pages.
   */
  const backToQueue = async (
    c: Context,
    answer: (ctx: ConsoleContext) => { status: 400 | 403 | 404 | 409 | 500; title: string; message: string },
  ) => {
    const ctx = await (c.get('session') ? pageContext(c) : consoleContext(c));
    const { status, title, message } = answer(ctx);
    return c.html(
      renderDocument(
        <MessageView
          ctx={ctx}
          title={title}
          message={message}
          link={{ href: '/console', text: ctx.t('nav.queue') }}
        />,
      ),
      status,
    );
  };

  // An address the console does not have: the same page inside and outside the route areas.
  // Signed out, only the sign-in paths get this far (the session check sends the rest to sign in).
  const notFound = (c: Context) =>
    backToQueue(c, (ctx) => ({
      status: 404,
      title: ctx.t('common:errors.notFoundTitle'),
      message: ctx.t('common:errors.notFound'),
    }));
  for (const lazy of areas) mountLazyArea(app, lazy, notFound, '/console');
  app.notFound(async (c) => {
    if (c.req.path === '/console' || c.req.path.startsWith('/console/')) return notFound(c);
    // An address that only starts like the console's (/consolex: CloudFront's /console* and the
    // local server send it here) is outside the base path, where no middleware ran: its headers here.
    await headers(c, async () => {
      await notStored(c, async () => {
        c.res = await notFound(c);
      });
    });
    return c.res;
  });

  // --- one mapping from domain errors to pages (errorAnswer, shared with the route files) -----
  app.onError((error, c) =>
    backToQueue(c, (ctx) => {
      const known = errorAnswer(error, ctx);
      // Never the error message: it could carry data. The class name is enough to investigate.
      if (!known) deps.log?.('console.unhandled_error', { error: error.name });
      const status = known?.status ?? 500;
      return {
        status,
        title: status === 403 ? ctx.t('errors.forbiddenTitle') : ctx.t('title'),
        message: known?.message ?? ctx.t('common:errors.server'),
      };
    }),
  );

  return app as unknown as Hono;
}
