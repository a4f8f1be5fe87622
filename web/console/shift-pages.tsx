import { CLOSE_REASONS } from '../../functions/domain/requests/attempts.js';
import {
  CLOSED_PERIODS,
  type ClosedEntry,
  type ClosedFilters,
} from '../../functions/domain/requests/shift.js';
import type { QueueEntry } from '../../functions/domain/console/case-views.js';
import { formatTime, languageNames, Post, placeLabel, QueueMarks, waitingText, zoneOf } from './pages.js';
import { type ConsoleContext, ConsoleLayout } from './layout.js';
import { FormAlert } from '../components/form-errors.js';

/** The requests I hold: when each claim ends, or that it ended and may be taken again. */
export function MineView({ ctx, entries, now }: { ctx: ConsoleContext; entries: QueueEntry[]; now: number }) {
  const { t, locale } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:mine.title')}>
      <h1>{t('console:mine.title')}</h1>
      {entries.length === 0 ? (
        <p>{t('console:mine.none')}</p>
      ) : (
        <table class="queue mine">
          <thead>
            <tr>
              <th scope="col">{t('console:queue.priority')}</th>
              <th scope="col">{t('console:mine.claim')}</th>
              <th scope="col">{t('console:queue.waiting')}</th>
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
              const until = r.claim?.until ?? 0;
              const ended = until <= now;
              return (
                <tr key={r.id} data-request={r.id} data-claim-ended={ended ? '1' : undefined}>
                  <td>
                    <QueueMarks ctx={ctx} e={e} />
                  </td>
                  <td>
                    {ended
                      ? t('console:mine.ended', { time: formatTime(until, zoneOf(ctx, r.timeZone), locale) })
                      : t('console:request.claimUntil', {
                          time: formatTime(until, zoneOf(ctx, r.timeZone), locale),
                          minutes: Math.ceil((until - now) / 60_000),
                        })}
                  </td>
                  <td>{waitingText(ctx, e.waiting)}</td>
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
      )}
    </ConsoleLayout>
  );
}

/** Find a request by the reference code the person gives (a post: the code stays out of addresses). */
export function FindView({ ctx, code, error }: { ctx: ConsoleContext; code: string; error?: string }) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:find.title')}>
      <h1>{t('console:find.title')}</h1>
      <p class="hint">{t('console:find.hint')}</p>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <Post ctx={ctx} action="/console/find" submit={t('console:find.submit')}>
        <label for="find-code">{t('console:find.label')}</label>
        <input
          id="find-code"
          name="code"
          type="text"
          autoComplete="off"
          spellcheck={false}
          maxLength={40}
          required
          value={code}
          aria-invalid={error ? 'true' : undefined}
        />
      </Post>
    </ConsoleLayout>
  );
}

/** Closed and withdrawn requests, newest first, with filters (a GET form: no personal data in it). */
export function ClosedView({
  ctx,
  entries,
  filters,
}: {
  ctx: ConsoleContext;
  entries: ClosedEntry[];
  filters: ClosedFilters;
}) {
  const { t, locale } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:closed.title')}>
      <h1>{t('console:closed.title')}</h1>
      <form method="get" action="/console/closed" class="filters">
        <label for="c-status">{t('console:closed.status')}</label>
        <select id="c-status" name="status">
          <option value="">{t('console:queue.any')}</option>
          {(['closed', 'withdrawn'] as const).map((s) => (
            <option key={s} value={s} selected={filters.status === s}>
              {t(`console:request.statuses.${s}`)}
            </option>
          ))}
        </select>
        <label for="c-reason">{t('console:request.outcomeLabel')}</label>
        <select id="c-reason" name="reason">
          <option value="">{t('console:queue.any')}</option>
          {CLOSE_REASONS.map((r) => (
            <option key={r} value={r} selected={filters.reason === r}>
              {t(`console:request.closeReasons.${r}`)}
            </option>
          ))}
        </select>
        <label for="c-kind">{t('console:closed.kind')}</label>
        <select id="c-kind" name="kind">
          <option value="">{t('console:queue.any')}</option>
          <option value="request" selected={filters.kind === 'request'}>
            {t('console:closed.kinds.request')}
          </option>
          <option value="check-in" selected={filters.kind === 'check-in'}>
            {t('console:checkin.tag')}
          </option>
        </select>
        <label for="c-days">{t('console:closed.period')}</label>
        <select id="c-days" name="days">
          {CLOSED_PERIODS.map((d) => (
            <option key={d} value={d} selected={filters.days === d}>
              {t('console:closed.days', { count: d })}
            </option>
          ))}
        </select>
        <button type="submit" class="button secondary small">
          {t('console:queue.apply')}
        </button>
      </form>
      {entries.length === 0 ? (
        <p>{t('console:queue.none')}</p>
      ) : (
        <table class="queue closed">
          <thead>
            <tr>
              <th scope="col">{t('console:closed.when')}</th>
              <th scope="col">{t('console:closed.status')}</th>
              <th scope="col">{t('console:queue.priority')}</th>
              <th scope="col">{t('console:queue.language')}</th>
              <th scope="col">{t('console:queue.region')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('console:queue.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-request={e.id}>
                <td>{formatTime(Date.parse(e.closedAt), zoneOf(ctx), locale)}</td>
                <td>
                  {t(`console:request.statuses.${e.status}`)}
                  {e.closeReason ? ` · ${t(`console:request.closeReasons.${e.closeReason}`)}` : ''}
                  {e.kind === 'check-in' ? <span class="tag">{t('console:checkin.tag')}</span> : null}
                </td>
                <td>
                  <span class={`prio prio-${e.priority}`}>{t(`console:queue.priorities.${e.priority}`)}</span>
                  {e.child ? <span class="tag child">{t('console:queue.childMark')}</span> : null}
                </td>
                <td>{languageNames(ctx, e.languages)}</td>
                <td>{placeLabel(ctx, e)}</td>
                <td>
                  <a href={`/console/requests/${e.id}`}>{t('console:queue.open')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ConsoleLayout>
  );
}
