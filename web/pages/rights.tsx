import type { Place } from '../../functions/domain/directory/model.js';
import { areaCode } from '../../functions/domain/directory/public-ids.js';
import {
  type CountryRights,
  GENERAL_SOURCES,
  SOURCE_LABELS,
  type SourceId,
} from '../../functions/reference/rights.js';
import { formatDate, localized } from '../components/format.js';
import { Layout, type PageContext } from '../components/layout.js';
import { InfoSection } from './safety.js';

export interface RightsPageProps {
  ctx: PageContext;
  countries: Place[];
  country: string;
  rights: CountryRights | undefined;
}

/**
 * Rights and what to expect, for the chosen country: help without the police, time to rest and
 * decide, not being punished for what one was forced to do, compensation and legal aid, the
 * embassy as a choice. Facts from functions/reference/rights.json with "last checked" and the
 * legal-review state; the wording never promises an outcome (P10).
 */
export function RightsPage({ ctx, countries, country, rights }: RightsPageProps) {
  const { t, locale } = ctx;
  const r = (key: string, o?: Record<string, unknown>) => t(`info:rights.${key}`, o);
  const place = countries.find((c) => c.id === country);
  const countryName = place ? localized(place.name, locale) : country;
  const sources: SourceId[] = [...new Set<SourceId>([...(rights?.sources ?? []), ...GENERAL_SOURCES])];
  return (
    <Layout ctx={ctx} title={r('title')}>
      <h1>{r('heading')}</h1>
      <p class="lead">{r('intro')}</p>
      <form method="get" action={`/${locale}/rights`} class="inline-form">
        <label for="country" class="label">
          {r('countryLabel')}
        </label>
        <select id="country" name="country">
          {countries.map((c) => (
            <option key={c.id} value={c.id} selected={c.id === country}>
              {localized(c.name, locale)}
            </option>
          ))}
        </select>
        <button type="submit" class="button secondary">
          {r('choose')}
        </button>
      </form>
      <p class="country-heading">
        <strong>{r('forCountry', { country: countryName })}</strong>
      </p>
      {rights ? (
        <p class="hint">{r('lastReviewed', { date: formatDate(rights.lastReviewed, locale) })}</p>
      ) : (
        <p class="note">{r('noCountryData', { country: countryName })}</p>
      )}
      {rights?.legalReview.status !== 'reviewed' ? <p class="note warn">{r('needsReview')}</p> : null}

      <InfoSection
        id="police"
        title={r('police.title')}
        paragraphs={[r('police.text'), r('police.services')]}
      />
      <InfoSection
        id="reflection"
        title={r('reflection.title')}
        paragraphs={[
          r('reflection.text'),
          rights?.reflectionDays
            ? r(`country.${country}.reflection`)
            : r('reflection.unknown', { country: countryName }),
          r('reflection.regional'),
          r('reflection.support'),
        ]}
      />
      <InfoSection
        id="punish"
        title={r('punish.title')}
        paragraphs={[r('punish.text'), r('punish.practice')]}
      />
      <InfoSection
        id="money"
        title={r('money.title')}
        paragraphs={[
          r('money.text'),
          ...(rights ? [r(`country.${country}.compensation`)] : []),
          r('money.labour'),
          r('money.honest'),
        ]}
      />
      <InfoSection id="legal" title={r('legal.title')} paragraphs={[r('legal.text')]}>
        <p>
          <a href={`/${locale}/services?area=${areaCode('legal')}&place=${country}`}>
            {r('legal.link', { country: countryName })}
          </a>
        </p>
      </InfoSection>
      <InfoSection
        id="consular"
        title={r('consular.title')}
        paragraphs={[r('consular.text'), r('consular.choice')]}
      >
        <p>
          <a href={`/${locale}/services?area=${areaCode('case-management')}`}>{r('consular.link')}</a>
        </p>
      </InfoSection>
      <InfoSection
        id="children"
        title={r('children.title')}
        paragraphs={[r('children.text'), r('children.helpline')]}
      >
        <p>
          <a href={`/${locale}/urgent?country=${country}`}>{t('nav.urgent')}</a>
        </p>
      </InfoSection>
      {rights ? (
        <details class="for-lawyer">
          <summary>{r('lawyer.title')}</summary>
          <p>{r('lawyer.intro')}</p>
          <p lang="en">{rights.compensation.citation}</p>
        </details>
      ) : null}
      <details class="sources">
        <summary>{r('sources')}</summary>
        <ul lang="en">
          {sources.map((id) => (
            <li key={id}>{SOURCE_LABELS[id]}</li>
          ))}
        </ul>
      </details>
    </Layout>
  );
}
