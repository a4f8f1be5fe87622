import type { CountryEmergency, Place, Service } from '../../functions/domain/directory/model.js';
import { dialable, localized } from '../components/format.js';
import { Layout, type PageContext } from '../components/layout.js';

/**
 * The discreet card: names and numbers only, never what the services are for, so it can be
 * written down or kept on a phone without revealing anything (seed 003, harm VI-5).
 */
export function DiscreetCardPage({ ctx, services }: { ctx: PageContext; services: Service[] }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('directory:card.title')}>
      <h1>{t('directory:card.title')}</h1>
      <p>{t('directory:card.intro')}</p>
      {services.length === 0 ? <p>{t('directory:card.empty')}</p> : null}
      <dl class="discreet-card">
        {services.map((s) => {
          const numbers = s.contacts
            .filter((c) => c.kind === 'phone' || c.kind === 'sms')
            .map((c) => c.value);
          return (
            <div key={s.id}>
              <dt>{localized(s.name, locale)}</dt>
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
  country,
  emergency,
}: {
  ctx: PageContext;
  countries: Place[];
  country: string;
  emergency: CountryEmergency | undefined;
}) {
  const { t, locale } = ctx;
  const u = (key: string, o?: Record<string, unknown>) => t(`directory:urgent.${key}`, o);
  return (
    <Layout ctx={ctx} title={u('title')}>
      <h1>{u('title')}</h1>
      <p class="lead">{u('intro')}</p>
      <form method="get" action={`/${locale}/urgent`} class="inline-form">
        <label for="country" class="label">
          {u('countryLabel')}
        </label>
        <select id="country" name="country">
          {countries.map((c) => (
            <option key={c.id} value={c.id} selected={c.id === country}>
              {localized(c.name, locale)}
            </option>
          ))}
        </select>
        <button type="submit" class="button secondary">
          {u('choose')}
        </button>
      </form>
      {emergency ? (
        <ul class="numbers">
          {emergency.numbers.map((n) => (
            <li key={n.number + n.kind}>
              <a class="button number" href={`tel:${dialable(n.number)}`}>
                {u('call', { number: n.number })}
              </a>
              <span class="number-label">{localized(n.label, locale)}</span>
              <span class="hint">
                {[
                  n.free ? u('free') : null,
                  n.open24h ? u('open24h') : null,
                  n.showsOnBill === true ? u('showsOnBill') : n.showsOnBill === false ? u('notOnBill') : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {emergency?.verifyBeforeDeploying ? <p class="hint">{u('verify')}</p> : null}
    </Layout>
  );
}
