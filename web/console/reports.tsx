import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { LOCALE_INFO } from '../../functions/domain/locales.js';
import { REQUEST_LANGUAGES } from '../../functions/domain/requests/vocabulary.js';
import {
  ALL,
  MAX_REPORT_WEEKS,
  type Report,
  type ReportFilterError,
  type ReportFilters,
  type ReportLabels,
  type ReportWeekRow,
  type Shown,
  weekStart,
} from '../../functions/domain/requests/reporting.js';
import { localized } from '../components/format.js';
import { languageNames } from './pages.js';
import { type ConsoleContext, ConsoleLayout } from './layout.js';
import { FormAlert } from '../components/form-errors.js';

/** A region (country code, "unknown" or all) by name in the reader's language. */
export function regionName(ctx: ConsoleContext, region: string): string {
  if (region === ALL) return ctx.t('console:reporting.allRegions');
  if (region === 'unknown') return ctx.t('console:reporting.unknownRegion');
  const place = ctx.places?.get(region);
  return place ? localized(place.name, ctx.locale) : region;
}

/** A language filter by name. */
export function languageName(ctx: ConsoleContext, language: string): string {
  if (language === ALL) return ctx.t('console:reporting.allLanguages');
  if (language === 'unspecified') return ctx.t('console:reporting.unspecified');
  return languageNames(ctx, [language]);
}

