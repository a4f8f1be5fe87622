import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import type { WebAssets } from '../../web/assets.js';
import {
  AuditView,
  type ConsoleContext,
  ContinueView,
  EndSessionView,
  MessageView,
  QueueView,
  RequestView,
  SupervisorView,
} from '../../web/console/pages.js';
import type { ReferralSearch } from '../../web/console/referral-picker.js';
import { ClosedView, FindView, MineView } from '../../web/console/shift-pages.js';
import { translatorFor } from '../../web/i18n.js';
import { renderDocument } from '../../web/render.js';
import type { RuntimeConfig } from '../config.js';
import type { SessionStore } from '../data/session-store.js';
import type { StaffStore } from '../data/staff-store.js';
import { CaseAccessRefused } from '../domain/console/case-access.js';
import type { QueueFilters } from '../domain/console/case-views.js';
import { can, type Role, type StaffIdentity } from '../domain/console/roles.js';
import type { StaffSession } from '../domain/console/staff.js';
import type { DirectoryIndex } from '../domain/directory/search.js';
import { isAreaId } from '../domain/directory/taxonomy.js';
import {
  ClaimTakenError,
  CloseRefusedError,
  ConsentRequiredError,
  ForbiddenError,
  MessageNotAllowedError,
  NoDecisionNeededError,
  NotFoundError,
  StaleRequestError,
} from '../domain/errors.js';
import { negotiateLocale } from '../domain/locales.js';
import {
  ATTEMPT_OUTCOMES,
  type AttemptOutcome,
  CLOSE_REASONS,
  type CloseReason,
} from '../domain/requests/attempts.js';
import { InvalidTransitionError, type RequestStatus } from '../domain/requests/lifecycle.js';
import type { Priority } from '../domain/requests/priority.js';
import { ContactSchema } from '../domain/requests/request.js';
import {
  SAFEGUARDING_ACTIONS,
  SAFEGUARDING_REASONS,
  type SafeguardingAction,
  type SafeguardingReason,
} from '../domain/requests/safeguarding.js';
import {
  CLOSE_SUMMARY_MAX,
  CLOSED_PERIODS,
  type ClosedFilters,
  type ClosedPeriod,
  type DoneCode,
  doneCode,
  SUPERVISOR_DECISIONS,
  type SupervisorDecision,
} from '../domain/requests/shift.js';
import { referenceData } from '../reference/index.js';
import type { Casework } from '../services/casework.js';
import type { FollowUps } from '../services/followups.js';
import type { StaffAdmin } from '../services/staff-admin.js';
import { createDirectoryRoutes, type DirectoryRoutesDeps } from './console/directory-routes.js';
import { createReportRoutes } from './console/report-routes.js';
import { createStaffRoutes } from './console/staff-routes.js';
import type { OidcClient, SignedInStaff } from './console/oidc.js';
import { BODY_LIMITS, DIRECTORY_UPLOAD_PATHS } from './abuse.js';
import { securityHeaders } from './security-headers.js';

