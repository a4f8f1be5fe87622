import type { ComponentChildren } from 'preact';
import type { AuditEvent } from '../../functions/domain/audit.js';
import type { Service } from '../../functions/domain/directory/model.js';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { LOCALE_INFO, type Locale } from '../../functions/domain/locales.js';
import type { DisplayCount } from '../../functions/domain/requests/aggregates.js';
import { OUTCOME_ANSWERS, REINTEGRATION_OUTCOMES } from '../../functions/domain/followups/schedule.js';
import {
  ATTEMPT_OUTCOMES,
  CLOSE_REASONS,
  type ContactTiming,
} from '../../functions/domain/requests/attempts.js';
import {
  PRIORITY_DETAILS_MAX,
  PRIORITY_REASONS,
  type PriorityOverride,
  shownPriorityReason,
} from '../../functions/domain/requests/priority-change.js';
import { CONTACT_CHANNELS, REQUEST_LANGUAGES } from '../../functions/domain/requests/vocabulary.js';
import {
  CLOSE_SUMMARY_MAX,
  SUPERVISOR_DECISIONS,
  type WaitingClock,
} from '../../functions/domain/requests/shift.js';
import type {
  OpenCase,
  QueueEntry,
  QueueFilters,
  QueuePaging,
  UrgentWaiting,
} from '../../functions/domain/console/case-views.js';
import { Field } from '../components/form-field.js';
import { placeName } from '../components/format.js';
import { type ReferralSearch, ReferralPicker } from './referral-picker.js';
import { SafeguardingSection } from './safeguarding.js';
import { type ConsoleContext, ConsoleLayout, documentTitle } from './layout.js';
import { FormAlert } from '../components/form-errors.js';

