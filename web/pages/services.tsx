import { SERVED_GROUPS, type Place, type Service } from '../../functions/domain/directory/model.js';
import type { DirectoryIndex, SearchResult } from '../../functions/domain/directory/search.js';
import { isOpenAt } from '../../functions/domain/directory/schedule.js';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { LOCALE_INFO, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import type { DirectorySearchParams } from '../../functions/http/directory-query.js';
import { toQueryString } from '../../functions/http/directory-query.js';
import { AreaIcon } from '../components/area-icon.js';
import { dialable, localized } from '../components/format.js';
import { Layout, type PageContext } from '../components/layout.js';

export interface FinderData {
  countries: Place[];
  /** country id → its provinces */
  provinces: Map<string, Place[]>;
}

const FILTERS = [
  ['free', 'filters.free'],
  ['openNow', 'filters.openNow'],
  ['open24h', 'filters.open24h'],
  ['remote', 'filters.remote'],
  ['noPoliceReport', 'filters.noPoliceReport'],
  ['general', 'filters.generalService'],
] as const;

/** The search form: a plain GET form, complete without JavaScript. */
function FinderForm({
  ctx,
  params,
  finder,
  open,
}: {
  ctx: PageContext;
  params: DirectorySearchParams;
  finder: FinderData;
  open: boolean;
}) {
  const { t, locale } = ctx;
  const d = (key: string) => t(`directory:${key}`);
  return (
    <form method="get" action={`/${locale}/services`} class="finder">
      <label for="q" class="label">
        {d('find.searchLabel')}
      </label>
      <p class="hint" id="q-hint">
        {d('find.searchHint')}
      </p>
      <input
        type="search"
        id="q"
        name="q"
        value={params.q ?? ''}
        maxLength={200}
        aria-describedby="q-hint"
        autoComplete="off"
      />

      <label for="place" class="label">
        {d('find.placeLabel')}
      </label>
      <select id="place" name="place">
        <option value="">{d('find.anyPlace')}</option>
        {finder.countries.map((country) => (
          <optgroup key={country.id} label={localized(country.name, locale)}>
            <option value={country.id} selected={params.place === country.id}>
              {localized(country.name, locale)}
            </option>
            {(finder.provinces.get(country.id) ?? []).map((p) => (
              <option key={p.id} value={p.id} selected={params.place === p.id}>
                {localized(p.name, locale)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>

      <fieldset class="areas">
        <legend class="label">{d('find.areasTitle')}</legend>
        <ul class="checks area-checks">
          {AREAS.map((area) => (
            <li key={area}>
              <input
                type="checkbox"
                id={`area-${area}`}
                name="area"
                value={area}
                checked={params.area?.includes(area) ?? false}
              />
              <label for={`area-${area}`}>
                <AreaIcon area={area} />
                <span>{d(`areas.${area}`)}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>

      <details open={open}>
        <summary>{d('find.filtersTitle')}</summary>
        <fieldset>
          <legend class="visually-hidden">{d('find.filtersTitle')}</legend>
          <ul class="checks">
            {FILTERS.map(([name, key]) => (
              <li key={name}>
                <input
                  type="checkbox"
                  id={`f-${name}`}
                  name={name}
                  value="1"
                  checked={Boolean(params[name])}
                />
                <label for={`f-${name}`}>{d(key)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset>
          <legend class="label">{d('find.groupsLabel')}</legend>
          <ul class="checks">
            {SERVED_GROUPS.map((g) => (
              <li key={g}>
                <input
                  type="checkbox"
                  id={`g-${g}`}
                  name="group"
                  value={g}
                  checked={params.group?.includes(g) ?? false}
                />
                <label for={`g-${g}`}>{d(`groups.${g}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label for="language" class="label">
          {d('find.languageLabel')}
        </label>
        <select id="language" name="language">
          <option value="">{d('find.anyLanguage')}</option>
          {SUPPORTED_LOCALES.map((l) => {
            const code = l === 'zh-Hans' ? 'zh' : l;
            return (
              <option key={l} value={code} lang={l} selected={params.language === code}>
                {LOCALE_INFO[l].nativeName}
              </option>
            );
          })}
        </select>
      </details>
      <p class="actions">
        <button type="submit" class="button">
          {d('find.submit')}
        </button>
        <a href={`/${locale}/services`} class="button secondary">
          {d('find.clear')}
        </a>
      </p>
    </form>
  );
}

export function ServicesFinderPage({
  ctx,
  params,
  finder,
}: {
  ctx: PageContext;
  params: DirectorySearchParams;
  finder: FinderData;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory:find.title')}>
      <h1>{t('directory:find.title')}</h1>
      <p>{t('directory:find.intro')}</p>
      <ul class="area-links">
        {AREAS.map((area) => (
          <li key={area}>
            <a href={`/${locale}/services?area=${area}`} class="area-link">
              <AreaIcon area={area} />
              <span>
                <strong>{t(`directory:areas.${area}`)}</strong>
                <span class="hint">{t(`directory:areaHints.${area}`)}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
      <h2>{t('directory:find.searchLabel')}</h2>
      <FinderForm ctx={ctx} params={params} finder={finder} open={false} />
    </Layout>
  );
}

export interface ResultsProps {
  ctx: PageContext;
  params: DirectorySearchParams;
  finder: FinderData;
  result: SearchResult;
  index: DirectoryIndex;
  now: Date;
}

export function ServicesResultsPage({ ctx, params, finder, result, index, now }: ResultsProps) {
  const { t, locale } = ctx;
  const d = (key: string, o?: Record<string, unknown>) => t(`directory:${key}`, o);
  const locations = new Map(index.snapshot.locations.map((l) => [l.id, l]));
  return (
    <Layout ctx={ctx} title={d('results.title')}>
      <h1>{d('results.title')}</h1>
      <p role="status">{d('results.count', { count: result.total })}</p>
      {result.total === 0 ? <p class="note">{d('results.none')}</p> : null}
      <div
        id="near-me"
        hidden
        data-label={d('results.nearMe')}
        data-hint={d('results.nearMeHint')}
        data-sorted={d('results.nearMeSorted')}
        data-failed={d('results.nearMeFailed')}
        data-distance={d('results.distance', { km: '{km}' })}
      />
      <ol class="results" id="results">
        {result.hits.map(({ service }) => {
          const coords = service.locationIds
            .map((id) => locations.get(id))
            .find((l) => l && l.latitude !== undefined && l.longitude !== undefined);
          return (
            <li key={service.id} class="result" data-lat={coords?.latitude} data-lng={coords?.longitude}>
              <ServiceSummary ctx={ctx} service={service} now={now} />
            </li>
          );
        })}
      </ol>
      {result.pages > 1 ? (
        <nav class="pager" aria-label={d('results.page', { page: result.page, pages: result.pages })}>
          {result.page > 1 ? (
            <a rel="prev" href={`/${locale}/services?${toQueryString(params, { page: result.page - 1 })}`}>
              {d('results.previous')}
            </a>
          ) : null}
          <span>{d('results.page', { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages ? (
            <a rel="next" href={`/${locale}/services?${toQueryString(params, { page: result.page + 1 })}`}>
              {d('results.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
      <h2>{d('results.changeSearch')}</h2>
      <FinderForm ctx={ctx} params={params} finder={finder} open={true} />
    </Layout>
  );
}

function ServiceSummary({ ctx, service, now }: { ctx: PageContext; service: Service; now: Date }) {
  const { t, locale } = ctx;
  const d = (key: string, o?: Record<string, unknown>) => t(`directory:${key}`, o);
  const phone = service.contacts.find((c) => c.kind === 'phone');
  const open = service.schedule?.open24h
    ? d('service.open24h')
    : service.schedule
      ? isOpenAt(service.schedule, now)
        ? d('service.openNow')
        : d('service.closedNow')
      : undefined;
  return (
    <article>
      <h2 class="result-title">
        <a href={`/${locale}/services/${service.id}`}>{localized(service.name, locale)}</a>
      </h2>
      <p class="tags">
        {service.areas.map((area) => (
          <span key={area} class="tag">
            <AreaIcon area={area} />
            {d(`areas.${area}`)}
          </span>
        ))}
      </p>
      <p class="facts">
        {open ? <span>{open}</span> : null}
        {service.cost.free ? <span>{d('service.free')}</span> : null}
        {!service.policeReportRequired ? <span>{d('service.noPoliceReport')}</span> : null}
      </p>
      {phone ? (
        <p>
          <a class="button secondary" href={`tel:${dialable(phone.value)}`}>
            {d('contact.phone', { value: phone.value })}
          </a>
        </p>
      ) : null}
    </article>
  );
}
