import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { asciiDigits } from '../../domain/digits.js';
import type { Locale } from '../../domain/locales.js';
import { ContactSchema, SafetyOfContactSchema, WhenSchema } from '../../domain/requests/request.js';
import type { ReferenceData } from '../../reference/index.js';
import { childPlaces } from '../../reference/index.js';
import { issueActionToken, issueFormToken, readFormToken } from '../../services/action-token.js';
import {
  DRAFT_MINUTES,
  isDraftToken,
  newDraftToken,
  type RequestDrafts,
} from '../../services/request-drafts.js';
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
import { ConfirmActionPage } from '../../../web/components/confirm-action.js';
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
  type FieldErrors,
  draftFromBody,
  type FormState,
  formStateOf,
  type SentState,
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
  /** The form's answers between steps (sealed, DRAFT_MINUTES). */
  drafts: Pick<RequestDrafts, 'load' | 'save'>;
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

  /** Loads a draft; a tampered, expired or unknown token gives undefined. */
  async function loadState(token: string): Promise<FormState | undefined> {
    return formStateOf(await deps.drafts.load(token));
  }

  async function renderStep(
    c: Context<Env>,
    step: StepId,
    draft: Draft,
    meta: { idem: string; started: string; token: string; returnToCheck?: boolean },
    extra: Partial<StepPageProps> = {},
    status: 200 | 400 | 429 | 503 = 200,
  ) {
    const locale = c.get('locale');
    const country = draft.country?.[0];
    const ctx = await deps.pageContext(locale, `/help/request/${meta.token}/${step}`, {
      islands: ['request-form', 'listen'],
    });
    const errors = extra.errors ?? {};
    return c.html(
      renderDocument(
        <RequestStepPage
          ctx={ctx}
          step={step}
          draft={draft}
          errors={errors}
          idempotencyKey={meta.idem}
          startedToken={meta.started}
          draftToken={meta.token}
          returnToCheck={meta.returnToCheck ?? false}
          draftMinutes={DRAFT_MINUTES}
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

  const stepPath = (c: Context<Env>, token: string, step: StepId | 'done', returnToCheck = false) =>
    `/${c.get('locale')}/help/request/${token}/${step}${returnToCheck ? '?from=check' : ''}`;

  /** The draft store cannot be reached while reading a step: say so, with the ways to get help now. */
  async function draftsUnavailable(c: Context<Env>) {
    const ctx = await deps.pageContext(c.get('locale'), '/help/request');
    return c.html(
      renderDocument(
        <LookupUnavailablePage
          ctx={ctx}
          title={ctx.t('request:title')}
          message={ctx.t('request:draft.unavailable')}
        />,
      ),
      503,
    );
  }

  // A new form gets its own draft token in its address at once, so that Back to the first step
  // finds its answers too. Nothing is stored until the first step is answered.
  app.get('/help/request', (c) => c.redirect(stepPath(c, newDraftToken(), 'start'), 303));

  app.get('/help/request/:draft', (c) => {
    const token = c.req.param('draft');
    return isDraftToken(token) ? c.redirect(stepPath(c, token, 'start'), 303) : c.notFound();
  });

  app.get('/help/request/:draft/:step', async (c) => {
    const token = c.req.param('draft');
    const stepParam = c.req.param('step');
    if (!isDraftToken(token) || !(isStep(stepParam) || stepParam === 'done')) return c.notFound();
    let state: FormState | undefined;
    try {
      state = await loadState(token);
    } catch (error) {
      deps.log?.('request.draft_unavailable', { error: (error as Error).name });
      return draftsUnavailable(c);
    }
    if (stepParam === 'done') {
      if (!state?.sent) return c.redirect(`/${c.get('locale')}/help/request`, 303);
      return renderDone(c, token, state.sent);
    }
    // After sending, the form's pages lead to the reference code: nothing can be sent twice.
    if (state?.sent) return c.redirect(stepPath(c, token, 'done'), 303);
    if (!state && stepParam !== 'start') {
      const ctx = await deps.pageContext(c.get('locale'), '/help/request');
      return c.html(
        renderDocument(
          <MessagePage
            ctx={ctx}
            title={ctx.t('request:draft.expiredTitle')}
            message={ctx.t('request:draft.expired', { minutes: DRAFT_MINUTES })}
          >
            <a href={`/${ctx.locale}/help/request`}>{ctx.t('request:draft.startAgain')}</a>
          </MessagePage>,
        ),
        410,
      );
    }
    const current = state ?? {
      answers: {},
      idem: newKey(),
      started: issueFormToken(deps.secret, deps.now()),
    };
    const errors = current.errors?.step === stepParam ? current.errors.fields : {};
    return renderStep(
      c,
      stepParam,
      current.answers,
      {
        idem: current.idem,
        started: current.started,
        token,
        returnToCheck: c.req.query('from') === 'check' && stepParam !== 'consent',
      },
      { errors },
    );
  });

  app.post('/help/request', (c) => answerStep(c, newDraftToken()));
  app.post('/help/request/:draft', (c) => {
    const token = c.req.param('draft');
    return isDraftToken(token) ? answerStep(c, token) : c.notFound();
  });

  /**
   * One step answered. Every answer so far comes in the body (hidden fields), so the body alone is
   * the request: a send works even when drafts cannot be kept. The answers are then kept as the
   * draft and the browser is sent on to the next page with a redirect (no page is ever the answer
   * to a form post, so Back never resends one). When the draft cannot be kept (the database, or the
   * per-client limit on drafts), the next page is the answer itself, as a plain form.
   */
  async function answerStep(c: Context<Env>, token: string) {
    const body = await c.req.parseBody({ all: true });
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const idem = IDEMPOTENCY_KEY.test(str('idem') ?? '') ? (str('idem') as string) : newKey();
    const started = str('started') ?? issueFormToken(deps.secret, deps.now());
    const returnToCheck = str('return') === 'check';
    const meta = { idem, started, token, returnToCheck };
    const step: StepId = isStep(str('step')) ? (str('step') as StepId) : 'start';
    const action = str('action') ?? 'next';
    const draft = draftFromBody(body);
    const index = STEPS.indexOf(step);
    const validationMeta = { idempotencyKey: idem, defaultTimeZone: defaultTimeZone(draft.country?.[0]) };
    const following = (returnToCheck ? 'consent' : STEPS[Math.min(STEPS.length - 1, index + 1)]) as StepId;

    /** Keep the draft and redirect to `target`; if it cannot be kept, show `target` at once. */
    const moveTo = async (target: StepId, errors: FieldErrors = {}, back = false) => {
      const hasErrors = Object.keys(errors).length > 0;
      const keepReturn = returnToCheck && target !== 'consent';
      const state: FormState = {
        answers: draft,
        idem,
        started,
        ...(hasErrors ? { errors: { step: target, fields: errors } } : {}),
      };
      try {
        if ((await hitClient(deps, c, LIMITS.draft)).allowed) {
          await deps.drafts.save(token, state);
          return c.redirect(stepPath(c, token, target, keepReturn && !back), 303);
        }
      } catch (error) {
        deps.log?.('request.draft_unavailable', { error: (error as Error).name });
      }
      return renderStep(
        c,
        target,
        draft,
        { ...meta, returnToCheck: keepReturn && !back },
        { errors },
        hasErrors ? 400 : 200,
      );
    };

    if (action === 'back')
      return moveTo(returnToCheck ? 'consent' : (STEPS[Math.max(0, index - 1)] as StepId), {}, true);
    if (action === 'skip' && !REQUIRED_STEPS.has(step)) {
      for (const f of STEP_FIELDS[step]) delete draft[f];
      return moveTo(following);
    }
    if (step !== 'consent' || action !== 'send') {
      const { errors } = validateDraft(draft, validationMeta, [step]);
      if (Object.keys(errors).length > 0) return moveTo(step, errors);
      return moveTo(following);
    }

    // Sending: everything is checked again, then anti-abuse checks, then the request is stored.
    const validation = validateDraft(draft, validationMeta, STEPS);
    if (!validation.input) {
      const first = validation.firstInvalidStep ?? 'consent';
      // Every error of the first step that has one, on that step (the others follow when it is fixed).
      const errors = Object.fromEntries(
        Object.entries(validation.errors).filter(([field]) => STEP_FIELDS[first].includes(field)),
      );
      return moveTo(first, errors);
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
        { ...meta, started: issueFormToken(deps.secret, deps.now()) },
        { errors: { consent: 'tryAgain' } },
        400,
      );
    if (honeypot || !formToken || formToken.ageMs < MIN_FILL_MS) return retry();
    let sent: SentState;
    try {
      const limited = await hitClient(deps, c, LIMITS.submit);
      if (!limited.allowed)
        return renderStep(c, 'consent', draft, meta, { errors: { consent: 'tooMany' } }, 429);
      // One form token admits one request: the same idempotency key (a double tap, a retry) passes again.
      if (!(await deps.tokens.use(formToken.id, formToken.expiresAt, idem))) return retry();
      const burst = (limited.count ?? 0) > BURST_AFTER;
      const result = await deps.requests.submit(validation.input, c.get('locale'), { burst });
      sent = {
        code: result.code,
        setupToken: idem,
        urgent: validation.input.dangerNow,
        ...(validation.input.country ? { country: validation.input.country } : {}),
        duplicate: result.kind === 'duplicate',
        pinSet: result.pinSet,
      };
    } catch (error) {
      // The table is not reachable: say so, keep every answer on the page, show urgent numbers.
      deps.log?.('request.store_failed', { error: (error as Error).name });
      return renderStep(c, 'consent', draft, meta, { unavailable: true }, 503);
    }
    // The answers are dropped from the draft: from now on it only leads to the reference code.
    try {
      await deps.drafts.save(token, { sent });
      return c.redirect(stepPath(c, token, 'done'), 303);
    } catch (error) {
      deps.log?.('request.draft_unavailable', { error: (error as Error).name });
      return renderDone(c, token, sent, sent.duplicate ? 200 : 201);
    }
  }

  async function renderDone(c: Context<Env>, token: string, sent: SentState, status: 200 | 201 = 200) {
    const ctx = await deps.pageContext(c.get('locale'), `/help/request/${token}/done`);
    return c.html(
      renderDocument(
        <RequestDonePage
          ctx={ctx}
          code={sent.code}
          duplicate={sent.duplicate}
          pinSet={sent.pinSet}
          setupToken={sent.setupToken}
          draftToken={token}
          urgent={sent.urgent}
          country={sent.country}
          pinError={sent.pinError}
        />,
      ),
      status,
    );
  }

  /**
   * The PIN for a new code. From the form's own confirmation (with its draft token), every answer
   * is a redirect: an error goes back to the code page with its message, success to "PIN saved", so
   * Back never resends. Without a draft token (a follow-up's confirmation), errors are the answer.
   */
  app.post('/help/pin', async (c) => {
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const code = str('code').slice(0, 20);
    const token = str('token').slice(0, 80);
    const urgent = str('urgent') === 'yes';
    const draftToken = isDraftToken(str('draft')) ? str('draft') : undefined;
    const locale = c.get('locale');
    const limited = await hitClient(deps, c, LIMITS.pin);
    const ctx = await deps.pageContext(locale, '/help/request');
    let sent: SentState | undefined;
    if (draftToken) {
      try {
        sent = (await loadState(draftToken))?.sent;
      } catch (error) {
        deps.log?.('request.draft_unavailable', { error: (error as Error).name });
      }
      if (sent?.code !== code) sent = undefined;
    }
    /** Remembers the outcome in the draft and redirects; false when it cannot be kept. */
    const remember = async (change: Partial<SentState>, to: string) => {
      if (!draftToken || !sent) return undefined;
      const { pinError: _old, ...rest } = sent;
      try {
        await deps.drafts.save(draftToken, { sent: { ...rest, ...change } });
        return c.redirect(to, 303);
      } catch (error) {
        deps.log?.('request.draft_unavailable', { error: (error as Error).name });
        return undefined;
      }
    };
    const again = async (pinError: string, status: 400 | 429) =>
      (await remember({ pinError }, `${stepPath(c, draftToken ?? '', 'done')}#pin`)) ??
      c.html(
        renderDocument(
          <RequestDonePage
            ctx={ctx}
            code={code}
            duplicate={false}
            pinSet={false}
            setupToken={token}
            draftToken={draftToken}
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
    const saved = `/${locale}/help/pin/saved`;
    return (await remember({ pinSet: true }, saved)) ?? c.redirect(saved, 303);
  });

  app.get('/help/pin/saved', async (c) => {
    const ctx = await deps.pageContext(c.get('locale'), '/help/pin/saved');
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

  /** "Cancel my request" and "Delete my data" first ask, saying exactly what will go. */
  async function confirmPage(c: Context<Env>, opened: OpenedRequest, kind: 'cancel' | 'delete') {
    const ctx = await deps.pageContext(c.get('locale'), '/help/status');
    const t = ctx.t;
    const base = `/${ctx.locale}/help/status`;
    const k = kind === 'cancel' ? 'Cancel' : 'Delete';
    return c.html(
      renderDocument(
        <ConfirmActionPage
          ctx={ctx}
          title={t(`request:status.confirm${k}Title`)}
          lead={t('request:status.confirmLead')}
          consequences={[1, 2, 3, 4].map((i) => t(`request:status.confirm${k}${i}`))}
          action={`${base}/${kind === 'cancel' ? 'withdraw' : 'delete'}`}
          backAction={`${base}/view`}
          token={issueActionToken(deps.secret, opened.code, deps.now())}
          confirmLabel={t(`request:status.confirm${k}`)}
          backLabel={t('request:status.keep')}
        />,
      ),
    );
  }

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
      case 'view':
        return showStatus(c, access);
      case 'withdraw':
        // Irreversible: first a page that says exactly what happens, with a fresh token.
        if (body.confirmed !== 'yes') return confirmPage(c, access, 'cancel');
        await deps.requests.withdraw(access.request, code);
        return showStatus(c, (await deps.requests.reload(code)) ?? access, t('request:status.cancelled'));
      case 'delete':
        if (body.confirmed !== 'yes') return confirmPage(c, access, 'delete');
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
