import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { asciiDigits } from '../../domain/digits.js';
import type { Locale } from '../../domain/locales.js';
import { ContactSchema, SafetyOfContactSchema, WhenSchema } from '../../domain/requests/request.js';
import type { ReferenceData } from '../../reference/index.js';
import { childPlaces } from '../../reference/index.js';
import { issueActionToken, issueFormToken, readFormToken } from '../../services/action-token.js';
import type { CallbackRequests, OpenedRequest } from '../../services/callback-requests.js';
import { MessagePage } from '../../../web/pages/home.js';
import {
  LookupUnavailablePage,
  RequestDonePage,
  RequestStepPage,
  type StepPageProps,
  StatusLookupPage,
  StatusPage,
} from '../../../web/pages/request.js';
import { renderDocument } from '../../../web/render.js';
import { BURST_AFTER, hitClient, LIMITS, MIN_FILL_MS, type RateLimit } from '../abuse.js';
import type { ClientAddressFn } from '../client-address.js';
import {
  accessOf,
  type CodePinFailure,
  codePinAccess,
  formActionToken,
  formCodeAndPin,
} from '../code-pin.js';
import type { PageContextFactory } from '../page-context.js';
import {
  type Draft,
  draftFromBody,
  inputFromDraft,
  isStep,
  REQUIRED_STEPS,
  STEP_FIELDS,
  STEPS,
  type StepId,
  validateDraft,
} from '../../../web/pages/request-form.js';

