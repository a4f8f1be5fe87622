import { SERVED_GROUPS, type Place, type Service } from '../../functions/domain/directory/model.js';
import type { DirectoryIndex, SearchResult } from '../../functions/domain/directory/search.js';
import { isOpenAt } from '../../functions/domain/directory/schedule.js';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { LOCALE_INFO, SUPPORTED_LOCALES } from '../../functions/domain/locales.js';
import { areaCode, publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { type DirectorySearchParams, toQueryString } from '../../functions/domain/directory/search-params.js';
import { AreaIcon } from '../components/area-icon.js';
import { dialable, localized, placeName } from '../components/format.js';
import { HelplineChannels } from '../components/helpline-channels.js';
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

/**
 * The search form: a plain POST form, complete without JavaScript. The words travel in the body;
 * the server answers with a redirect to an opaque, short-lived results address (sealed-search.ts),
 * so no address in the history holds them.
 */
function FinderForm({
  ctx,
  params,
  finder,
  open,
  withAreas = true,
}: {
  ctx: PageContext;
  params: DirectorySearchParams;
  finder: FinderData;
  open: boolean;
  /** The finder page shows the areas as cards below the form instead. */
  withAreas?: boolean;
}) {
  const { t, locale } = ctx;
  const d = (key: string) => t(`directory:${key}`);
  return (
    <form method="post" action={`/${locale}/services`} class="finder">
      <label for="q" class="label">
        {d('find.searchLabel')}
      </label>
      <input
        type="search"
        id="q"
        name="q"
        value={params.q ?? ''}
        maxLength={200}
        aria-describedby="q-hint"
        autoComplete="off"
      />
      <p class="hint" id="q-hint">
        {d('find.searchHint')}
      </p>

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

      {withAreas ? (
        <fieldset class="areas">
          <legend class="label">{d('find.areasTitle')}</legend>
          <ul class="checks area-checks">
            {AREAS.map((area) => (
              <li key={area}>
                <input
                  type="checkbox"
                  id={`area-${area}`}
                  name="area"
                  value={areaCode(area)}
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
      ) : null}

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
  expired = false,
}: {
  ctx: PageContext;
  params: DirectorySearchParams;
  finder: FinderData;
  /** Reached from a results address that is no longer kept (expired or not ours). */
  expired?: boolean;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory:find.title')}>
      <h1>{t('directory:find.title')}</h1>
      {expired ? (
        <p class="note" role="status">
          {t('directory:results.expired')}
        </p>
      ) : null}
      <FinderForm ctx={ctx} params={params} finder={finder} open={false} withAreas={false} />
      <p>{t('directory:find.intro')}</p>
      <h2>{t('directory:find.areasTitle')}</h2>
      <ul class="area-links">
        {AREAS.map((area) => (
          <li key={area}>
            <a href={`/${locale}/services?area=${areaCode(area)}`} class="area-link">
              <AreaIcon area={area} />
              <span>
                <strong>{t(`directory:areas.${area}`)}</strong>
                <span class="hint">{t(`directory:areaHints.${area}`)}</span>
              </span>
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export interface ResultsProps {
  ctx: PageContext;
  params: DirectorySearchParams;
  /**
   * The sealed search this page shows (its address is /<lang>/services/r/<token>); undefined for
   * a search without words, whose neutral criteria (area codes, place, filters) are the address.
   */
  token?: string | undefined;
  finder: FinderData;
  result: SearchResult;
  index: DirectoryIndex;
  now: Date;
  /** Reference places, to show where each service works. */
  places: Map<string, Place>;
}

export function ServicesResultsPage({
  ctx,
  params,
  token,
  finder,
  result,
  index,
  now,
  places,
}: ResultsProps) {
  const { t, locale } = ctx;
  const d = (key: string, o?: Record<string, unknown>) => t(`directory:${key}`, o);
  const locations = new Map(index.snapshot.locations.map((l) => [l.id, l]));
  const pageHref = (page: number) =>
    token
      ? `/${locale}/services/r/${token}${page > 1 ? `?page=${page}` : ''}`
      : `/${locale}/services?${toQueryString(params, { page: page > 1 ? page : undefined })}`;
  // Where "Back to results" on a service page returns: never the words (see backPathFrom).
  const back = encodeURIComponent(
    token
      ? `r=${token}${result.page > 1 ? `&page=${result.page}` : ''}`
      : toQueryString(params, { q: undefined }),
  );
  const suggestion = result.suggestion
    ? [...new URLSearchParams(toQueryString(params, { q: result.suggestion, page: undefined }))]
    : [];
  return (
    <Layout ctx={ctx} title={d('results.title')}>
      <h1>{d('results.title')}</h1>
      <form method="post" action={`/${locale}/services`} class="finder quick-search">
        <label for="q-top" class="label">
          {d('find.searchLabel')}
        </label>
        <input type="search" id="q-top" name="q" value={params.q ?? ''} maxLength={200} autoComplete="off" />
        {params.place ? <input type="hidden" name="place" value={params.place} /> : null}
        <button type="submit" class="button">
          {d('find.submit')}
        </button>
      </form>
      {result.suggestion ? (
        <form method="post" action={`/${locale}/services`} class="note inline-form">
          {d('results.didYouMean')}{' '}
          {suggestion.map(([name, value], i) => (
            <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" class="link">
            {result.suggestion}
          </button>
        </form>
      ) : null}
      <p role="status">{d('results.count', { count: result.total })}</p>
      {result.total === 0 ? (
        <>
          <p class="note">{d('results.none')}</p>
          <HelplineChannels ctx={ctx} />
        </>
      ) : null}
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
              <ServiceSummary ctx={ctx} service={service} now={now} places={places} back={back} />
            </li>
          );
        })}
      </ol>
      {result.pages > 1 ? (
        <nav class="pager" aria-label={d('results.page', { page: result.page, pages: result.pages })}>
          {result.page > 1 ? (
            <a rel="prev" href={pageHref(result.page - 1)}>
              {d('results.previous')}
            </a>
          ) : null}
          <span>{d('results.page', { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages ? (
            <a rel="next" href={pageHref(result.page + 1)}>
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

function ServiceSummary({
  ctx,
  service,
  now,
  places,
  back,
}: {
  ctx: PageContext;
  service: Service;
  now: Date;
  places: Map<string, Place>;
  back: string;
}) {
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
        <a href={`/${locale}/services/${publicServiceId(service.id)}?back=${back}`}>
          {localized(service.name, locale)}
        </a>
      </h2>
      <p class="place">{d('results.serves', { places: servedPlaces(service, places, locale, d) })}</p>
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

/** Where a service works, province and country in the reader's language ("Chiang Mai, Thailand"). */
function servedPlaces(
  service: Service,
  places: Map<string, Place>,
  locale: PageContext['locale'],
  d: (key: string, o?: Record<string, unknown>) => string,
): string {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const id of service.servesPlaces) {
    const key = id.split('-').slice(0, 2).join('-');
    if (seen.has(key)) continue;
    seen.add(key);
    const country = places.get(key.slice(0, 2));
    if (!key.includes('-'))
      names.push(d('results.wholeCountry', { country: country ? localized(country.name, locale) : key }));
    else names.push(placeName(places, key, locale, 2) || key);
  }
  return names.slice(0, 3).join(' · ') + (names.length > 3 ? ' …' : '');
}
