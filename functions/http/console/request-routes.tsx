import { type Context, Hono } from 'hono';
import { AuditView, RequestView } from '../../../web/console/pages.js';
import type { ReferralSearch } from '../../../web/console/referral-picker.js';
import { renderDocument } from '../../../web/render.js';
import type { DirectoryIndex } from '../../domain/directory/search.js';
import { isAreaId } from '../../domain/directory/taxonomy.js';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, type CloseReason } from '../../domain/requests/attempts.js';
import type { RequestStatus } from '../../domain/requests/lifecycle.js';
import { parsePriorityChange } from '../../domain/requests/priority-change.js';
import { ContactSchema } from '../../domain/requests/request.js';
import {
  SAFEGUARDING_ACTIONS,
  SAFEGUARDING_REASONS,
  type SafeguardingAction,
  type SafeguardingReason,
} from '../../domain/requests/safeguarding.js';
import {
  CLOSE_SUMMARY_MAX,
  type DoneCode,
  doneCode,
  SUPERVISOR_DECISIONS,
  type SupervisorDecision,
} from '../../domain/requests/shift.js';
import { referenceData } from '../../reference/index.js';
import type { Casework } from '../../services/casework.js';
import type { FollowUps } from '../../services/followups.js';
import {
  BadInputError,
  type ConsoleEnv,
  closeReason,
  errorAnswer,
  type FormBody,
  formBody,
  one,
  type PageContext,
} from './context.js';

/**
 * One request's page under /console/requests/{id}, its audit trail, and every change made from it
 * (claim, attempts, notes, referrals, close, safeguarding, a supervisor's decision...). The console
 * app has checked the session and the CSRF token before any of these run.
 */
export interface RequestRoutesDeps {
  casework: Casework;
  followUps: FollowUps;
  directory: { get(): Promise<DirectoryIndex> };
  now: () => Date;
  context: PageContext;
}

export function createRequestRoutes(deps: RequestRoutesDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  // --- one request ---------------------------------------------------------------------------
  async function showRequest(
    c: Context<ConsoleEnv>,
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
    const ctx = await deps.context(c);
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
      run: (c: Context<ConsoleEnv>, id: string, form: FormBody) => Promise<void>,
    ) =>
    async (c: Context<ConsoleEnv>) => {
      const id = c.req.param('id') as string;
      const form = await formBody(c);
      try {
        await run(c, id, form);
      } catch (error) {
        return refused(c, id, action, form, error as Error);
      }
      return c.redirect(`/console/requests/${encodeURIComponent(id)}?done=${done}`, 303);
    };

  /** A refused change: the request again, the error next to its form, what was typed kept. */
  async function refused(c: Context<ConsoleEnv>, id: string, action: string, form: FormBody, error: Error) {
    const ctx = await deps.context(c);
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
      // The reason is a word from a list; what the operator adds goes into an encrypted note.
      const parsed = parsePriorityChange({
        priority: one(form.priority),
        reason: one(form.reason),
        details: one(form.details),
      });
      if (!parsed.ok) throw new BadInputError(parsed.field === 'priority' ? '' : `priority-${parsed.field}`);
      const { priority, reason, details } = parsed.change;
      await deps.casework.overridePriority(c.get('identity'), id, priority, reason, details);
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
    const form = await formBody(c);
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

  app.get('/requests/:id/audit', async (c) => {
    const id = c.req.param('id');
    const events = await deps.casework.trail(c.get('identity'), id);
    const ctx = await deps.context(c);
    return c.html(renderDocument(<AuditView ctx={ctx} id={id} events={events} />));
  });

  return app;
}

/**
 * The referral search on a request's page (GET parameters, so it works without JavaScript): words,
 * an area, a place (by default the person's province, else their country) and "speaks the person's
 * language". Unknown values are ignored rather than refused: it is only a search.
 */
function referralSearchOf(
  c: Context<ConsoleEnv>,
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
