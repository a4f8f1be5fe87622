import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { FollowUp } from '../../domain/followups/follow-up.js';
import { dateTagFor, type Locale } from '../../domain/locales.js';
import { RHYTHMS, type Rhythm } from '../../domain/followups/schedule.js';
import type { CodeRecord } from '../../domain/requests/records.js';
import { WhenSchema } from '../../domain/requests/request.js';
import { issueActionToken } from '../../services/action-token.js';
import { FollowUpInputSchema, type FollowUps } from '../../services/followups.js';
import { FollowUpLookupPage, FollowUpManagePage, FollowUpOptInPage } from '../../../web/pages/follow-up.js';
import { LookupUnavailablePage, RequestDonePage } from '../../../web/pages/request.js';
import { ConfirmActionPage } from '../../../web/components/confirm-action.js';
import { renderDocument } from '../../../web/render.js';
import type { ReferenceData } from '../../reference/index.js';
import { hitClient, hitCode, LIMITS, type RateLimit } from '../abuse.js';
import type { ClientAddressFn } from '../client-address.js';
import {
  accessOf,
  type CodePinDeps,
  optionalAccessOf,
  type CodePinFailure,
  codePinAccess,
  formActionToken,
  formCodeAndPin,
} from '../code-pin.js';
import type { PageContextFactory } from '../page-context.js';
import { draftFromBody, inputFromDraft } from '../../../web/pages/request-form.js';

export interface FollowUpRouteDeps {
  followUps: FollowUps;
  limiter: RateLimit;
  clientAddress: ClientAddressFn;
  secret: string;
  /** Remembers used action tokens (single use). */
  tokens: CodePinDeps['tokens'];
  /** The code + PIN check and code records (services/callback-requests.ts). */
  codes: CodePinDeps['codes'];
  reference: ReferenceData;
  pageContext: PageContextFactory;
  now: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
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

  /** Every failure of a code + PIN step: one answer per kind, whatever the cause. */
  const refuse = async (c: Context, failure: CodePinFailure) => {
    const ctx = await deps.pageContext(c.get('locale') as Locale, '/follow-up/manage');
    if (failure === 'unavailable')
      return c.html(
        renderDocument(<LookupUnavailablePage ctx={ctx} title={ctx.t('followup:manageTitle')} />),
        503,
      );
    const message = {
      'too-many': 'request:errors.tooMany',
      expired: 'request:status.expired',
      'not-matched': 'request:status.failed',
    }[failure];
    return c.html(
      renderDocument(<FollowUpLookupPage ctx={ctx} message={ctx.t(message)} />),
      failure === 'too-many' ? 429 : 401,
    );
  };
  const resolve = (record: CodeRecord) => deps.followUps.forRecord(record);
  const byPin = codePinAccess<FollowUp>(deps, { credentials: formCodeAndPin, resolve, refuse });
  const byToken = codePinAccess<FollowUp>(deps, { credentials: formActionToken, resolve, refuse });
  /** Opting in may link an earlier request's code: checked like every code + PIN, but optional. */
  const linkedCode = codePinAccess<CodeRecord>(deps, {
    credentials: formCodeAndPin,
    resolve: async (record) => record,
    refuse: async (c, failure) => {
      if (failure === 'unavailable' || failure === 'too-many') return refuse(c, failure);
      const body = (await c.req.parseBody({ all: true })) as Body;
      return optInPage(
        c,
        str(body, 'idem'),
        await optInValues(c),
        { code: 'followup:errors.linkFailed' },
        401,
      );
    },
    optional: true,
  });

  /** The answers as sent, to show them again (never the PIN). */
  const optInValues = async (c: Context): Promise<Record<string, string[]>> => {
    const body = (await c.req.parseBody({ all: true })) as Body;
    const values: Record<string, string[]> = { ...draftFromBody(body) };
    for (const k of ['code', 'rhythm', 'duration', 'escalate']) {
      const v = str(body, k).slice(0, 40);
      if (v) values[k] = [v];
    }
    return values;
  };

  const optInPage = async (
    c: Context,
    idem: string,
    values: Record<string, string[]>,
    errors: Record<string, string> = {},
    status: 200 | 400 | 401 | 429 = 200,
  ) => {
    const ctx = await deps.pageContext(c.get('locale') as Locale, '/follow-up');
    const key = /^[A-Za-z0-9_-]{16,64}$/.test(idem) ? idem : randomBytes(18).toString('base64url');
    return c.html(
      renderDocument(<FollowUpOptInPage ctx={ctx} idempotencyKey={key} errors={errors} values={values} />),
      status,
    );
  };

