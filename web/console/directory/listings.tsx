import {
  EDITABLE_TEXTS,
  type EditErrors,
  type EditableText,
  type TranslationState,
} from '../../../functions/domain/directory/editing.js';
import type { Service } from '../../../functions/domain/directory/model.js';
import { AREAS } from '../../../functions/domain/directory/taxonomy.js';
import { SUPPORTED_LOCALES } from '../../../functions/domain/locales.js';
import { Field } from '../../components/form-field.js';
import { type ConsoleContext, ConsoleLayout } from '../layout.js';
import { errorText, type SectionsProps, ServiceSections } from './sections.js';
import { FormAlert } from '../../components/form-errors.js';

/** Links between the parts of the editors' area, on each of its pages. */
export function DirectoryNav({ ctx, editor = true }: { ctx: ConsoleContext; editor?: boolean }) {
  const { t } = ctx;
  return (
    <nav class="subnav" aria-label={t('console:directory.title')}>
      {editor ? (
        <>
          <a href="/console/directory">{t('console:directory.nav.listings')}</a> ·{' '}
          <a href="/console/directory/stale">{t('console:directory.nav.stale')}</a> ·{' '}
        </>
      ) : null}
      <a href="/console/directory/reports">{t('console:directory.nav.reports')}</a>
      {editor ? (
        <>
          {' '}
          · <a href="/console/directory/transfer">{t('console:directory.nav.transfer')}</a>
        </>
      ) : null}
    </nav>
  );
}

/** The directory editors' list: every listing, searchable and filtered, with what needs work. */

export interface ListingRow {
  service: Service;
  stale: boolean;
  /** Locales with a missing or "needs review" text. */
  needsWork: string[];
  /** Open problem reports about this listing. */
  openReports: number;
}

export interface ListingFilters {
  q: string;
  status: '' | 'active' | 'inactive' | 'stale' | 'reports';
  country: string;
  area: string;
  language: string;
}

export const LISTING_STATUSES = ['', 'active', 'inactive', 'stale', 'reports'] as const;