export interface ConsoleAppDeps {
  config: RuntimeConfig;
  webAssets: WebAssets;
  sessions: SessionStore;
  oidc: OidcClient;
  casework: Casework;
  followUps: FollowUps;
  directory: { get(): Promise<DirectoryIndex> };
  /** The directory editors' area (/console/directory); left out, the area is not mounted. */
  directoryEditing?: Omit<DirectoryRoutesDeps, 'context' | 'now'>;
  /** The staff area (/console/staff, admins); left out, the area is not mounted. */
  staffAdmin?: StaffAdmin;
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

type Env = {
  Variables: {
    session: StaffSession;
    identity: StaffIdentity;
    /** The languages on the staff record, for the queue's "my languages". */
    languages: string[];
  };
};

const AUTH_COOKIE = 'wp_auth';

/**
 * The staff console: sign-in with OpenID Connect, server-side sessions, CSRF checks on every
 * change, and the casework pages. Server-rendered like the public site (works on an old office PC).
 */
export function createConsoleApp(deps: ConsoleAppDeps): Hono {
  const app = new Hono<Env>().basePath('/console');
  const sessionCookie = deps.secureCookies ? '__Host-wp_session' : 'wp_session';
  const cookieBase = { path: '/', httpOnly: true, secure: deps.secureCookies } as const;

  const styleSources = [
    deps.webAssets.cssHash,
    ...(deps.webAssets.consoleCssHash ? [deps.webAssets.consoleCssHash] : []),
  ];
  app.use('*', securityHeaders({ styleSources, allowCookies: true }));
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
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex, nofollow');
  });

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
      places: referenceData().placeById,
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
              admin: session.roles.includes('admin') && Boolean(deps.staffAdmin),
              csrf: session.csrf,
            },
          }
        : {}),
    };
  }

  // --- sign-in -------------------------------------------------------------------------------
  app.get('/auth/login', async (c) => {
    const start = await deps.oidc.start();
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
      identity = await deps.oidc.finish(new URL(c.req.url).searchParams, tx);
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
    const idpLogout = await deps.oidc.logoutUrl().catch(() => undefined);
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
    /** False for the queue page's background alert poll: it is not someone using the console. */
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

  const requireSession: MiddlewareHandler<Env> = async (c, next) => {
    const found = await deps.sessions.get(getCookie(c, sessionCookie));
    const live =
      found && (await current(found, !(c.req.method === 'GET' && c.req.path === '/console/alerts')));
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
      const body = await c.req.parseBody({ all: true });
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

  const body = async (c: Context<Env>) =>
    (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

  if (deps.directoryEditing)
    app.route(
      '/directory',
      createDirectoryRoutes({
        ...deps.directoryEditing,
        now: deps.now,
        context: (c) => consoleContext(c, c.get('session')),
      }),
    );

  if (deps.staffAdmin)
    app.route(
      '/staff',
      createStaffRoutes({
        staffAdmin: deps.staffAdmin,
        context: (c) => consoleContext(c, c.get('session')),
      }),
    );

  app.route(
    '/reports',
    createReportRoutes({
      casework: deps.casework,
      now: deps.now,
      context: (c) => consoleContext(c, c.get('session')),
    }),
  );

  // --- queue ---------------------------------------------------------------------------------
  /** The queue's filters from its address (the queue page and its alerts read the same ones). */
  const queueFilters = (c: Context<Env>): QueueFilters => {
    // "My languages": the languages on the staff record (set in the staff area), any of them.
    const mine = c.req.query('language') === 'mine';
    return {
      ...(mine
        ? { mine, languages: c.get('languages') }
        : { language: c.req.query('language') || undefined }),
      region: c.req.query('region')?.trim().toUpperCase().slice(0, 12) || undefined,
      child: c.req.query('child') === '1' ? true : undefined,
      operatorGender: c.req.query('gender') || undefined,
    };
  };

  /**
   * What an open queue page polls (the console-refresh island): the urgent requests this person
   * could take now, within the page's filters. Opaque ids and a count, never anything personal.
   */
  app.get('/alerts', async (c) => {
    if (!can(c.get('identity'), 'queue:view')) return c.json({ error: 'forbidden' }, 403);
    const urgent = await deps.casework.urgentWaiting(c.get('identity'), queueFilters(c));
    return c.json({ urgent: urgent.count, ids: urgent.ids });
  });

  app.get('/', async (c) => {
    const identity = c.get('identity');
    const ctx = await consoleContext(c, c.get('session'));
    if (!can(identity, 'queue:view') && can(identity, 'directory:edit') && deps.directoryEditing)
      return c.redirect('/console/directory', 302);
    if (!can(identity, 'queue:view')) {
      return c.html(
        renderDocument(<MessageView ctx={ctx} title={ctx.t('title')} message={ctx.t('errors.forbidden')} />),
        403,
      );
    }
    const filters = queueFilters(c);
    const queue = await deps.casework.queue(identity, filters, {
      due: Number(c.req.query('page') ?? 1),
      later: Number(c.req.query('laterPage') ?? 1),
    });
    return c.html(
      renderDocument(
        <QueueView
          ctx={ctx}
          due={queue.due}
          later={queue.later}
          paging={queue.paging}
          filters={filters}
          myLanguages={c.get('languages')}
          now={deps.now().getTime()}
          urgent={queue.urgent}
          alerts={{
            url: '/console/alerts',
            pollSeconds: deps.config.QUEUE_ALERT_SECONDS,
            refreshSeconds: deps.config.QUEUE_REFRESH_SECONDS,
          }}
        />,
      ),
    );
  });

  // --- one request ---------------------------------------------------------------------------
  async function showRequest(
    c: Context<Env>,
    id: string,
    extra: {
      notice?: string;
      error?: string;
      status?: 200 | 400 | 403 | 404 | 409;
      /** The form that failed (its action) and the values typed, shown again. */
      failed?: { action: string; values: Record<string, string> };
      /** Close asked for: the page asks to confirm with the outcome and summary given. */
      confirmClose?: { reason: CloseReason; summary: string };
    } = {},
  ) {
    const ctx = await consoleContext(c, c.get('session'));
    // Only a page view marks the person's changes as seen: a refused form shown again writes nothing.
    const view = await deps.casework.open(c.get('identity'), id, { markSeen: c.req.method === 'GET' });
    const done = doneCode(c.req.query('done'));
    const referral = referralSearchOf(c, view.request);
    const index = await deps.directory.get();
    const services = view.mayWork
      ? index
          .search({
            text: referral.search.text || undefined,
            areas: isAreaId(referral.search.area) ? [referral.search.area] : undefined,
            place: referral.search.place || undefined,
            pageSize: referral.search.sameLanguage ? 200 : 30,
            locale: ctx.locale,
          })
          .hits.map((h) => h.service)
          .filter((s) => !referral.search.sameLanguage || speaksAny(s.languages, view.request.languages))
          .slice(0, 30)
      : [];
    return c.html(
      renderDocument(
        <RequestView
          ctx={ctx}
          view={view}
          now={deps.now().getTime()}
          services={services}
          referralSearch={referral.search}
          referralPlaces={referral.places}
          notice={extra.notice ?? (done ? ctx.t(`done.${done}`) : undefined)}
          error={extra.error}
          failed={extra.failed}
          confirmClose={extra.confirmClose}
        />,
      ),
      extra.status ?? 200,
    );
  }

  app.get('/requests/:id', (c) => showRequest(c, c.req.param('id')));

  /**
   * Post/redirect/get: a change answers 303 to the request's page with a word saying what was done
   * (`?done=note`, never data), so reloading that page repeats nothing. A refused change shows the
   * request again with the error next to the form and what was typed still in it (4xx).
   */
  const change =
    (
      action: string,
      done: DoneCode,
      run: (c: Context<Env>, id: string, form: Record<string, string | string[]>) => Promise<void>,
    ) =>
    async (c: Context<Env>) => {
      const id = c.req.param('id') as string;
      const form = await body(c);
      try {
        await run(c, id, form);
      } catch (error) {
        return refused(c, id, action, form, error as Error);
      }
      return c.redirect(`/console/requests/${encodeURIComponent(id)}?done=${done}`, 303);
    };

  /** A refused change: the request again, the error next to its form, what was typed kept. */
  async function refused(
    c: Context<Env>,
    id: string,
    action: string,
    form: Record<string, string | string[]>,
    error: Error,
  ) {
    const ctx = await consoleContext(c, c.get('session'));
    const known = errorAnswer(error, ctx);
    if (!known) throw error;
    const values = Object.fromEntries(
      Object.entries(form)
        .filter(([k]) => k !== 'csrf')
        .map(([k, v]) => [k, one(v).slice(0, 2000)]),
    );
    try {
      return await showRequest(c, id, {
        error: known.message,
        status: known.status,
        failed: { action, values },
      });
    } catch {
      // The request cannot be shown to this person (or does not exist): the error page alone.
      throw error;
    }
  }

  const closeReason = (v: string): CloseReason | undefined =>
    (CLOSE_REASONS as readonly string[]).includes(v) ? (v as CloseReason) : undefined;
  /** The wrap-up of a close: required, short; the form says it must not identify the person. */
  const summaryOf = (v: string | string[] | undefined): string => {
    const text = one(v).trim();
    if (!text || text.length > CLOSE_SUMMARY_MAX) throw new BadInputError('summary');
    return text;
  };

  app.post(
    '/requests/:id/claim',
    change('claim', 'claimed', (c, id) => deps.casework.claim(c.get('identity'), id)),
  );
  app.post(
    '/requests/:id/extend',
    change('extend', 'extended', (c, id) => deps.casework.extend(c.get('identity'), id)),
  );
  app.post(
    '/requests/:id/release',
    change('release', 'released', async (c, id, form) => {
      const handover = one(form.handover).trim();
      if (handover.length > 1000) throw new BadInputError();
      await deps.casework.release(c.get('identity'), id, handover || undefined);
    }),
  );
  app.post(
    '/requests/:id/attempts',
    change('attempts', 'attempt', async (c, id, form) => {
      const outcome = one(form.outcome);
      if (!(ATTEMPT_OUTCOMES as readonly string[]).includes(outcome)) throw new BadInputError();
      await deps.casework.attempt(c.get('identity'), id, outcome as AttemptOutcome);
    }),
  );
  app.post(
    '/requests/:id/notes',
    change('notes', 'note', async (c, id, form) => {
      const text = one(form.text).trim();
      if (!text || text.length > 1000) throw new BadInputError();
      await deps.casework.note(c.get('identity'), id, text);
    }),
  );
  app.post(
    '/requests/:id/needs',
    change('needs', 'needs', async (c, id, form) => {
      const needs = (Array.isArray(form.needs) ? form.needs : form.needs ? [form.needs] : [])
        .filter((n) => typeof n === 'string')
        .slice(0, 20);
      await deps.casework.recordNeeds(c.get('identity'), id, needs);
    }),
  );
  app.post(
    '/requests/:id/referrals',
    change('referrals', 'referral', async (c, id, form) => {
      const serviceId = one(form.serviceId);
      if (!/^[a-z0-9][a-z0-9-]{2,63}$/.test(serviceId)) throw new BadInputError();
      await deps.casework.refer(c.get('identity'), id, serviceId, one(form.consent) === 'yes');
    }),
  );
  app.post(
    '/requests/:id/priority',
    change('priority', 'priority', async (c, id, form) => {
      const priority = Number(one(form.priority));
      const reason = one(form.reason).trim();
      if (![1, 2, 3].includes(priority) || !reason || reason.length > 200) throw new BadInputError();
      await deps.casework.overridePriority(c.get('identity'), id, priority as Priority, reason);
    }),
  );
  app.post(
    '/requests/:id/status',
    change('status', 'status', async (c, id, form) => {
      const to = one(form.to);
      if (!['in-progress', 'waiting'].includes(to)) throw new BadInputError();
      await deps.casework.setStatus(c.get('identity'), id, to as RequestStatus);
    }),
  );
  // Close: the first post asks to confirm (outcome and wrap-up shown again); the confirmed one closes.
  app.post('/requests/:id/close', async (c) => {
    const id = c.req.param('id');
    const form = await body(c);
    if (one(form.confirm) !== 'yes') {
      const reason = closeReason(one(form.reason));
      try {
        // Who may close, and whether this outcome is possible, before asking to confirm.
        await deps.casework.checkClose(c.get('identity'), id, reason);
        if (!reason) throw new BadInputError('outcome');
        return showRequest(c, id, { confirmClose: { reason, summary: summaryOf(form.summary) } });
      } catch (error) {
        return refused(c, id, 'close', form, error as Error);
      }
    }
    return change('close', 'closed', async (c2, id2, f) => {
      const reason = closeReason(one(f.reason));
      if (!reason) throw new BadInputError('outcome');
      await deps.casework.close(c2.get('identity'), id2, reason, summaryOf(f.summary));
    })(c);
  });
  app.post(
    '/requests/:id/reopen',
    change('reopen', 'reopened', (c, id) => deps.casework.reopen(c.get('identity'), id)),
  );
  app.post(
    '/requests/:id/checkin',
    change('checkin', 'checkin', async (c, id, form) => {
      const continued = one(form.continue);
      if (!['yes', 'pause', 'stop'].includes(continued)) throw new BadInputError();
      // A check-in is closed with an outcome too ("helped" only after a contact attempt).
      const reason = closeReason(one(form.reason));
      const summary = one(form.summary).trim();
      if (summary.length > CLOSE_SUMMARY_MAX) throw new BadInputError('summary');
      const identity = c.get('identity');
      const assessment =
        one(form.saConsent) === 'yes'
          ? Object.fromEntries(
              Object.entries(form)
                .filter(([k]) => k.startsWith('sa-'))
                .map(([k, v]) => [k.slice(3), one(v)]),
            )
          : undefined;
      // The access rule first (holder or supervisor), then the outcome ("helped" needs an attempt).
      await deps.casework.checkClose(identity, id, reason);
      if (!reason) throw new BadInputError('outcome');
      // Both steps ask the one access rule (holder or supervisor; child protection for a child's check-in).
      const recorded = await deps.followUps.recordCheckIn(
        identity,
        id,
        continued as 'yes' | 'pause' | 'stop',
        assessment,
      );
      if (recorded !== 'recorded') throw new BadInputError();
      await deps.casework.close(identity, id, reason, summary);
    }),
  );
  app.post(
    '/requests/:id/reassign',
    change('reassign', 'reassigned', async (c, id, form) => {
      const sub = one(form.sub).trim();
      // An OpenID Connect subject is at most 255 printable ASCII characters.
      if (!/^[\x21-\x7e]{1,255}$/.test(sub)) throw new BadInputError('reassign');
      await deps.casework.reassign(c.get('identity'), id, sub);
    }),
  );
  // A supervisor's decision for a request that needs one (retry plan, corrected contact, close).
  app.post(
    '/requests/:id/decision',
    change('decision', 'decision', async (c, id, form) => {
      const decision = one(form.decision);
      if (!(SUPERVISOR_DECISIONS as readonly string[]).includes(decision)) throw new BadInputError();
      const details: Parameters<Casework['decide']>[3] = {};
      if (decision === 'correct-contact') {
        const parsed = ContactSchema.safeParse({ channel: one(form.channel), handle: one(form.handle) });
        if (!parsed.success) throw new BadInputError('contact');
        details.contact = parsed.data;
      }
      if (decision === 'close') {
        const reason = closeReason(one(form.reason));
        if (!reason) throw new BadInputError('outcome');
        details.close = { reason, summary: summaryOf(form.summary) };
      }
      await deps.casework.decide(c.get('identity'), id, decision as SupervisorDecision, details);
    }),
  );

  // Safeguarding (docs/safeguarding.md): the holder asks a supervisor to decide; a supervisor records it.
  app.post(
    '/requests/:id/escalate',
    change('escalate', 'escalated', async (c, id, form) => {
      const reason = one(form.reason);
      if (!(SAFEGUARDING_REASONS as readonly string[]).includes(reason)) throw new BadInputError('reason');
      await deps.casework.escalate(c.get('identity'), id, reason as SafeguardingReason);
    }),
  );
  app.post(
    '/requests/:id/safeguarding',
    change('safeguarding', 'safeguarding', async (c, id, form) => {
      const action = one(form.action);
      if (!(SAFEGUARDING_ACTIONS as readonly string[]).includes(action)) throw new BadInputError('action');
      await deps.casework.decideSafeguarding(c.get('identity'), id, action as SafeguardingAction);
    }),
  );

  // --- my requests, find by reference code, closed and withdrawn -----------------------------
  app.get('/mine', async (c) => {
    const ctx = await consoleContext(c, c.get('session'));
    const entries = await deps.casework.mine(c.get('identity'));
    return c.html(renderDocument(<MineView ctx={ctx} entries={entries} now={deps.now().getTime()} />));
  });

  app.get('/find', async (c) => {
    const ctx = await consoleContext(c, c.get('session'));
    if (!can(c.get('identity'), 'queue:view')) throw new ForbiddenError('queue:view');
    return c.html(renderDocument(<FindView ctx={ctx} code="" />));
  });
  // A post, so the reference code never appears in an address, a log or the browser's history.
  app.post('/find', async (c) => {
    const form = await body(c);
    const code = one(form.code).trim().slice(0, 40);
    const id = await deps.casework.findByCode(c.get('identity'), code);
    if (id) return c.redirect(`/console/requests/${encodeURIComponent(id)}?done=found`, 303);
    const ctx = await consoleContext(c, c.get('session'));
    return c.html(renderDocument(<FindView ctx={ctx} code={code} error={ctx.t('find.notFound')} />), 404);
  });

  app.get('/closed', async (c) => {
    const ctx = await consoleContext(c, c.get('session'));
    const status = c.req.query('status');
    const kind = c.req.query('kind');
    const days = Number(c.req.query('days') ?? 30);
    const filters: ClosedFilters = {
      status: status === 'closed' || status === 'withdrawn' ? status : undefined,
      reason: closeReason(c.req.query('reason') ?? ''),
      kind: kind === 'request' || kind === 'check-in' ? kind : undefined,
      days: (CLOSED_PERIODS as readonly number[]).includes(days) ? (days as ClosedPeriod) : 30,
    };
    const entries = await deps.casework.closedList(c.get('identity'), filters);
    return c.html(renderDocument(<ClosedView ctx={ctx} entries={entries} filters={filters} />));
  });

  app.get('/requests/:id/audit', async (c) => {
    const id = c.req.param('id');
    const events = await deps.casework.trail(c.get('identity'), id);
    const ctx = await consoleContext(c, c.get('session'));
    return c.html(renderDocument(<AuditView ctx={ctx} id={id} events={events} />));
  });

  app.get('/supervisor', async (c) => {
    const identity = c.get('identity');
    const workload = await deps.casework.workload(identity);
    const aggregates = await deps.casework.aggregates(identity);
    const ctx = await consoleContext(c, c.get('session'));
    return c.html(
      renderDocument(
        <SupervisorView
          ctx={ctx}
          operators={workload.operators}
          overdue={workload.overdue}
          burst={workload.burst}
          aggregates={aggregates}
          now={deps.now().getTime()}
        />,
      ),
    );
  });

  // --- one mapping from domain errors to pages -----------------------------------------------
  /** The answer for a refusal the person can act on: shown next to the form that failed. */
  function errorAnswer(
    error: Error,
    ctx: ConsoleContext,
  ): { status: 400 | 403 | 404 | 409; message: string } | undefined {
    if (error instanceof CaseAccessRefused) {
      switch (error.reason) {
        case 'child-protection':
          return { status: 403, message: ctx.t('errors.childOnly') };
        case 'unknown':
        case 'inactive':
        case 'not-operator':
          return { status: 400, message: ctx.t('errors.reassignTarget') };
        case 'target-not-child-protection':
          return { status: 403, message: ctx.t('errors.reassignChild') };
        default:
          return { status: 403, message: ctx.t('errors.forbidden') };
      }
    }
    if (error instanceof ForbiddenError)
      return {
        status: 403,
        message:
          error.message === 'child-protection'
            ? ctx.t('errors.childOnly')
            : error.message === 'not-a-safeguarding-case'
              ? ctx.t('errors.notSafeguardingCase')
              : ctx.t('errors.forbidden'),
      };
    if (error instanceof NotFoundError) return { status: 404, message: ctx.t('errors.notFound') };
    if (error instanceof ClaimTakenError) return { status: 409, message: ctx.t('errors.claimTaken') };
    if (error instanceof StaleRequestError) return { status: 409, message: ctx.t('errors.stale') };
    if (error instanceof InvalidTransitionError) return { status: 409, message: ctx.t('errors.transition') };
    if (error instanceof MessageNotAllowedError)
      return { status: 400, message: ctx.t('errors.messageNotAllowed') };
    if (error instanceof ConsentRequiredError)
      return { status: 400, message: ctx.t('errors.consentRequired') };
    if (error instanceof CloseRefusedError)
      return { status: 400, message: ctx.t('errors.helpedWithoutAttempt') };
    if (error instanceof NoDecisionNeededError)
      return {
        status: 409,
        message: ctx.t(
          error.message === 'already-escalated' ? 'errors.alreadyEscalated' : 'errors.noDecision',
        ),
      };
    if (error instanceof BadInputError) {
      const key =
        {
          reassign: 'errors.reassignTarget',
          outcome: 'errors.outcome',
          summary: 'errors.summary',
          contact: 'errors.contact',
          reason: 'errors.safeguardingReason',
          action: 'errors.safeguardingAction',
        }[error.message] ?? 'errors.invalid';
      return { status: 400, message: ctx.t(key) };
    }
    return undefined;
  }

  app.onError(async (error, c) => {
    const session = c.get('session') as StaffSession | undefined;
    const ctx = await consoleContext(c, session);
    const page = (status: 400 | 403 | 404 | 409 | 500, message: string) =>
      c.html(
        renderDocument(
          <MessageView
            ctx={ctx}
            title={status === 403 ? ctx.t('errors.forbiddenTitle') : ctx.t('title')}
            message={message}
            link={{ href: '/console', text: ctx.t('nav.queue') }}
          />,
        ),
        status,
      );
    const known = errorAnswer(error, ctx);
    if (known) return page(known.status, known.message);
    // Never the error message: it could carry data. The class name is enough to investigate.
    deps.log?.('console.unhandled_error', { error: error.name });
    return page(500, ctx.t('common:errors.server'));
  });

  return app as unknown as Hono;
}

class BadInputError extends Error {
  override name = 'BadInputError';
}

/**
 * The referral search on a request's page (GET parameters, so it works without JavaScript): words,
 * an area, a place (by default the person's province, else their country) and "speaks the person's
 * language". Unknown values are ignored rather than refused: it is only a search.
 */
function referralSearchOf(
  c: Context<Env>,
  request: { country?: string | undefined; province?: string | undefined; languages: string[] },
): { search: ReferralSearch; places: string[] } {
  const { placeById, countries } = referenceData();
  const country = request.country;
  const places = country
    ? [
        country,
        ...[...placeById.keys()].filter((id) => id.startsWith(`${country}-`) && id.split('-').length === 2),
      ]
    : countries.map((p) => p.id);
  const asked = c.req.query('place');
  const place = asked === undefined ? (country ?? '') : asked && placeById.has(asked) ? asked : '';
  const area = c.req.query('area') ?? '';
  return {
    search: {
      text: (c.req.query('svc') ?? '').slice(0, 100),
      area: isAreaId(area) ? area : '',
      place,
      sameLanguage: c.req.query('lang') === '1' && request.languages.length > 0,
    },
    places: place && !places.includes(place) ? [...places, place] : places,
  };
}

/** A service speaks one of these languages (primary subtags compared: `th-TH` speaks `th`). */
function speaksAny(spoken: readonly string[], languages: readonly string[]): boolean {
  const primary = (code: string) => code.toLowerCase().split('-')[0] ?? code;
  const wanted = new Set(languages.map(primary));
  return spoken.some((code) => wanted.has(primary(code)));
}
