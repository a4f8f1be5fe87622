import {
  discreetLabelOf,
  type Organization,
  type Place,
  type Service,
} from '../../functions/domain/directory/model.js';
import type { UrgentHelp } from '../../functions/domain/urgent-help.js';
import { dialable, localized } from '../components/format.js';
import { Layout, type PageContext } from '../components/layout.js';
import { HelplineChannels } from '../components/helpline-channels.js';
import { UrgentNumbers } from '../components/urgent-numbers.js';

/**
 * The discreet card: names and numbers only, never what the services are for, so it can be
 * written down or kept on a phone without revealing anything (seed 003, harm VI-5).
 */
export function DiscreetCardPage({
  ctx,
  services,
  organizations = [],
}: {
  ctx: PageContext;
  services: Service[];
  /** For the label of a service without its own discreet label (the organisation's short name). */
  organizations?: Organization[];
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory:card.title')}>
      <h1>{t('directory:card.title')}</h1>
      <p>{t('directory:card.intro')}</p>
      {services.length === 0 ? <p>{t('directory:card.empty')}</p> : null}
      <dl class="discreet-card">
        {services.map((s, i) => {
          const numbers = s.contacts
            .filter((c) => c.kind === 'phone' || c.kind === 'sms')
            .map((c) => c.value);
          const label = discreetLabelOf(
            s,
            organizations.find((o) => o.id === s.organizationId),
          );
          return (
            <div key={s.id}>
              <dt>{label ? localized(label, locale) : t('directory:card.neutralLabel', { n: i + 1 })}</dt>
              {[...new Set(numbers)].map((n) => (
                <dd key={n}>
                  <a href={`tel:${dialable(n)}`}>{n}</a>
                </dd>
              ))}
            </div>
          );
        })}
      </dl>
    </Layout>
  );
}

export function UrgentPage({
  ctx,
  countries,
  help,
}: {
  ctx: PageContext;
  countries: Place[];
  help: UrgentHelp;
}) {
  const { t, locale } = ctx;
  const u = (key: string, o?: Record<string, unknown>) => t(`directory:urgent.${key}`, o);
  const shown = help.kind === 'country' ? help.numbers.country : 'all';
  return (
    <Layout ctx={ctx} title={u('title')} listen>
      <h1>{u('title')}</h1>
      <p class="lead">{u('intro')}</p>
      <form method="get" action={`/${locale}/urgent`} class="inline-form">
        <label for="country" class="label">
          {u('countryLabel')}
        </label>
        <select id="country" name="country">
          <option value="all" selected={shown === 'all'}>
            {u('allCountries')}
          </option>
          {countries.map((c) => (
            <option key={c.id} value={c.id} selected={c.id === shown}>
              {localized(c.name, locale)}
            </option>
          ))}
        </select>
        <button type="submit" class="button secondary">
          {u('choose')}
        </button>
      </form>
      <UrgentNumbers ctx={ctx} help={help} details />
      <HelplineChannels ctx={ctx} />
    </Layout>
  );
}