export function ListingsView({
  ctx,
  rows,
  filters,
}: {
  ctx: ConsoleContext;
  rows: ListingRow[];
  filters: ListingFilters;
}) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:directory.title')}>
      <DirectoryNav ctx={ctx} />
      <h1>{t('console:directory.title')}</h1>
      <form method="get" action="/console/directory" class="filters">
        <label>
          {t('console:directory.search')} <input name="q" value={filters.q} maxLength={100} />
        </label>
        <label>
          {t('console:directory.status')}{' '}
          <select name="status">
            {LISTING_STATUSES.map((s) => (
              <option value={s} selected={filters.status === s}>
                {t(`console:directory.statuses.${s || 'all'}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console:directory.country')}{' '}
          <input name="country" value={filters.country} maxLength={2} size={3} />
        </label>
        <label>
          {t('console:directory.area')}{' '}
          <select name="area">
            <option value="">{t('console:directory.statuses.all')}</option>
            {AREAS.map((a) => (
              <option value={a} selected={filters.area === a}>
                {t(`directory:areas.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('console:directory.needsTranslation')}{' '}
          <select name="language">
            <option value="">{t('console:directory.statuses.all')}</option>
            {SUPPORTED_LOCALES.filter((l) => l !== 'en').map((l) => (
              <option value={l} selected={filters.language === l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="button small">
          {t('console:directory.apply')}
        </button>
      </form>
      <p>{t('console:directory.count', { count: rows.length })}</p>
      <table>
        <thead>
          <tr>
            <th>{t('console:directory.name')}</th>
            <th>{t('console:directory.status')}</th>
            <th>{t('console:directory.lastVerified')}</th>
            <th>{t('console:directory.needsTranslation')}</th>
            <th>{t('console:directory.openReports')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ service, stale, needsWork, openReports }) => (
            <tr>
              <td>
                <a href={`/console/directory/services/${encodeURIComponent(service.id)}`}>
                  {service.name.en}
                </a>
              </td>
              <td>
                {t(`console:directory.statuses.${service.status}`)}
                {stale ? ` · ${t('console:directory.statuses.stale')}` : ''}
              </td>
              <td>
                {service.lastVerified ? `${service.lastVerified.on} (${service.lastVerified.by})` : '—'}
              </td>
              <td>{needsWork.join(' ')}</td>
              <td>{openReports || ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ConsoleLayout>
  );
}

export interface EditViewProps {
  ctx: ConsoleContext;
  service: Service;
  rev: number;
  states: Record<EditableText, Record<string, TranslationState>>;
  errors?: EditErrors;
  notice?: string;
  /** After a conflict: the fields someone else changed, with their current values. */
  conflict?: { fields: string[] };
  /** What the editor typed, kept after an error or a conflict. */
  typed?: Record<string, string>;
  /** The other sections' forms. */
  sections: Omit<SectionsProps, 'ctx' | 'serviceId' | 'rev'>;
  organizationName: string;
}

export function ListingEditView({
  ctx,
  service,
  rev,
  states,
  errors,
  notice,
  conflict,
  typed,
  sections,
  organizationName,
}: EditViewProps) {
  const { t } = ctx;
  const csrf = ctx.user?.csrf ?? '';
  const fields = EDITABLE_TEXTS;
  return (
    <ConsoleLayout ctx={ctx} title={service.name.en}>
      <p>
        <a href="/console/directory">{t('console:directory.back')}</a>
      </p>
      <h1>{service.name.en}</h1>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      {conflict ? (
        <div role="alert" class="error">
          <p>{t('console:directory.conflict')}</p>
          <p>{t('console:directory.conflictFields', { fields: conflict.fields.join(', ') })}</p>
        </div>
      ) : null}
      {errors && !sections.failed ? <FormAlert>{t('console:directory.sectionErrors')}</FormAlert> : null}
      <p>
        {t('console:directory.sections.organization')}:{' '}
        <a href={`/console/directory/organizations/${encodeURIComponent(service.organizationId)}`}>
          {organizationName}
        </a>
      </p>
      <p>
        {t('console:directory.status')}: {t(`console:directory.statuses.${service.status}`)} ·{' '}
        {t('console:directory.lastVerified')}:{' '}
        {service.lastVerified ? `${service.lastVerified.on} (${service.lastVerified.by})` : '—'}
      </p>
      <form
        method="post"
        action={`/console/directory/services/${encodeURIComponent(service.id)}/verify`}
        class="inline"
      >
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="rev" value={String(rev)} />
        <button type="submit" class="button small">
          {t('console:directory.verifyToday')}
        </button>
      </form>{' '}
      <form
        method="post"
        action={`/console/directory/services/${encodeURIComponent(service.id)}/status`}
        class="inline"
      >
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="rev" value={String(rev)} />
        <input type="hidden" name="active" value={service.status === 'active' ? '0' : '1'} />
        <button type="submit" class="button secondary small">
          {service.status === 'active'
            ? t('console:directory.deactivate')
            : t('console:directory.reactivate')}
        </button>
      </form>
      <h2>{t('console:directory.sections.texts')}</h2>
      <form method="post" action={`/console/directory/services/${encodeURIComponent(service.id)}/texts`}>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="rev" value={String(rev)} />
        {fields.map((field) => (
          <fieldset>
            <legend>{t(`console:directory.fields.${field}`)}</legend>
            {SUPPORTED_LOCALES.map((locale) => {
              const key = `text.${field}.${locale}`;
              const value = typed?.[key] ?? service[field]?.[locale] ?? '';
              const state = states[field][locale] ?? 'missing';
              const review = service.translationReviews?.[field]?.[locale];
              const error = sections.failed
                ? undefined
                : (errorText(ctx, errors, `${field}.${locale}`) ??
                  (locale === 'en' ? errorText(ctx, errors, field) : undefined));
              return (
                <Field
                  ctx={ctx}
                  id={key}
                  label={`${locale} · ${t(`console:directory.states.${state}`)}${
                    review
                      ? ` (${t('console:directory.reviewedBy', { name: review.by, at: review.at.slice(0, 10) })})`
                      : ''
                  }`}
                  {...(error ? { error } : {})}
                >
                  {(control) => (
                    <>
                      {field === 'name' || field === 'discreetLabel' ? (
                        <input
                          {...control}
                          type="text"
                          name={key}
                          value={value}
                          maxLength={4000}
                          lang={locale}
                        />
                      ) : (
                        <textarea {...control} name={key} rows={3} lang={locale}>
                          {value}
                        </textarea>
                      )}
                      {locale !== 'en' ? (
                        <select
                          name={`status.${field}.${locale}`}
                          aria-label={`${t('console:directory.setStatus')} (${locale})`}
                        >
                          <option value="">{t('console:directory.keepStatus')}</option>
                          {(['draft', 'machine', 'needs-review', 'reviewed'] as const).map((s) => (
                            <option value={s}>{t(`console:directory.states.${s}`)}</option>
                          ))}
                        </select>
                      ) : null}
                    </>
                  )}
                </Field>
              );
            })}
          </fieldset>
        ))}
        <button type="submit" class="button">
          {t('console:directory.save')}
        </button>
      </form>
      <ServiceSections ctx={ctx} serviceId={service.id} rev={rev} {...sections} />
    </ConsoleLayout>
  );
}

/** The stale queue: listings not verified for more than `days` days, oldest (or never) first. */
export function StaleView({
  ctx,
  rows,
  days,
}: {
  ctx: ConsoleContext;
  rows: { service: Service; age: number | undefined }[];
  days: number;
}) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:directory.stale.title')}>
      <DirectoryNav ctx={ctx} />
      <h1>{t('console:directory.stale.title')}</h1>
      <p>{t('console:directory.stale.intro', { days })}</p>
      {rows.length === 0 ? <p>{t('console:directory.stale.none')}</p> : null}
      <ol class="stale-queue">
        {rows.map(({ service, age }) => (
          <li>
            <a href={`/console/directory/services/${encodeURIComponent(service.id)}`}>{service.name.en}</a> ·{' '}
            {service.lastVerified
              ? t('console:directory.stale.verified', {
                  date: service.lastVerified.on,
                  by: service.lastVerified.by,
                  count: age ?? 0,
                })
              : t('console:directory.stale.never')}
            {service.status === 'inactive' ? ` · ${t('console:directory.statuses.inactive')}` : ''}
          </li>
        ))}
      </ol>
    </ConsoleLayout>
  );
}
