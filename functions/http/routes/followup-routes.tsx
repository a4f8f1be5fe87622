import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { FollowUp } from '../../data/followup-store.js';
import type { Locale } from '../../domain/locales.js';
import { RHYTHMS, type Rhythm } from '../../domain/followups/schedule.js';
import { WhenSchema } from '../../domain/requests/request.js';
import { issueActionToken, verifyActionToken } from '../../services/action-token.js';
import { FollowUpInputSchema, type FollowUps } from '../../services/followups.js';
import { FollowUpLookupPage, FollowUpManagePage, FollowUpOptInPage } from '../../../web/pages/follow-up.js';
import { RequestDonePage } from '../../../web/pages/request.js';
import { renderDocument } from '../../../web/render.js';
import type { ClientAddressFn } from '../client-address.js';
import type { PageContextFactory } from '../page-context.js';
import { draftFromBody, inputFromDraft } from '../request-form.js';
import { LIMITS, type RateLimit } from './request-routes.js';

export interface FollowUpRouteDeps {
  followUps: FollowUps;
  limiter: RateLimit;
  clientAddress: ClientAddressFn;
  secret: string;
  pageContext: PageContextFactory;
  now: () => Date;
}

type Env = { Variables: { locale: Locale } };
type Body = Record<string, string | File | (string | File)[]>;
const str = (b: Body, k: string) => (typeof b[k] === 'string' ? (b[k] as string) : '');

/** Windows from the same form fields as the callback form (one window here). */
function whenFrom(body: Body) {
  const draft = draftFromBody(body);
  const windows = inputFromDraft(draft, {
    idempotencyKey: 'x'.repeat(16),
    defaultTimeZone: 'Asia/Bangkok',
  }).safeWindows;
  return WhenSchema.safeParse({ timeZone: str(body, 'tz') || 'Asia/Bangkok', safeWindows: windows });
}

