import type { Service } from '../../functions/domain/directory/model.js';
import { isOpenAt } from '../../functions/domain/directory/schedule.js';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { LOCALE_INFO } from '../../functions/domain/locales.js';
import { languageName, localized, placeName, weekdayName } from '../components/format.js';
import { Post } from './pages.js';
import type { ConsoleContext } from './layout.js';

/** What the operator searched the directory with, to refer the person. */
export interface ReferralSearch {
  text: string;
  area: string;
  place: string;
  /** Only services that speak one of the person's languages. */
  sameLanguage: boolean;
}

/**
 * Refer to a service: search the directory by words, area and place (GET, so it works without
 * JavaScript and records nothing), then choose one of the services found, each shown with what an
 * operator must tell the person before a referral: how to reach it, when it is open, languages,
 * who it serves, cost, documents and conditions. Recording the referral still needs the person's
 * consent, as before.
 */
export function ReferralPicker({
  ctx,
  base,
  search,
  services,
  places,
  now,
}: {
  ctx: ConsoleContext;
  /** The request's console address. */
  base: string;
  search: ReferralSearch;
  services: Service[];
  /** Place ids offered in the place filter (the request's country and its provinces). */
  places: string[];
  now: Date;
}) {
  const { t, locale } = ctx;
  const d = (key: string, o?: Record<string, unknown>) => t(`directory:${key}`, o);
  const intlTag = LOCALE_INFO[locale].intlTag;
  const place = (id: string) => (ctx.places && placeName(ctx.places, id, locale, 2)) || id;
  return (
    <>
      <form method="get" action={base} class="referral-search" aria-labelledby="refer-title">
        <p>
          <label for="svc-q">{t('console:request.referWords')}</label>
          <input id="svc-q" name="svc" type="search" value={search.text} maxLength={100} />
        </p>
        <p>
          <label for="svc-area">{t('console:request.referArea')}</label>
          <select id="svc-area" name="area">
            <option value="">{t('console:request.referAnyArea')}</option>
            {AREAS.map((a) => (
              <option key={a} value={a} selected={search.area === a}>
                {d(`areas.${a}`)}
              </option>
            ))}
          </select>
        </p>
        {places.length ? (
          <p>
            <label for="svc-place">{t('console:request.referPlace')}</label>
            <select id="svc-place" name="place">
              <option value="">{t('console:request.referAnyPlace')}</option>
              {places.map((id) => (
                <option key={id} value={id} selected={search.place === id}>
                  {place(id)}
                </option>
              ))}
            </select>
          </p>
        ) : null}
        <p class="check">
          <input type="checkbox" id="svc-lang" name="lang" value="1" checked={search.sameLanguage} />
          <label for="svc-lang">{t('console:request.referSameLanguage')}</label>
        </p>
        <button type="submit" class="button secondary small">
          {t('console:request.referSearch')}
        </button>
      </form>
      {services.length === 0 ? (
        <p data-referral-none="1">{t('console:request.referNone')}</p>
      ) : (
        <Post ctx={ctx} action={`${base}/referrals`} submit={t('console:request.refer')} id="form-referrals">
          <fieldset class="referral-choices">
            <legend>{t('console:request.referService')}</legend>
            {services.map((s, i) => {
              const id = `refer-${s.id}`;
              const phones = s.contacts.filter((c) => c.kind !== 'walk-in');
              const schedule = s.schedule;
              return (
                <div key={s.id} class="referral-choice card" data-referral-service={s.id}>
                  <p class="check">
                    <input
                      type="radio"
                      id={id}
                      name="serviceId"
                      value={s.id}
                      required
                      checked={i === 0 && services.length === 1}
                    />
                    <label for={id}>
                      <strong>{localized(s.name, locale)}</strong>
                    </label>
                  </p>
                  <dl class="facts">
                    <dt>{t('console:request.referAreas')}</dt>
                    <dd>{s.areas.map((a) => d(`areas.${a}`)).join(', ')}</dd>
                    <dt>{d('service.where')}</dt>
                    <dd>{s.servesPlaces.map(place).join(', ')}</dd>
                    <dt>{d('service.reach')}</dt>
                    <dd data-referral-contacts="1">
                      {phones.length
                        ? phones
                            .map(
                              (c) =>
                                `${d(`contact.${c.kind}`, { value: c.value })}${c.free ? ` (${d('contact.freeCall')})` : ''}`,
                            )
                            .join(' · ')
                        : d('contact.walk-in')}
                    </dd>
                    <dt>{d('service.hours')}</dt>
                    <dd data-referral-hours="1">
                      {schedule
                        ? [
                            schedule.open24h
                              ? d('service.open24h')
                              : isOpenAt(schedule, now)
                                ? d('service.openNow')
                                : d('service.closedNow'),
                            ...(!schedule.open24h
                              ? schedule.hours.map(
                                  (h) =>
                                    `${h.days.map((day) => weekdayName(day, intlTag, 'short')).join(' ')} ${h.opens}–${h.closes}`,
                                )
                              : []),
                          ].join(' · ')
                        : d('service.noHours')}
                    </dd>
                    <dt>{d('service.languages')}</dt>
                    <dd>
                      {s.languages.length
                        ? s.languages.map((l) => languageName(l, intlTag)).join(', ')
                        : t('console:request.referLanguagesUnknown')}
                    </dd>
                    <dt>{d('service.servesGroups')}</dt>
                    <dd data-referral-eligibility="1">
                      {s.servesGroups.length === 0
                        ? d('service.everyone')
                        : s.servesGroups.map((g) => d(`groups.${g}`)).join(', ')}
                      {s.minimumAge !== undefined || s.maximumAge !== undefined
                        ? ` · ${d('service.ages', { min: s.minimumAge ?? 0, max: s.maximumAge ?? 120 })}`
                        : null}
                    </dd>
                    <dt>{d('service.conditions')}</dt>
                    <dd data-referral-conditions="1">
                      {[
                        s.cost.free ? d('service.free') : d('service.notFree'),
                        s.documentsRequired.length
                          ? `${d('service.documents')}: ${s.documentsRequired.map((doc) => localized(doc, locale)).join(', ')}`
                          : d('service.noDocuments'),
                        s.policeReportRequired
                          ? d('service.policeReportRequired')
                          : d('service.noPoliceReport'),
                        s.conditions?.cooperationRequired ? d('service.cooperationRequired') : null,
                        s.conditions?.freeToLeave === false ? d('service.notFreeToLeave') : null,
                        s.conditions?.phoneAllowed === false ? d('service.phoneNotAllowed') : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </dd>
                  </dl>
                </div>
              );
            })}
          </fieldset>
          <p class="check">
            <input type="checkbox" id="refer-consent" name="consent" value="yes" />
            <label for="refer-consent">{t('console:request.referConsent')}</label>
          </p>
        </Post>
      )}
    </>
  );
}