/** "Week 48, 2026 (23 Nov – 29 Nov)" in the reader's language. */
export function weekName(ctx: ConsoleContext, week: string): string {
  const start = weekStart(week);
  if (!start) return week;
  const fmt = new Intl.DateTimeFormat(LOCALE_INFO[ctx.locale].intlTag, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return ctx.t('console:reporting.weekName', {
    week: Number(week.slice(6)),
    year: week.slice(0, 4),
    from: fmt.format(start),
    to: fmt.format(new Date(start.getTime() + 6 * 86_400_000)),
  });
}

/** A kind of help or a referral area by name. */
export function areaName(ctx: ConsoleContext, area: string): string {
  if ((AREAS as readonly string[]).includes(area)) return ctx.t(`directory:areas.${area}`);
  if (area === 'for-family') return ctx.t('request:needs.forFamily');
  if (area === 'something-else') return ctx.t('request:needs.somethingElse');
  return ctx.t('console:reporting.unspecified');
}

/** The words of the CSV, the same as the page's. */
export function reportLabels(ctx: ConsoleContext, report: Report): ReportLabels {
  const { t } = ctx;
  const f = report.filters;
  return {
    section: (id) => t(`console:reporting.sections.${id}`),
    column: (id) => t(`console:reporting.columns.${id}`),
    total: t('console:reporting.total'),
    bucket: (id) => t(`console:reporting.buckets.${id}`),
    area: (id) => areaName(ctx, id),
    reason: (id) => t(`console:request.closeReasons.${id}`),
    heading: [
      [t('console:reporting.title')],
      [t('console:reporting.from'), weekName(ctx, f.from)],
      [t('console:reporting.to'), weekName(ctx, f.to)],
      [t('console:reporting.region'), regionName(ctx, f.region)],
      [t('console:reporting.language'), languageName(ctx, f.language)],
      [t('console:reporting.legend')],
    ],
  };
}

const show = (v: Shown | number) => String(v);
const percent = (v: number | 'x') => (v === 'x' ? 'x' : `${v}%`);

function Count({ value }: { value: Shown | number }) {
  return <td class={typeof value === 'number' ? 'count' : 'count suppressed'}>{show(value)}</td>;
}

function WeekRow({ ctx, row, total }: { ctx: ConsoleContext; row: ReportWeekRow; total?: boolean }) {
  return (
    <tr class={total ? 'total' : undefined}>
      <th scope="row">{total ? ctx.t('console:reporting.total') : weekName(ctx, row.week)}</th>
      <Count value={row.intake} />
      <Count value={row.firstAttempts} />
      <Count value={row.averageHoursToFirst} />
      <Count value={row.reachedSafe} />
      <td class="count">{percent(row.reachedSafePercent)}</td>
    </tr>
  );
}

function Breakdown({
  ctx,
  id,
  rows,
  total,
}: {
  ctx: ConsoleContext;
  id: 'first-attempt' | 'areas' | 'referrals' | 'outcomes';
  rows: { label: string; count: Shown }[];
  total?: Shown;
}) {
  const { t } = ctx;
  return (
    <section aria-labelledby={`report-${id}`}>
      <h2 id={`report-${id}`}>{t(`console:reporting.sections.${id}`)}</h2>
      <table class="aggregates" data-section={id}>
        <thead>
          <tr>
            <th scope="col">{t('console:reporting.columns.item')}</th>
            <th scope="col">{t('console:reporting.columns.count')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <Count value={r.count} />
            </tr>
          ))}
          {total !== undefined ? (
            <tr class="total">
              <th scope="row">{t('console:reporting.total')}</th>
              <Count value={total} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}

export interface ReportsViewProps {
  ctx: ConsoleContext;
  filters: ReportFilters;
  /** Country codes a request may name, for the region list. */
  regions: readonly string[];
  report?: Report;
  error?: ReportFilterError;
}

/**
 * Reporting for supervisors and admins: anonymous figures per week of arrival for a region and a
 * language, small counts shown as "<5", and the same figures as a CSV download.
 */
export function ReportsView({ ctx, filters, regions, report, error }: ReportsViewProps) {
  const { t } = ctx;
  const query = new URLSearchParams({
    from: filters.from,
    to: filters.to,
    region: filters.region,
    language: filters.language,
  }).toString();
  const errorField = error === 'region' ? 'r-region' : error === 'language' ? 'r-language' : 'r-from';
  const described = (id: string) => (error && errorField === id ? 'report-error' : undefined);
  return (
    <ConsoleLayout ctx={ctx} title={t('console:reporting.title')}>
      <h1>{t('console:reporting.title')}</h1>
      <p class="hint">{t('console:reporting.intro')}</p>
      <p class="hint">{t('console:reporting.legend')}</p>
      {error ? (
        <FormAlert id="report-error">
          {t(`console:reporting.errors.${error}`, { max: MAX_REPORT_WEEKS })}
        </FormAlert>
      ) : null}
      <form method="get" action="/console/reports" class="filters">
        <label for="r-from">{t('console:reporting.from')}</label>
        <input
          id="r-from"
          name="from"
          type="week"
          value={filters.from}
          required
          aria-describedby={described('r-from')}
        />
        <label for="r-to">{t('console:reporting.to')}</label>
        <input id="r-to" name="to" type="week" value={filters.to} required />
        <label for="r-region">{t('console:reporting.region')}</label>
        <select id="r-region" name="region" aria-describedby={described('r-region')}>
          {[ALL, ...regions, 'unknown'].map((r) => (
            <option key={r} value={r} selected={filters.region === r}>
              {regionName(ctx, r)}
            </option>
          ))}
        </select>
        <label for="r-language">{t('console:reporting.language')}</label>
        <select id="r-language" name="language" aria-describedby={described('r-language')}>
          {[ALL, ...REQUEST_LANGUAGES, 'unspecified'].map((l) => (
            <option key={l} value={l} selected={filters.language === l}>
              {languageName(ctx, l)}
            </option>
          ))}
        </select>
        <button type="submit" class="button secondary small">
          {t('console:queue.apply')}
        </button>
      </form>
      {report ? (
        <>
          <p>
            <a class="button secondary" href={`/console/reports/download?${query}`} download>
              {t('console:reporting.download')}
            </a>{' '}
            <span class="hint">{t('console:reporting.downloadHint')}</span>
          </p>
          <section aria-labelledby="report-weeks">
            <h2 id="report-weeks">{t('console:reporting.sections.weeks')}</h2>
            <table class="aggregates" data-section="weeks">
              <thead>
                <tr>
                  <th scope="col">{t('console:reporting.columns.week')}</th>
                  <th scope="col">{t('console:reporting.columns.intake')}</th>
                  <th scope="col">{t('console:reporting.columns.firstAttempts')}</th>
                  <th scope="col">{t('console:reporting.columns.averageHoursToFirst')}</th>
                  <th scope="col">{t('console:reporting.columns.reachedSafe')}</th>
                  <th scope="col">{t('console:reporting.columns.reachedSafePercent')}</th>
                </tr>
              </thead>
              <tbody>
                {report.weeks.map((w) => (
                  <WeekRow key={w.week} ctx={ctx} row={w} />
                ))}
                <WeekRow ctx={ctx} row={report.total} total />
              </tbody>
            </table>
          </section>
          <Breakdown
            ctx={ctx}
            id="first-attempt"
            rows={report.firstAttempt.map((b) => ({
              label: t(`console:reporting.buckets.${b.bucket}`),
              count: b.count,
            }))}
            total={report.total.firstAttempts}
          />
          <Breakdown
            ctx={ctx}
            id="areas"
            rows={report.areas.map((a) => ({ label: areaName(ctx, a.area), count: a.count }))}
          />
          <Breakdown
            ctx={ctx}
            id="referrals"
            rows={report.referrals.map((a) => ({ label: areaName(ctx, a.area), count: a.count }))}
            total={report.referralsTotal}
          />
          <Breakdown
            ctx={ctx}
            id="outcomes"
            rows={report.outcomes.map((o) => ({
              label: t(`console:request.closeReasons.${o.reason}`),
              count: o.count,
            }))}
            total={report.closedTotal}
          />
        </>
      ) : null}
    </ConsoleLayout>
  );
}