/** A time in the helpline's zone (the operator's), with the zone named ("Tue 14:30 GMT+7"). */
export function formatTime(ms: number, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(LOCALE_INFO[locale].intlTag, {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(ms));
}

/** The operator's zone: the helpline's, or the person's when none is configured. */
export function zoneOf(ctx: ConsoleContext, fallback = 'UTC'): string {
  return ctx.timeZone ?? fallback;
}

/** Language codes of a request by name, in the operator's language. */
export function languageNames(ctx: ConsoleContext, codes: readonly string[]): string {
  return codes
    .map((l) =>
      (REQUEST_LANGUAGES as readonly string[]).includes(l) ? ctx.t(`request:about.languages.${l}`) : l,
    )
    .join(', ');
}

/** A request's place (province, else country) by name in the operator's language. */
export function placeLabel(
  ctx: ConsoleContext,
  r: { province?: string | undefined; country?: string | undefined },
): string {
  const id = r.province ?? r.country;
  if (!id) return '';
  return (ctx.places && placeName(ctx.places, id, ctx.locale, 2)) || id;
}

/** A contact channel by name. */
export function channelName(ctx: ConsoleContext, channel: string): string {
  return (CONTACT_CHANNELS as readonly string[]).includes(channel)
    ? ctx.t(`request:contact.channels.${channel}`)
    : channel;
}

/**
 * When to contact, for the queue and the safe-contact card: open now and until when, or why not
 * now and when the next try is planned (functions/domain/requests/attempts.ts, contactTiming).
 */
function timingText(
  ctx: ConsoleContext,
  timing: ContactTiming,
  timeZone: string,
  now: number,
  where: 'queue' | 'card',
): string {
  const { t, locale } = ctx;
  timeZone = zoneOf(ctx, timeZone);
  if (timing.kind === 'now') {
    if (timing.closesAt === undefined)
      return where === 'queue' ? t('console:queue.noWindow') : t('console:request.noWindows');
    const values = {
      time: formatTime(timing.closesAt, timeZone, locale),
      minutes: Math.max(0, Math.round((timing.closesAt - now) / 60_000)),
    };
    return where === 'queue'
      ? t('console:queue.safeUntil', values)
      : t('console:request.windowCloses', values);
  }
  const time = formatTime(timing.nextTryAt, timeZone, locale);
  if (timing.kind === 'not-safe-now') return t('console:timing.notSafeNow', { time });
  if (timing.kind === 'retry-later') return t('console:timing.retryLater', { time });
  return where === 'queue'
    ? t('console:queue.nextWindow', { time })
    : t('console:request.windowClosed', { time });
}

function waiting(ctx: ConsoleContext, minutes: number): string {
  if (minutes < 120) return ctx.t('console:queue.minutes', { count: minutes });
  if (minutes < 48 * 60) return ctx.t('console:queue.hours', { count: Math.floor(minutes / 60) });
  return ctx.t('console:queue.days', { count: Math.floor(minutes / 1440) });
}

/** "12 min to first try" or "3 h since last update" (domain/requests/shift.ts, waitingClock). */
export function waitingText(ctx: ConsoleContext, clock: WaitingClock): string {
  return ctx.t(clock.kind === 'first-attempt' ? 'console:queue.toFirstTry' : 'console:queue.sinceUpdate', {
    time: waiting(ctx, clock.minutes),
  });
}

/**
 * "Priority changed: <reason>", the reason a word from the list; free text written before the list
 * existed is never shown here (a neutral label instead: it is in the history until moved to a note).
 */
export function overrideText(ctx: ConsoleContext, override: Pick<PriorityOverride, 'reason'>): string {
  return ctx.t('console:queue.override', {
    reason: ctx.t(`console:queue.priorityReasons.${shownPriorityReason(override)}`),
  });
}

/** The marks on a queue row and a request page: child, overdue, supervisor, updated, override … */
export function QueueMarks({ ctx, e }: { ctx: ConsoleContext; e: QueueEntry }) {
  const { t } = ctx;
  const r = e.request;
  return (
    <>
      <span class={`prio prio-${e.priority}`}>{t(`console:queue.priorities.${e.priority}`)}</span>
      {e.child ? <span class="tag child">{t('console:queue.childMark')}</span> : null}
      {e.overdue ? <span class="tag overdue-tag">{t('console:queue.overdue')}</span> : null}
      {r.needsSupervisor ? <span class="tag">{t('console:queue.needsSupervisor')}</span> : null}
      {r.safeguarding?.state === 'pending' ? (
        <span class="tag child" data-safeguarding-pending="1">
          {t('console:queue.safeguardingPending')}
        </span>
      ) : null}
      {r.personUpdate ? (
        <span class="tag updated-tag" data-updated="1">
          {t('console:queue.updated')}
        </span>
      ) : null}
      {r.kind === 'check-in' ? <span class="tag">{t('console:checkin.tag')}</span> : null}
      {r.burst ? (
        <span class="tag burst-tag" title={t('console:queue.burstHint')}>
          {t('console:queue.burst')}
        </span>
      ) : null}
      {r.priorityOverride ? (
        <div class="hint" data-override={shownPriorityReason(r.priorityOverride)}>
          {overrideText(ctx, r.priorityOverride)}
        </div>
      ) : null}
    </>
  );
}

export function QueueTable({
  ctx,
  entries,
  now,
  due,
}: {
  ctx: ConsoleContext;
  entries: QueueEntry[];
  now: number;
  due: boolean;
}) {
  const { t } = ctx;
  if (entries.length === 0) return <p>{t('console:queue.none')}</p>;
  return (
    <table class="queue">
      <thead>
        <tr>
          <th scope="col">{t('console:queue.priority')}</th>
          <th scope="col">{t('console:queue.waiting')}</th>
          <th scope="col">{due ? t('console:queue.dueTitle') : t('console:queue.laterTitle')}</th>
          <th scope="col">{t('console:queue.language')}</th>
          <th scope="col">{t('console:queue.region')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('console:queue.open')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const r = e.request;
          return (
            <tr key={r.id} class={e.overdue ? 'overdue' : undefined} data-request={r.id}>
              <td>
                <QueueMarks ctx={ctx} e={e} />
              </td>
              <td>{waitingText(ctx, e.waiting)}</td>
              <td class={e.timing.kind === 'not-safe-now' ? 'window-cell not-safe' : 'window-cell'}>
                {timingText(ctx, e.timing, r.timeZone, now, 'queue')}
                {e.heldBy ? <div class="hint">{t('console:queue.heldBy', { name: e.heldBy })}</div> : null}
              </td>
              <td>{languageNames(ctx, r.languages ?? [])}</td>
              <td>{placeLabel(ctx, r)}</td>
              <td>
                <a href={`/console/requests/${r.id}`}>{t('console:queue.open')}</a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Links to the other pages of one list; the filters and the other list's page stay as they are. */
function Pager({
  ctx,
  paging,
  param,
  filters,
  other,
}: {
  ctx: ConsoleContext;
  paging: QueuePaging;
  param: 'page' | 'laterPage';
  filters: QueueFilters;
  other: { param: 'page' | 'laterPage'; page: number };
}) {
  const { t } = ctx;
  const href = (page: number) => {
    const q = new URLSearchParams();
    if (filters.mine) q.set('language', 'mine');
    else if (filters.language) q.set('language', filters.language);
    if (filters.region) q.set('region', filters.region);
    if (filters.operatorGender) q.set('gender', filters.operatorGender);
    if (filters.child) q.set('child', '1');
    if (other.page > 1) q.set(other.param, String(other.page));
    if (page > 1) q.set(param, String(page));
    const query = q.toString();
    return `/console${query ? `?${query}` : ''}`;
  };
  return (
    <nav class="pager" aria-label={t('console:queue.pages')}>
      <p class="hint">
        {t('console:queue.pageOf', { page: paging.page, pages: paging.pages, total: paging.total })}
      </p>
      {paging.page > 1 ? <a href={href(paging.page - 1)}>{t('console:queue.previous')}</a> : null}{' '}
      {paging.page < paging.pages ? <a href={href(paging.page + 1)}>{t('console:queue.next')}</a> : null}
    </nav>
  );
}

export function QueueView({
  ctx,
  due,
  later,
  paging,
  filters,
  myLanguages = [],
  now,
  urgent = { count: 0, ids: [] },
  alerts,
}: {
  ctx: ConsoleContext;
  due: QueueEntry[];
  later: QueueEntry[];
  paging: { due: QueuePaging; later: QueuePaging };
  filters: QueueFilters;
  /** The languages on the signed-in person's staff record. */
  myLanguages?: string[];
  now: number;
  /** Urgent requests this person could take now (the tab title's count, the alert's start). */
  urgent?: UrgentWaiting;
  /** Where the console-refresh island polls, how often; the refresh without JavaScript. */
  alerts?: { url: string; pollSeconds: number; refreshSeconds: number; refreshUrl: string };
}) {
  const { t } = ctx;
  const title = t('console:queue.title');
  return (
    <ConsoleLayout
      ctx={ctx}
      title={title}
      titleCount={urgent.count}
      head={
        alerts ? (
          // Only without JavaScript (the island polls instead): the same address, filters kept,
          // marked as an automatic reload.
          <noscript>
            <meta http-equiv="refresh" content={`${alerts.refreshSeconds};url=${alerts.refreshUrl}`} />
          </noscript>
        ) : null
      }
    >
      <h1>{title}</h1>
      {alerts ? (
        <div
          id="urgent-alerts"
          class="urgent-alerts"
          data-url={alerts.url}
          data-poll={String(alerts.pollSeconds)}
          data-known={urgent.ids.join(' ')}
          data-title={documentTitle(ctx, title)}
          data-text={t('console:queue.alerts.banner', { n: '{n}' })}
          data-show={t('console:queue.alerts.show')}
        >
          <div class="alert-region" role="status" aria-live="polite" aria-atomic="true" />
          <p class="check-inline alert-sound" hidden>
            <input id="alert-sound" type="checkbox" />
            <label for="alert-sound">{t('console:queue.alerts.sound')}</label>
          </p>
          <p class="hint">
            {t('console:queue.alerts.hint')}
            <noscript> {t('console:queue.alerts.noScript', { seconds: alerts.refreshSeconds })}</noscript>
          </p>
        </div>
      ) : null}
      <p class="quick-filter">
        {filters.mine ? (
          <a href="/console">{t('console:queue.allLanguages')}</a>
        ) : (
          <a href="/console?language=mine">{t('console:queue.myLanguages')}</a>
        )}{' '}
        <span class="hint">
          {myLanguages.length
            ? t('console:queue.myLanguagesAre', { languages: myLanguages.join(', ') })
            : t('console:queue.noLanguages')}
        </span>
      </p>
      <form method="get" action="/console" class="filters">
        <label for="f-language">{t('console:queue.language')}</label>
        <select id="f-language" name="language">
          <option value="">{t('console:queue.any')}</option>
          <option value="mine" selected={filters.mine === true}>
            {t('console:queue.myLanguages')}
          </option>
          {REQUEST_LANGUAGES.map((l) => (
            <option key={l} value={l} selected={filters.language === l}>
              {t(`request:about.languages.${l}`)}
            </option>
          ))}
        </select>
        <label for="f-region">{t('console:queue.region')}</label>
        <input id="f-region" name="region" type="text" value={filters.region ?? ''} maxLength={12} />
        <label for="f-gender">{t('console:queue.gender')}</label>
        <select id="f-gender" name="gender">
          <option value="">{t('console:queue.any')}</option>
          {['any', 'woman', 'man'].map((g) => (
            <option key={g} value={g} selected={filters.operatorGender === g}>
              {t(`request:about.genders.${g}`)}
            </option>
          ))}
        </select>
        <span class="check-inline">
          <input id="f-child" type="checkbox" name="child" value="1" checked={filters.child === true} />
          <label for="f-child">{t('console:queue.child')}</label>
        </span>
        <button type="submit" class="button secondary small">
          {t('console:queue.apply')}
        </button>
      </form>
      <h2>{t('console:queue.dueTitle')}</h2>
      <QueueTable ctx={ctx} entries={due} now={now} due />
      <Pager
        ctx={ctx}
        paging={paging.due}
        param="page"
        filters={filters}
        other={{ param: 'laterPage', page: paging.later.page }}
      />
      <h2>{t('console:queue.laterTitle')}</h2>
      <QueueTable ctx={ctx} entries={later} now={now} due={false} />
      <Pager
        ctx={ctx}
        paging={paging.later}
        param="laterPage"
        filters={filters}
        other={{ param: 'page', page: paging.due.page }}
      />
    </ConsoleLayout>
  );
}

export function Post({
  ctx,
  action,
  children,
  submit,
  cls,
  id,
}: {
  ctx: ConsoleContext;
  action: string;
  children?: ComponentChildren;
  submit: string;
  cls?: string;
  id?: string;
}) {
  return (
    <form method="post" action={action} class={cls} id={id}>
      <input type="hidden" name="csrf" value={ctx.user?.csrf ?? ''} />
      {children}
      <button type="submit" class="button small">
        {submit}
      </button>
    </form>
  );
}

/** History entries that have a name of their own. */
const EVENT_NAMES = [
  'close',
  'reopen',
  'priority',
  'status',
  'needs',
  'decision',
  'person-update',
  'escalate',
  'safeguarding-decision',
];

/**
 * Outcome and wrap-up of a close (also of a check-in and a supervisor's "close"): no outcome is
 * chosen for the operator, and the summary must not identify the person.
 */
function CloseFields({
  ctx,
  idPrefix,
  reason,
  summary,
  required,
}: {
  ctx: ConsoleContext;
  idPrefix: string;
  reason?: string | undefined;
  summary?: string | undefined;
  required: boolean;
}) {
  const { t } = ctx;
  return (
    <>
      <label for={`${idPrefix}-reason`}>{t('console:request.outcomeLabel')}</label>
      <select id={`${idPrefix}-reason`} name="reason" required={required}>
        <option value="">{t('console:request.chooseOutcome')}</option>
        {CLOSE_REASONS.map((c2) => (
          <option key={c2} value={c2} selected={reason === c2}>
            {t(`console:request.closeReasons.${c2}`)}
          </option>
        ))}
      </select>
      <label for={`${idPrefix}-summary`}>{t('console:request.summaryLabel')}</label>
      <p class="hint" id={`${idPrefix}-summary-hint`}>
        {t('console:request.summaryHint')}
      </p>
      <textarea
        id={`${idPrefix}-summary`}
        name="summary"
        rows={2}
        maxLength={CLOSE_SUMMARY_MAX}
        aria-describedby={`${idPrefix}-summary-hint`}
        required={required}
        value={summary}
      />
    </>
  );
}

export interface RequestViewProps {
  ctx: ConsoleContext;
  view: OpenCase;
  now: number;
  services: Service[];
  referralSearch: ReferralSearch;
  /** Places offered in the referral search's place filter. */
  referralPlaces: string[];
  notice?: string | undefined;
  error?: string | undefined;
  /** The form that was refused (its action) and what was typed in it. */
  failed?: { action: string; values: Record<string, string> } | undefined;
  /** Close asked for: confirm with this outcome and wrap-up. */
  confirmClose?: { reason: string; summary: string } | undefined;
}

/** The error of a refused form, shown next to that form. */
export function FormError({
  failed,
  action,
  error,
}: {
  failed?: { action: string };
  action: string;
  error?: string;
}) {
  return failed?.action === action && error ? <FormAlert data-form-error={action}>{error}</FormAlert> : null;
}

export function RequestView({
  ctx,
  view,
  now,
  services,
  referralSearch,
  referralPlaces,
  notice,
  error,
  failed,
  confirmClose,
}: RequestViewProps) {
  const { t, locale } = ctx;
  const r = view.request;
  const base = `/console/requests/${r.id}`;
  const c = view.contact;
  const tz = r.timeZone ?? 'UTC';
  const zone = zoneOf(ctx, tz);
  const typed = (action: string, field: string) =>
    failed?.action === action ? (failed.values[field] ?? '') : undefined;
  const minutesLeft = view.claimUntil ? Math.max(0, Math.ceil((view.claimUntil - now) / 60_000)) : 0;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:request.title', { id: r.id.slice(-6) })}>
      <h1>{t('console:request.title', { id: r.id.slice(-6) })}</h1>
      {notice ? (
        <p class="note" role="status" data-done="1">
          {notice}
        </p>
      ) : null}
      {error && !failed ? <FormAlert>{error}</FormAlert> : null}
      {error && failed ? (
        <FormAlert>
          <a href={`#form-${failed.action}`}>{error}</a>
        </FormAlert>
      ) : null}
      <p>
        <span class={`prio prio-${r.priority}`}>{t(`console:queue.priorities.${r.priority}`)}</span>{' '}
        {view.child ? <span class="tag child">{t('console:queue.childMark')}</span> : null}{' '}
        {r.kind === 'check-in' ? <span class="tag">{t('console:checkin.tag')}</span> : null}{' '}
        {t('console:request.status', { status: t(`console:request.statuses.${r.status}`) })}
      </p>
      {r.priorityOverride ? (
        <p class="hint" data-override={shownPriorityReason(r.priorityOverride)}>
          {overrideText(ctx, r.priorityOverride)}
        </p>
      ) : null}
      {['new', 'claimed', 'in-progress', 'referred', 'waiting'].includes(r.status) ? (
        <p class="hint" data-waiting={view.waiting.kind}>
          {t('console:queue.waiting')}: {waitingText(ctx, view.waiting)}
        </p>
      ) : null}
      {view.personUpdate ? (
        <p class="note" data-person-update="1">
          {t('console:request.personUpdated', {
            time: formatTime(Date.parse(view.personUpdate.at), zone, locale),
            what: view.personUpdate.kinds.map((k) => t(`console:request.personUpdates.${k}`)).join(', '),
          })}
        </p>
      ) : null}
      {r.kind === 'check-in' && r.linkedRequestId && (view.mayWork || view.mayReadHistory) ? (
        <p>
          <a href={`/console/requests/${r.linkedRequestId}`} data-linked-request="1">
            {t('console:checkin.linkedRequest')}
          </a>
        </p>
      ) : null}

      {view.mayWork && view.heldByMe && view.claimActive && view.claimUntil ? (
        <section class="claim-panel" aria-labelledby="claim-title" data-claim-until={view.claimUntil}>
          <h2 id="claim-title" class="visually-hidden">
            {t('console:request.claimTitle')}
          </h2>
          <p class={minutesLeft <= 10 ? 'note warn' : 'hint'}>
            {t('console:request.claimUntil', {
              time: formatTime(view.claimUntil, zone, locale),
              minutes: minutesLeft,
            })}
          </p>
          <Post ctx={ctx} action={`${base}/extend`} submit={t('console:request.extend')} />
        </section>
      ) : null}

      {!view.mayWork ? (
        <>
          {view.childOnly ? (
            <p class="note" data-access="child-protection">
              {t('console:errors.childOnly')}
            </p>
          ) : view.myClaimEnded && view.claimUntil ? (
            <p class="note warn" data-claim-ended="1">
              {t('console:request.claimEnded', { time: formatTime(view.claimUntil, zone, locale) })}
            </p>
          ) : view.claimActive && r.claim ? (
            <p>{t('console:request.heldByOther', { name: r.claim.byName })}</p>
          ) : (
            <p>{t('console:request.claimFirst')}</p>
          )}
          {!view.claimActive && view.mayClaim ? (
            <Post
              ctx={ctx}
              action={`${base}/claim`}
              submit={view.myClaimEnded ? t('console:request.claimAgain') : t('console:request.claim')}
            />
          ) : null}
          {!view.childOnly ? (
            <p class={view.timing.kind === 'not-safe-now' ? 'window-note not-safe' : 'window-note'}>
              {timingText(ctx, view.timing, tz, now, 'card')}
            </p>
          ) : null}
        </>
      ) : null}

      {view.mayWork && c ? (
        <section class="card safe-card" aria-labelledby="card-title">
          <h2 id="card-title">{t('console:request.card')}</h2>
          <dl>
            <dt>{t('console:request.channel')}</dt>
            <dd>{channelName(ctx, c.channel)}</dd>
            <dt>{t('console:request.handle')}</dt>
            <dd class="handle">{c.handle}</dd>
          </dl>
          <p
            class={view.timing.kind === 'not-safe-now' ? 'window-note not-safe' : 'window-note'}
            data-timing={view.timing.kind}
          >
            {timingText(ctx, view.timing, tz, now, 'card')}
          </p>
          <ul class="rules">
            <li class={r.mayLeaveMessage ? '' : 'no'}>
              {r.mayLeaveMessage ? t('console:request.leaveMessageYes') : t('console:request.leaveMessageNo')}
            </li>
            <li class={r.mayNameOrganisation ? '' : 'no'}>
              {r.mayNameOrganisation ? t('console:request.nameOrgYes') : t('console:request.nameOrgNo')}
            </li>
            <li>
              {c.ifSomeoneElseAnswers
                ? `${t('console:request.ifSomeoneElse')}: “${c.ifSomeoneElseAnswers}”`
                : t('console:request.ifSomeoneElseNone')}
            </li>
            <li>
              {c.codeWord
                ? `${t('console:request.codeWord')}: “${c.codeWord}”`
                : t('console:request.noCodeWord')}
            </li>
          </ul>
        </section>
      ) : null}

      {view.mayWork ? (
        <>
          <section class="guide" aria-labelledby="guide-title">
            {view.child ? (
              <>
                <h2 id="guide-title">{t('console:request.childGuideTitle')}</h2>
                <ol>
                  <li>{t('console:request.guide.safety')}</li>
                  <li>{t('console:request.childGuide.direct')}</li>
                  <li>{t('console:request.childGuide.noParent')}</li>
                  <li>{t('console:request.childGuide.protection')}</li>
                  <li>{t('console:request.guide.health')}</li>
                  <li>{t('console:request.guide.stop')}</li>
                  <li>{t('console:request.guide.noBlame')}</li>
                </ol>
              </>
            ) : (
              <>
                <h2 id="guide-title">{t('console:request.guideTitle')}</h2>
                <ol>
                  <li>{t('console:request.guide.safety')}</li>
                  <li>{t('console:request.guide.health')}</li>
                  <li>{t('console:request.guide.stop')}</li>
                  <li>{t('console:request.guide.next')}</li>
                  <li>{t('console:request.guide.noBlame')}</li>
                </ol>
              </>
            )}
          </section>
          <dl class="facts-list">
            <dt>{t('console:request.languages')}</dt>
            <dd>
              {languageNames(ctx, r.languages ?? []) || '—'}
              {r.interpreter ? ` · ${t('console:request.interpreter')}` : ''}
            </dd>
            <dt>{t('console:request.operatorGender')}</dt>
            <dd>{t(`request:about.genders.${r.operatorGender ?? 'any'}`)}</dd>
            <dt>{t('console:request.helpKinds')}</dt>
            <dd>
              {(r.helpKinds ?? [])
                .map((k) => ((AREAS as readonly string[]).includes(k) ? t(`directory:areas.${k}`) : k))
                .join(', ') || '—'}
            </dd>
            <dt>{t('console:request.flags')}</dt>
            <dd>
              {(['dangerNow', 'hurtOrSick', 'threats', 'shelterTonight'] as const)
                .filter((f) => r.facts[f])
                .map((f) => t(`console:request.flagsList.${f}`))
                .join(', ') || '—'}
            </dd>
            <dt>{t('console:request.place')}</dt>
            <dd>{placeLabel(ctx, r) || '—'}</dd>
          </dl>
          {c?.message || view.messages.length ? (
            <section>
              <h2>{t('console:request.messages')}</h2>
              <ul>
                {c?.message ? <li>{c.message}</li> : null}
                {view.messages.map((m) => (
                  <li key={m.at}>{m.text}</li>
                ))}
              </ul>
            </section>
          ) : null}

          {r.kind === 'check-in' ? (
            <section class="card" aria-labelledby="checkin-title">
              <h2 id="checkin-title">{t('console:checkin.title')}</h2>
              {view.checkInHistory?.length ? (
                <ul class="activity">
                  {view.checkInHistory.map((h) => (
                    <li key={h.at}>
                      {h.at.slice(0, 10)} · {t(`console:checkin.continue.${h.continued}`)}
                    </li>
                  ))}
                </ul>
              ) : null}
              <FormError failed={failed} action="checkin" error={error} />
              <Post ctx={ctx} action={`${base}/checkin`} submit={t('console:checkin.save')} id="form-checkin">
                <fieldset>
                  <legend class="label">{t('console:checkin.continueLabel')}</legend>
                  <ul class="checks">
                    {(['yes', 'pause', 'stop'] as const).map((v) => (
                      <li key={v}>
                        <input type="radio" id={`continue-${v}`} name="continue" value={v} required />
                        <label for={`continue-${v}`}>{t(`console:checkin.continue.${v}`)}</label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <details>
                  <summary>{t('console:checkin.assessmentTitle')}</summary>
                  <ul class="checks">
                    <li>
                      <input type="checkbox" id="sa-consent" name="saConsent" value="yes" />
                      <label for="sa-consent">{t('console:checkin.assessmentConsent')}</label>
                    </li>
                  </ul>
                  {REINTEGRATION_OUTCOMES.map((o) => (
                    <p key={o}>
                      <label for={`sa-${o}`}>{t(`console:checkin.outcomes.${o}`)}</label>
                      <select id={`sa-${o}`} name={`sa-${o}`}>
                        <option value="">—</option>
                        {OUTCOME_ANSWERS.map((a) => (
                          <option key={a} value={a}>
                            {t(`console:checkin.answers.${a}`)}
                          </option>
                        ))}
                      </select>
                    </p>
                  ))}
                </details>
                <CloseFields
                  ctx={ctx}
                  idPrefix="checkin"
                  reason={typed('checkin', 'reason')}
                  summary={typed('checkin', 'summary')}
                  required={false}
                />
              </Post>
            </section>
          ) : null}

          <h2>{t('console:request.attemptTitle')}</h2>
          <FormError failed={failed} action="attempts" error={error} />
          <Post
            ctx={ctx}
            action={`${base}/attempts`}
            submit={t('console:request.logAttempt')}
            id="form-attempts"
          >
            <fieldset>
              <legend class="visually-hidden">{t('console:request.attemptTitle')}</legend>
              <ul class="checks">
                {ATTEMPT_OUTCOMES.filter((o) => o !== 'message-left' || r.mayLeaveMessage).map((o) => (
                  <li key={o}>
                    <input type="radio" id={`outcome-${o}`} name="outcome" value={o} required />
                    <label for={`outcome-${o}`}>{t(`console:request.outcomes.${o}`)}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </Post>

          <h2>{t('console:request.needsTitle')}</h2>
          <Post ctx={ctx} action={`${base}/needs`} submit={t('console:request.saveNeeds')}>
            <ul class="checks columns">
              {AREAS.map((a) => (
                <li key={a}>
                  <input
                    type="checkbox"
                    id={`need-${a}`}
                    name="needs"
                    value={a}
                    checked={(r.statedNeeds ?? []).includes(a)}
                  />
                  <label for={`need-${a}`}>{t(`directory:areas.${a}`)}</label>
                </li>
              ))}
            </ul>
          </Post>

          <h2>{t('console:request.notesTitle')}</h2>
          <FormError failed={failed} action="notes" error={error} />
          <Post ctx={ctx} action={`${base}/notes`} submit={t('console:request.addNote')} id="form-notes">
            <label for="note" class="visually-hidden">
              {t('console:request.notesTitle')}
            </label>
            <p class="hint" id="note-hint">
              {t('console:request.noteHint')}
            </p>
            <textarea
              id="note"
              name="text"
              rows={3}
              maxLength={1000}
              aria-describedby="note-hint"
              required
              value={typed('notes', 'text')}
            />
          </Post>

          <h2 id="refer-title">{t('console:request.referTitle')}</h2>
          <FormError failed={failed} action="referrals" error={error} />
          <ReferralPicker
            ctx={ctx}
            base={base}
            search={referralSearch}
            services={services}
            places={referralPlaces}
            now={new Date(now)}
          />

          <h2>{t('console:request.priorityTitle')}</h2>
          <FormError failed={failed} action="priority" error={error} />
          <Post
            ctx={ctx}
            action={`${base}/priority`}
            submit={t('console:request.savePriority')}
            id="form-priority"
          >
            <label for="priority">{t('console:queue.priority')}</label>
            <select id="priority" name="priority">
              {[1, 2, 3].map((p) => (
                <option key={p} value={p} selected={r.priority === p}>
                  {t(`console:queue.priorities.${p}`)}
                </option>
              ))}
            </select>
            <Field ctx={ctx} id="priority-reason" label={t('console:request.priorityReason')}>
              {(control) => (
                <select {...control} name="reason" required>
                  <option value="">{t('console:request.priorityReasonChoose')}</option>
                  {PRIORITY_REASONS.map((w) => (
                    <option key={w} value={w} selected={typed('priority', 'reason') === w}>
                      {t(`console:queue.priorityReasons.${w}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              ctx={ctx}
              id="priority-details"
              label={t('console:request.priorityDetails')}
              hint={t('console:request.priorityDetailsHint')}
            >
              {(control) => (
                <textarea
                  {...control}
                  name="details"
                  rows={2}
                  maxLength={PRIORITY_DETAILS_MAX}
                  value={typed('priority', 'details')}
                />
              )}
            </Field>
          </Post>

          <h2>{t('console:request.statusTitle')}</h2>
          <div class="actions">
            <Post ctx={ctx} action={`${base}/status`} submit={t('console:request.setInProgress')}>
              <input type="hidden" name="to" value="in-progress" />
            </Post>
            <Post ctx={ctx} action={`${base}/status`} submit={t('console:request.setWaiting')}>
              <input type="hidden" name="to" value="waiting" />
            </Post>
          </div>
          <h2>{t('console:request.releaseTitle')}</h2>
          <FormError failed={failed} action="release" error={error} />
          <Post ctx={ctx} action={`${base}/release`} submit={t('console:request.release')} id="form-release">
            <label for="handover">{t('console:request.handoverLabel')}</label>
            <p class="hint" id="handover-hint">
              {t('console:request.noteHint')}
            </p>
            <textarea
              id="handover"
              name="handover"
              rows={2}
              maxLength={1000}
              aria-describedby="handover-hint"
              value={typed('release', 'handover')}
            />
          </Post>

          <h2 id="close-title">{t('console:request.closeTitle')}</h2>
          {confirmClose ? (
            <section class="card confirm" aria-labelledby="confirm-title" data-confirm-close="1">
              <h3 id="confirm-title">{t('console:request.confirmCloseTitle')}</h3>
              <p>
                {t('console:request.confirmClose', {
                  outcome: t(`console:request.closeReasons.${confirmClose.reason}`),
                })}
              </p>
              <p class="hint">“{confirmClose.summary}”</p>
              <div class="actions">
                <Post ctx={ctx} action={`${base}/close`} submit={t('console:request.confirmCloseYes')}>
                  <input type="hidden" name="reason" value={confirmClose.reason} />
                  <input type="hidden" name="summary" value={confirmClose.summary} />
                  <input type="hidden" name="confirm" value="yes" />
                </Post>
                <a class="button secondary small" href={base}>
                  {t('console:request.confirmCloseNo')}
                </a>
              </div>
            </section>
          ) : (
            <>
              <FormError failed={failed} action="close" error={error} />
              <Post ctx={ctx} action={`${base}/close`} submit={t('console:request.close')} id="form-close">
                <CloseFields
                  ctx={ctx}
                  idPrefix="close"
                  reason={typed('close', 'reason')}
                  summary={typed('close', 'summary')}
                  required
                />
              </Post>
            </>
          )}
        </>
      ) : null}

      <SafeguardingSection ctx={ctx} view={view} base={base} error={error} failed={failed} />

      {view.mayDecide ? (
        <section class="card" aria-labelledby="decision-title" data-decision="1">
          <h2 id="decision-title">{t('console:decision.title')}</h2>
          <p class="hint">{t('console:decision.hint')}</p>
          <FormError failed={failed} action="decision" error={error} />
          <Post ctx={ctx} action={`${base}/decision`} submit={t('console:decision.save')} id="form-decision">
            <fieldset>
              <legend class="label">{t('console:decision.choose')}</legend>
              <ul class="checks">
                {SUPERVISOR_DECISIONS.map((d) => (
                  <li key={d}>
                    <input
                      type="radio"
                      id={`decision-${d}`}
                      name="decision"
                      value={d}
                      required
                      checked={typed('decision', 'decision') === d}
                    />
                    <label for={`decision-${d}`}>{t(`console:decision.options.${d}`)}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <fieldset>
              <legend class="label">{t('console:decision.contactTitle')}</legend>
              <label for="decision-channel">{t('console:request.channel')}</label>
              <select id="decision-channel" name="channel">
                <option value="">—</option>
                {CONTACT_CHANNELS.map((ch) => (
                  <option key={ch} value={ch} selected={typed('decision', 'channel') === ch}>
                    {channelName(ctx, ch)}
                  </option>
                ))}
              </select>
              <label for="decision-handle">{t('console:request.handle')}</label>
              <input
                id="decision-handle"
                name="handle"
                type="text"
                maxLength={120}
                value={typed('decision', 'handle')}
              />
            </fieldset>
            <CloseFields
              ctx={ctx}
              idPrefix="decision"
              reason={typed('decision', 'reason')}
              summary={typed('decision', 'summary')}
              required={false}
            />
          </Post>
        </section>
      ) : null}

      {view.mayWork || view.mayReadHistory ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">{t('console:request.activity')}</h2>
          {view.activity.length === 0 ? <p>{t('console:request.noHistory')}</p> : null}
          <ul class="activity">
            {view.activity.map((a, i) => (
              <li key={i} data-kind={a.kind} data-handover={a.handover ? '1' : undefined}>
                <strong>
                  {a.handover
                    ? t('console:request.handover')
                    : a.event && EVENT_NAMES.includes(a.event)
                      ? t(`console:request.events.${a.event}`)
                      : t(`console:request.activityKinds.${a.kind}`)}
                </strong>{' '}
                · {formatTime(Date.parse(a.at), zone, locale)} ·{' '}
                {a.by === 'person' ? t('console:request.byPerson') : a.byName}
                {a.outcome ? ` · ${t(`console:request.outcomes.${a.outcome}`)}` : ''}
                {a.event === 'person-update' && a.reason
                  ? ` · ${t(`console:request.personUpdates.${a.reason}`)}`
                  : ''}
                {a.event === 'close' && a.reason ? ` · ${t(`console:request.closeReasons.${a.reason}`)}` : ''}
                {a.event === 'decision' && a.reason ? ` · ${t(`console:decision.options.${a.reason}`)}` : ''}
                {a.event === 'priority' && a.reason
                  ? ` · ${t(`console:queue.priorityReasons.${shownPriorityReason({ reason: a.reason })}`)}`
                  : ''}
                {a.event === 'escalate' && a.reason
                  ? ` · ${t(`console:safeguarding.reasons.${a.reason}`)}`
                  : ''}
                {a.event === 'safeguarding-decision' && a.reason
                  ? ` · ${t(`console:safeguarding.actions.${a.reason}`)}`
                  : ''}
                {a.serviceId ? ` · ${a.serviceId}` : ''}
                {a.text ? ` · ${a.text}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.mayReopen && ctx.user ? (
        <Post ctx={ctx} action={`${base}/reopen`} submit={t('console:request.reopen')} />
      ) : null}

      {ctx.user?.supervisor ? (
        <section>
          {view.reassignTargets ? (
            <>
              <h2>{t('console:request.reassignTitle')}</h2>
              {view.child ? <p class="hint">{t('console:request.reassignChildHint')}</p> : null}
              {view.reassignTargets.length ? (
                <Post ctx={ctx} action={`${base}/reassign`} submit={t('console:request.reassign')}>
                  <label for="to-sub">{t('console:request.reassignTo')}</label>
                  <select id="to-sub" name="sub" required>
                    {view.reassignTargets.map((m) => (
                      <option key={m.sub} value={m.sub} selected={r.claim?.by === m.sub}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </Post>
              ) : (
                <p>{t('console:request.reassignNone')}</p>
              )}
            </>
          ) : null}
          <p>
            <a href={`${base}/audit`}>{t('console:request.auditLink')}</a>
          </p>
        </section>
      ) : null}
    </ConsoleLayout>
  );
}

export function AuditView({ ctx, id, events }: { ctx: ConsoleContext; id: string; events: AuditEvent[] }) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:audit.title', { id: id.slice(-6) })}>
      <h1>{t('console:audit.title', { id: id.slice(-6) })}</h1>
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">{t('console:audit.when')}</th>
            <th scope="col">{t('console:audit.who')}</th>
            <th scope="col">{t('console:audit.what')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={i} data-action={e.action}>
              <td>{e.at.replace('T', ' ').slice(0, 19)}</td>
              <td>{e.actorName}</td>
              <td>
                {t(`console:audit.actions.${e.action}`)}
                {e.details
                  ? ` (${Object.entries(e.details)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(', ')})`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsoleLayout>
  );
}

export interface SupervisorViewProps {
  ctx: ConsoleContext;
  operators: { sub: string; name: string; held: number; expired: number }[];
  overdue: QueueEntry[];
  /** Open requests that came in a burst from one connection. */
  burst: number;
  aggregates: { week: string; dimension: string; value: string; count: DisplayCount }[];
  now: number;
}

export function SupervisorView({ ctx, operators, overdue, burst, aggregates, now }: SupervisorViewProps) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:supervisor.title')}>
      <h1>{t('console:supervisor.title')}</h1>
      <p class={burst > 0 ? 'note warn' : 'hint'} data-burst={burst}>
        {t('console:supervisor.burst', { count: burst })}
      </p>
      <h2>{t('console:supervisor.workload')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('console:supervisor.operator')}</th>
            <th scope="col">{t('console:supervisor.held')}</th>
            <th scope="col">{t('console:supervisor.expired')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => (
            <tr key={o.sub}>
              <td>{o.name}</td>
              <td>{o.held}</td>
              <td>{o.expired}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('console:supervisor.overdue')}</h2>
      <QueueTable ctx={ctx} entries={overdue} now={now} due />
      <h2>{t('console:supervisor.aggregates')}</h2>
      <table class="aggregates">
        <thead>
          <tr>
            <th scope="col">{t('console:supervisor.week')}</th>
            <th scope="col">{t('console:supervisor.dimension')}</th>
            <th scope="col">{t('console:supervisor.value')}</th>
            <th scope="col">{t('console:supervisor.count')}</th>
          </tr>
        </thead>
        <tbody>
          {aggregates.map((a) => (
            <tr key={`${a.week}${a.dimension}${a.value}`}>
              <td>{a.week}</td>
              <td>{t(`console:supervisor.dimensions.${a.dimension}`)}</td>
              <td>{a.value}</td>
              <td class="count">{String(a.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsoleLayout>
  );
}
