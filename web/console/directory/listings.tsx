import type { EditableText, TranslationState } from '../../../functions/domain/directory/editing.js';
import type { Service } from '../../../functions/domain/directory/model.js';
import { SUPPORTED_LOCALES } from '../../../functions/domain/locales.js';
import { type ConsoleContext, ConsoleLayout } from '../pages.js';

/** The directory editors' list: every listing, searchable and filtered, with what needs work. */

export interface ListingRow {
  service: Service;
  stale: boolean;
  /** Locales with a missing or "needs review" text. */
  needsWork: string[];
}

export interface ListingFilters {
  q: string;
  status: '' | 'active' | 'inactive' | 'stale';
  country: string;
  language: string;
}

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
      <h1>{t('console:directory.title')}</h1>
      <form method="get" action="/console/directory" class="filters">
        <label>
          {t('console:directory.search')} <input name="q" value={filters.q} maxLength={100} />
        </label>
        <label>
          {t('console:directory.status')}{' '}
          <select name="status">
            {(['', 'active', 'inactive', 'stale'] as const).map((s) => (
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
          </tr>
        </thead>
        <tbody>
          {rows.map(({ service, stale, needsWork }) => (
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
  errors?: Record<string, string>;
  notice?: string;
  /** After a conflict: the fields someone else changed, with their current values. */
  conflict?: { fields: string[] };
  /** What the editor typed, kept after an error or a conflict. */
  typed?: Record<string, string>;
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
}: EditViewProps) {
  const { t } = ctx;
  const csrf = ctx.user?.csrf ?? '';
  const fields: EditableText[] = ['name', 'description', 'accessibility'];
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
      {errors?.form ? (
        <p role="alert" class="error">
          {errors.form}
        </p>
      ) : null}
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
              const error = errors?.[`${field}.${locale}`] ?? (locale === 'en' ? errors?.[field] : undefined);
              return (
                <div class="field">
                  <label for={key}>
                    {locale} · {t(`console:directory.states.${state}`)}
                    {review
                      ? ` (${t('console:directory.reviewedBy', { name: review.by, at: review.at.slice(0, 10) })})`
                      : ''}
                  </label>
                  {field === 'name' ? (
                    <input id={key} name={key} value={value} maxLength={4000} lang={locale} />
                  ) : (
                    <textarea id={key} name={key} rows={3} lang={locale}>
                      {value}
                    </textarea>
                  )}
                  {locale !== 'en' ? (
                    <select name={`status.${field}.${locale}`} aria-label={t('console:directory.setStatus')}>
                      <option value="">{t('console:directory.keepStatus')}</option>
                      {(['draft', 'machine', 'needs-review', 'reviewed'] as const).map((s) => (
                        <option value={s}>{t(`console:directory.states.${s}`)}</option>
                      ))}
                    </select>
                  ) : null}
                  {error ? (
                    <p class="error" role="alert">
                      {error}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ))}
        <button type="submit" class="button">
          {t('console:directory.save')}
        </button>
      </form>
    </ConsoleLayout>
  );
}