export interface RequestRouteDeps {
  requests: CallbackRequests;
  limiter: RateLimit;
  clientAddress: ClientAddressFn;
  /** Signs form and action tokens. */
  secret: string;
  /** Remembers used form and action tokens (single use). */
  tokens: { use(tokenId: string, expiresAtMs: number, binding?: string): Promise<boolean> };
  reference: ReferenceData;
  pageContext: PageContextFactory;
  retentionDays: number;
  now: () => Date;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

type Env = { Variables: { locale: Locale } };

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;

function newKey(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * "Ask us to contact you": the stepped form, the confirmation with code and PIN, and the status
 * page where the person can change, cancel or delete their request. Every response is no-store.
 */
export function createRequestRoutes(deps: RequestRouteDeps): Hono<Env> {
  const app = new Hono<Env>();

  app.use('/help/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const defaultTimeZone = (country: string | undefined) =>
    deps.reference.places.find((p) => p.id === country)?.timeZone ?? 'Asia/Bangkok';

  async function renderStep(
    c: Context<Env>,
    step: StepId,
    draft: Draft,
    meta: { idem: string; started: string },
    extra: Partial<StepPageProps> = {},
    status: 200 | 400 | 429 | 503 = 200,
  ) {
    const locale = c.get('locale');
    const country = draft.country?.[0];
    const ctx = await deps.pageContext(locale, '/help/request', { islands: ['request-form'] });
    return c.html(
      renderDocument(
        <RequestStepPage
          ctx={ctx}
          step={step}
          draft={draft}
          errors={{}}
          idempotencyKey={meta.idem}
          startedToken={meta.started}
          countries={deps.reference.countries}
          provinces={country ? childPlaces(deps.reference, country) : []}
          defaultTimeZone={defaultTimeZone(country)}
          retentionDays={deps.retentionDays}
          {...extra}
        />,
      ),
      status,
    );
  }

  app.get('/help/request', (c) =>
    renderStep(c, 'start', {}, { idem: newKey(), started: issueFormToken(deps.secret, deps.now()) }),
  );

  app.post('/help/request', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const idem = IDEMPOTENCY_KEY.test(str('idem') ?? '') ? (str('idem') as string) : newKey();
    const started = str('started') ?? issueFormToken(deps.secret, deps.now());
    const meta = { idem, started };
    const step: StepId = isStep(str('step')) ? (str('step') as StepId) : 'start';
    const action = str('action') ?? 'next';
    const draft = draftFromBody(body);
    const index = STEPS.indexOf(step);
    const validationMeta = { idempotencyKey: idem, defaultTimeZone: defaultTimeZone(draft.country?.[0]) };

    if (action === 'back') return renderStep(c, STEPS[Math.max(0, index - 1)] as StepId, draft, meta);
    if (action === 'skip' && !REQUIRED_STEPS.has(step)) {
      for (const f of STEP_FIELDS[step]) delete draft[f];
      return renderStep(c, STEPS[Math.min(STEPS.length - 1, index + 1)] as StepId, draft, meta);
    }
    if (step !== 'consent' || action !== 'send') {
      const { errors } = validateDraft(draft, validationMeta, [step]);
      if (Object.keys(errors).length > 0) return renderStep(c, step, draft, meta, { errors }, 400);
      return renderStep(c, STEPS[Math.min(STEPS.length - 1, index + 1)] as StepId, draft, meta);
    }

    // Sending: everything is checked again, then anti-abuse checks, then the request is stored.
    const validation = validateDraft(draft, validationMeta, STEPS);
    if (!validation.input) {
      return renderStep(
        c,
        validation.firstInvalidStep ?? 'consent',
        draft,
        meta,
        { errors: validation.errors },
        400,
      );
    }
    // Anti-abuse: a filled honeypot, a form sent faster than a person can, or a form token that
    // already admitted another request is shown the last step again with a fresh token (the person
    // simply sends again; a script must wait like a person).
    const formToken = readFormToken(deps.secret, started, deps.now());
    const honeypot = str('website');
    const retry = () =>
      renderStep(
        c,
        'consent',
        draft,
        { idem, started: issueFormToken(deps.secret, deps.now()) },
        { errors: { consent: 'tryAgain' } },
        400,
      );
    if (honeypot || !formToken || formToken.ageMs < MIN_FILL_MS) return retry();
    try {
      const limited = await hitClient(deps, c, LIMITS.submit);
      if (!limited.allowed)
        return renderStep(c, 'consent', draft, meta, { errors: { consent: 'tooMany' } }, 429);
      // One form token admits one request: the same idempotency key (a double tap, a retry) passes again.
      if (!(await deps.tokens.use(formToken.id, formToken.expiresAt, idem))) return retry();
      const burst = (limited.count ?? 0) > BURST_AFTER;
      const result = await deps.requests.submit(validation.input, c.get('locale'), { burst });
      const ctx = await deps.pageContext(c.get('locale'), '/help/request');
      const country = validation.input.country;
      return c.html(
        renderDocument(
          <RequestDonePage
            ctx={ctx}
            code={result.code}
            duplicate={result.kind === 'duplicate'}
            pinSet={result.pinSet}
            setupToken={idem}
            urgent={validation.input.dangerNow}
            country={country}
          />,
        ),
        result.kind === 'created' ? 201 : 200,
      );
    } catch (error) {
      // The table is not reachable: say so, keep every answer on the page, show urgent numbers.
      deps.log?.('request.store_failed', { error: (error as Error).name });
      return renderStep(c, 'consent', draft, meta, { unavailable: true }, 503);
    }
  });

  app.post('/help/pin', async (c) => {
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const code = str('code').slice(0, 20);
    const token = str('token').slice(0, 80);
    const urgent = str('urgent') === 'yes';
    const locale = c.get('locale');
    const limited = await hitClient(deps, c, LIMITS.pin);
    const ctx = await deps.pageContext(locale, '/help/request');
    const again = (pinError: string, status: 400 | 429) =>
      c.html(
        renderDocument(
          <RequestDonePage
            ctx={ctx}
            code={code}
            duplicate={false}
            pinSet={false}
            setupToken={token}
            urgent={urgent}
            country={str('country').slice(0, 2) || undefined}
            pinError={pinError}
          />,
        ),
        status,
      );
    if (!limited.allowed)
      return c.html(
        renderDocument(
          <MessagePage ctx={ctx} title={ctx.t('request:title')} message={ctx.t('request:errors.tooMany')} />,
        ),
        429,
      );
    if (asciiDigits(str('pin')) !== asciiDigits(str('pin2'))) return again('mismatch', 400);
    const outcome = await deps.requests.setPin(code, token, str('pin'));
    if (outcome === 'invalid-pin') return again('format', 400);
    if (outcome === 'too-simple') return again('tooSimple', 400);
    if (outcome === 'refused')
      return c.html(
        renderDocument(
          <MessagePage
            ctx={ctx}
            title={ctx.t('request:done.pinTitle')}
            message={ctx.t('request:pin.alreadySet')}
          />,
        ),
        409,
      );
    return c.html(renderDocument(<PinSavedPage ctx={ctx} />));
  });

  app.get('/help/status', async (c) => {
    const ctx = await deps.pageContext(c.get('locale'), '/help/status');
    return c.html(renderDocument(<StatusLookupPage ctx={ctx} />));
  });

  async function showStatus(
    c: Context<Env>,
    opened: OpenedRequest,
    notice?: string,
    status: 200 | 400 = 200,
  ) {
    const ctx = await deps.pageContext(c.get('locale'), '/help/status', { islands: ['request-form'] });
    const token = issueActionToken(deps.secret, opened.code, deps.now());
    const r = opened.request;
    return c.html(
      renderDocument(
        <StatusPage
          ctx={ctx}
          status={opened.status}
          token={token}
          timeZone={r.timeZone ?? 'Asia/Bangkok'}
          safeWindows={r.safeWindows ?? []}
          withdrawn={r.status === 'withdrawn'}
          notice={notice}
        />,
      ),
      status,
    );
  }

  /** Every failure of a code + PIN step: one answer per kind, whatever the cause. */
  async function refuse(c: Context, failure: CodePinFailure) {
    const ctx = await deps.pageContext(c.get('locale') as Locale, '/help/status');
    if (failure === 'unavailable')
      return c.html(
        renderDocument(<LookupUnavailablePage ctx={ctx} title={ctx.t('request:status.title')} />),
        503,
      );
    if (failure === 'too-many')
      return c.html(
        renderDocument(<StatusLookupPage ctx={ctx} message={ctx.t('request:errors.tooMany')} />),
        429,
      );
    if (failure === 'expired')
      return c.html(
        renderDocument(<StatusLookupPage ctx={ctx} message={ctx.t('request:status.expired')} />),
        401,
      );
    return c.html(renderDocument(<StatusLookupPage ctx={ctx} failed />), 401);
  }

  const codePin = { ...deps, codes: deps.requests };
  const byPin = codePinAccess<OpenedRequest>(codePin, {
    credentials: formCodeAndPin,
    resolve: (record) => deps.requests.forRecord(record),
    refuse,
  });
  const byToken = codePinAccess<OpenedRequest>(codePin, {
    credentials: formActionToken,
    resolve: (record) => deps.requests.forRecord(record),
    refuse,
  });

  app.post('/help/status', byPin, (c) => showStatus(c, accessOf<OpenedRequest>(c).subject));

  const WindowsForm = (draft: Draft) =>
    WhenSchema.safeParse({
      timeZone: draft.tz?.[0],
      safeWindows: inputFromDraft(draft, { idempotencyKey: 'x'.repeat(16), defaultTimeZone: 'UTC' })
        .safeWindows,
    });

  app.post('/help/status/:action', byToken, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const access = accessOf<OpenedRequest>(c).subject;
    const code = access.code;
    const ctx = await deps.pageContext(c.get('locale'), '/help/status');
    const t = ctx.t;
    const draft = draftFromBody(body);
    switch (c.req.param('action')) {
      case 'safe-times': {
        const parsed = WindowsForm(draft);
        if (!parsed.success) return showStatus(c, access, t('request:errors.window'), 400);
        await deps.requests.changeSafeTimes(access.request, parsed.data.timeZone, parsed.data.safeWindows);
        break;
      }
      case 'contact': {
        const contact = ContactSchema.safeParse({ channel: draft.channel?.[0], handle: draft.handle?.[0] });
        const extra = SafetyOfContactSchema.safeParse({
          ifSomeoneElseAnswers: draft.ifOther?.[0],
          codeWord: draft.codeWord?.[0],
        });
        if (!contact.success || !extra.success) {
          const issue = contact.success ? undefined : contact.error.issues[0];
          const key =
            issue?.message === 'phone-format'
              ? 'phoneFormat'
              : issue?.message === 'email-format'
                ? 'emailFormat'
                : issue?.path[0] === 'channel'
                  ? 'channel'
                  : 'handle';
          return showStatus(c, access, t(`request:errors.${key}`), 400);
        }
        await deps.requests.changeContact(access.request, {
          ...contact.data,
          codeWord: extra.data.codeWord,
          ifSomeoneElseAnswers: extra.data.ifSomeoneElseAnswers,
        });
        break;
      }
      case 'message': {
        const message = z
          .string()
          .trim()
          .min(1)
          .max(500)
          .safeParse(draft.message?.[0] ?? '');
        if (!message.success) return showStatus(c, access, t('request:errors.tooLong'), 400);
        await deps.requests.addMessage(access.request, message.data);
        break;
      }
      case 'withdraw':
        await deps.requests.withdraw(access.request, code);
        return showStatus(c, (await deps.requests.reload(code)) ?? access, t('request:status.cancelled'));
      case 'delete':
        await deps.requests.deleteData(access.request, code);
        return c.html(
          renderDocument(
            <MessagePage
              ctx={ctx}
              title={t('request:status.deleteTitle')}
              message={t('request:status.deleted')}
            />,
          ),
        );
      default:
        return c.notFound();
    }
    const fresh = await deps.requests.reload(code);
    return fresh ? showStatus(c, fresh, t('request:status.saved')) : c.notFound();
  });

  return app;
}

function PinSavedPage({ ctx }: { ctx: Parameters<typeof MessagePage>[0]['ctx'] }) {
  const { t, locale } = ctx;
  return (
    <MessagePage ctx={ctx} title={t('request:pin.savedTitle')} message={t('request:pin.saved')}>
      <a href={`/${locale}/help/status`}>{t('request:status.title')}</a>
    </MessagePage>
  );
}