/** Follow-up check-ins on the public side: opt in, and control with code + PIN. Never cached. */
export function createFollowUpRoutes(deps: FollowUpRouteDeps): Hono<Env> {
  const app = new Hono<Env>();
  app.use('/follow-up/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use('/follow-up', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const optInPage = async (
    c: Context<Env>,
    idem: string,
    values: Record<string, string | undefined>,
    error?: string,
    status: 200 | 400 | 401 | 429 = 200,
  ) => {
    // The request-form island switches the handle field to the phone keypad for phone channels.
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up', { islands: ['request-form'] });
    return c.html(
      renderDocument(<FollowUpOptInPage ctx={ctx} idempotencyKey={idem} error={error} values={values} />),
      status,
    );
  };

  app.get('/follow-up', (c) => optInPage(c, randomBytes(18).toString('base64url'), {}));

  app.post('/follow-up', async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Body;
    const idem = /^[A-Za-z0-9_-]{16,64}$/.test(str(body, 'idem'))
      ? str(body, 'idem')
      : randomBytes(18).toString('base64url');
    const values = {
      channel: str(body, 'channel'),
      handle: str(body, 'handle').slice(0, 120),
      rhythm: str(body, 'rhythm'),
      duration: str(body, 'duration'),
      tz: str(body, 'tz'),
    };
    const when = whenFrom(body);
    const parsed = FollowUpInputSchema.safeParse({
      idempotencyKey: idem,
      channel: values.channel || undefined,
      handle: values.handle || undefined,
      rhythm: values.rhythm || undefined,
      duration: values.duration || undefined,
      timeZone: when.success ? when.data.timeZone : undefined,
      safeWindows: when.success ? when.data.safeWindows : [],
      mayEscalate: str(body, 'escalate') === 'yes',
      consentFollowup: str(body, 'consent') === 'yes' ? true : undefined,
    });
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      const key =
        field === 'consentFollowup'
          ? 'followup:errors.consent'
          : field === 'channel' || field === 'handle'
            ? `request:errors.${field}`
            : field === 'safeWindows' || field === 'timeZone'
              ? 'request:errors.window'
              : 'request:errors.generic';
      return optInPage(c, idem, values, key, 400);
    }
    const limited = await deps.limiter.hit(
      'followup-optin',
      deps.clientAddress(c),
      LIMITS.submit.limit,
      LIMITS.submit.windowSeconds,
    );
    if (!limited.allowed) return optInPage(c, idem, values, undefined, 429);
    const link =
      str(body, 'code') || str(body, 'pin')
        ? { code: str(body, 'code').slice(0, 20), pin: str(body, 'pin').slice(0, 20) }
        : undefined;
    const result = await deps.followUps.optIn(parsed.data, c.get('locale'), link);
    if (result.kind === 'link-failed') return optInPage(c, idem, values, 'followup:errors.linkFailed', 401);
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up');
    const t = ctx.t;
    const next = result.followUp.nextDueAt
      ? t('followup:nextDue', {
          date: new Intl.DateTimeFormat(ctx.locale, {
            dateStyle: 'long',
            timeZone: result.followUp.timeZone,
          }).format(new Date(result.followUp.nextDueAt)),
        })
      : t('followup:noneScheduled');
    return c.html(
      renderDocument(
        <RequestDonePage
          ctx={ctx}
          code={result.code}
          duplicate={result.kind === 'duplicate'}
          pinSet={result.linked}
          setupToken={idem}
          urgent={false}
          heading={t('followup:doneTitle')}
          nextText={`${result.linked ? t('followup:doneLinked') : t('followup:doneNew')} ${next}`}
        />,
      ),
      result.kind === 'created' ? 201 : 200,
    );
  });

  app.get('/follow-up/manage', async (c) => {
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up/manage');
    return c.html(renderDocument(<FollowUpLookupPage ctx={ctx} />));
  });

  const managePage = async (c: Context<Env>, code: string, followUp: FollowUp, notice?: string) => {
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up/manage');
    return c.html(
      renderDocument(
        <FollowUpManagePage
          ctx={ctx}
          followUp={followUp}
          token={issueActionToken(deps.secret, code, deps.now())}
          notice={notice}
        />,
      ),
    );
  };

  app.post('/follow-up/manage', async (c) => {
    const body = (await c.req.parseBody()) as Body;
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up/manage');
    const limited = await deps.limiter.hit(
      'request-status',
      deps.clientAddress(c),
      LIMITS.status.limit,
      LIMITS.status.windowSeconds,
    );
    if (!limited.allowed)
      return c.html(
        renderDocument(<FollowUpLookupPage ctx={ctx} message={ctx.t('request:errors.tooMany')} />),
        429,
      );
    const access = await deps.followUps.access(str(body, 'code').slice(0, 20), str(body, 'pin').slice(0, 20));
    if (!access)
      return c.html(
        renderDocument(<FollowUpLookupPage ctx={ctx} message={ctx.t('request:status.failed')} />),
        401,
      );
    return managePage(c, access.code, access.followUp);
  });

  app.post('/follow-up/manage/:action', async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Body;
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up/manage');
    const code = verifyActionToken(deps.secret, str(body, 'token'), deps.now());
    const followUp = code ? await deps.followUps.accessVerified(code) : undefined;
    if (!code || !followUp)
      return c.html(
        renderDocument(<FollowUpLookupPage ctx={ctx} message={ctx.t('request:status.expired')} />),
        401,
      );
    const t = ctx.t;
    switch (c.req.param('action')) {
      case 'pause':
        return managePage(c, code, await deps.followUps.pause(followUp), t('followup:saved'));
      case 'resume':
        return managePage(c, code, await deps.followUps.resume(followUp), t('followup:saved'));
      case 'contact-now':
        await deps.followUps.contactNow(followUp);
        return managePage(c, code, followUp, t('followup:contactNowDone'));
      case 'change': {
        const rhythm = str(body, 'rhythm');
        const when = whenFrom(body);
        if (!(RHYTHMS as readonly string[]).includes(rhythm) || !when.success)
          return managePage(c, code, followUp, t('request:errors.window'));
        return managePage(
          c,
          code,
          await deps.followUps.change(followUp, {
            rhythm: rhythm as Rhythm,
            timeZone: when.data.timeZone,
            safeWindows: when.data.safeWindows,
          }),
          t('followup:saved'),
        );
      }
      case 'stop':
        return managePage(c, code, await deps.followUps.stop(followUp), t('followup:stopped'));
      default:
        return c.notFound();
    }
  });

  return app;
}