  app.get('/follow-up', (c) => optInPage(c, randomBytes(18).toString('base64url'), {}));

  app.post('/follow-up', linkedCode, async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Body;
    const idem = /^[A-Za-z0-9_-]{16,64}$/.test(str(body, 'idem'))
      ? str(body, 'idem')
      : randomBytes(18).toString('base64url');
    const values = await optInValues(c);
    const when = whenFrom(body);
    const parsed = FollowUpInputSchema.safeParse({
      idempotencyKey: idem,
      channel: values.channel?.[0],
      handle: values.handle?.[0],
      rhythm: values.rhythm?.[0],
      duration: values.duration?.[0],
      timeZone: when.success ? when.data.timeZone : undefined,
      safeWindows: when.success ? when.data.safeWindows : [],
      mayEscalate: str(body, 'escalate') === 'yes',
      consentFollowup: str(body, 'consent') === 'yes' ? true : undefined,
    });
    if (!parsed.success) {
      // Every error at once, each next to its field.
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const path = String(issue.path[0] ?? '');
        const [field, key] =
          path === 'consentFollowup'
            ? ['consent', 'followup:errors.consent']
            : path === 'channel'
              ? ['channel', 'request:errors.channel']
              : path === 'handle'
                ? [
                    'handle',
                    issue.message === 'phone-format'
                      ? 'request:errors.phoneFormat'
                      : issue.message === 'email-format'
                        ? 'request:errors.emailFormat'
                        : 'request:errors.handle',
                  ]
                : path === 'rhythm'
                  ? ['rhythm', 'followup:errors.rhythm']
                  : path === 'duration'
                    ? ['duration', 'followup:errors.duration']
                    : ['w1days', 'request:errors.window'];
        errors[field] ??= key;
      }
      return optInPage(c, idem, values, errors, 400);
    }
    const limited = await hitClient(deps, c, LIMITS.submit);
    if (!limited.allowed) return optInPage(c, idem, values, { submit: 'request:errors.tooMany' }, 429);
    const link = optionalAccessOf<CodeRecord>(c);
    const result = await deps.followUps.optIn(parsed.data, c.get('locale'), link?.subject);
    if (result.kind === 'link-failed')
      return optInPage(c, idem, values, { code: 'followup:errors.linkFailed' }, 401);
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up');
    const t = ctx.t;
    const next = result.followUp.nextDueAt
      ? t('followup:nextDue', {
          date: new Intl.DateTimeFormat(dateTagFor(ctx.locale), {
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

  app.post('/follow-up/manage', byPin, (c) => {
    const access = accessOf<FollowUp>(c);
    return managePage(c, access.code, access.subject);
  });

  app.post('/follow-up/manage/:action', byToken, async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Body;
    const ctx = await deps.pageContext(c.get('locale'), '/follow-up/manage');
    const { code, subject: followUp } = accessOf<FollowUp>(c);
    const t = ctx.t;
    switch (c.req.param('action')) {
      case 'pause':
        return managePage(c, code, await deps.followUps.pause(followUp), t('followup:saved'));
      case 'resume':
        return managePage(c, code, await deps.followUps.resume(followUp), t('followup:saved'));
      case 'contact-now':
        // At most a couple of "contact me now" per day and code: one page cannot flood the queue.
        if (!(await hitCode(deps, code, LIMITS.contactNow)).allowed)
          return managePage(c, code, followUp, t('followup:contactNowAlready'));
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
      case 'view':
        return managePage(c, code, followUp);
      case 'stop': {
        // Irreversible: first a page that says exactly what stops, with a fresh token.
        if (str(body, 'confirmed') !== 'yes') {
          const base = `/${ctx.locale}/follow-up/manage`;
          return c.html(
            renderDocument(
              <ConfirmActionPage
                ctx={ctx}
                title={t('followup:confirmStopTitle')}
                lead={t('request:status.confirmLead')}
                consequences={[1, 2, 3].map((i) => t(`followup:confirmStop${i}`))}
                action={`${base}/stop`}
                backAction={`${base}/view`}
                token={issueActionToken(deps.secret, code, deps.now())}
                confirmLabel={t('followup:confirmStop')}
                backLabel={t('request:status.keep')}
              />,
            ),
          );
        }
        return managePage(c, code, await deps.followUps.stop(followUp), t('followup:stopped'));
      }
      default:
        return c.notFound();
    }
  });

  return app;
}
