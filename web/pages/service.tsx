import type { Organization, Place, PublicLocation, Service } from '../../functions/domain/directory/model.js';
import { publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { isOpenAt } from '../../functions/domain/directory/schedule.js';
import { dateTagFor } from '../../functions/domain/locales.js';
import { AreaIcon } from '../components/area-icon.js';
import {
  daysSince,
  formatDate,
  localized,
  placeName,
  languageName,
  weekdayName,
} from '../components/format.js';
import { contactHref } from '../components/contact-links.js';
import { Layout, type PageContext } from '../components/layout.js';

export interface ServicePageProps {
  ctx: PageContext;
  service: Service;
  organization: Organization | undefined;
  locations: PublicLocation[];
  places: Map<string, Place>;
  now: Date;
  staleAfterDays: number;
  /**
   * The results that led here, for "Back to results": the part of the address after
   * /<lang>/services, checked by backPathFrom (a sealed results address or neutral criteria).
   */
  backPath?: string | undefined;
}

export function ServicePage({
  ctx,
  service,
  organization,
  locations,
  places,
  now,
  staleAfterDays,
  backPath,
}: ServicePageProps) {
  const { t, locale } = ctx;
  const d = (key: string, o?: Record<string, unknown>) => t(`directory:${key}`, o);
  const name = localized(service.name, locale);
  const publicId = publicServiceId(service.id);
  const schedule = service.schedule;
  const intlTag = dateTagFor(locale);
  const c = service.conditions;
  const yesNo = (value: boolean | undefined, yes: string, no: string) =>
    value === undefined ? null : <li>{d(value ? yes : no)}</li>;

  return (
    // The tab and the history name neither the service nor what it does (P2): a neutral title.
    <Layout ctx={ctx} title={d('service.pageTitle')}>
      <p>
        {backPath ? (
          <a href={`/${locale}/services${backPath}`}>{d('service.backToResults')}</a>
        ) : (
          <a href={`/${locale}/services`}>{d('service.back')}</a>
        )}
      </p>
      <h1>{name}</h1>
      {organization ? <p class="hint">{localized(organization.name, locale)}</p> : null}
      <p class="tags">
        {service.areas.map((area) => (
          <span key={area} class="tag">
            <AreaIcon area={area} />
            {d(`areas.${area}`)}
          </span>
        ))}
      </p>

      <h2>{d('service.offer')}</h2>
      <p>{localized(service.description, locale)}</p>
      {service.subtypes.length > 0 ? (
        <ul>
          {service.subtypes.map((s) => (
            <li key={s}>{d(`subtypes.${s}`)}</li>
          ))}
        </ul>
      ) : null}
      {service.generalService ? <p class="note">{d('service.generalService')}</p> : null}

      <h2>{d('service.reach')}</h2>
      <ul class="contacts">
        {service.contacts.map((contact, i) => {
          const href = contactHref(contact);
          const label =
            contact.kind === 'walk-in'
              ? d('contact.walk-in')
              : d(`contact.${contact.kind}`, { value: contact.value });
          return (
            <li key={`${contact.kind}-${i}`}>
              {href ? (
                <a class="button secondary contact" href={href} rel="noreferrer">
                  {label}
                </a>
              ) : (
                <span class="contact">{label}</span>
              )}
              {contact.label ? <span class="hint"> {localized(contact.label, locale)}</span> : null}
              {contact.free ? <span class="hint"> · {d('contact.freeCall')}</span> : null}
              {contact.showsOnBill === true ? <span class="hint"> · {d('contact.showsOnBill')}</span> : null}
              {contact.showsOnBill === false ? <span class="hint"> · {d('contact.notOnBill')}</span> : null}
            </li>
          );
        })}
      </ul>

      <h2>{d('service.hours')}</h2>
      {schedule ? (
        <>
          <p>
            <strong>
              {schedule.open24h
                ? d('service.open24h')
                : isOpenAt(schedule, now)
                  ? d('service.openNow')
                  : d('service.closedNow')}
            </strong>
          </p>
          {!schedule.open24h && schedule.hours.length > 0 ? (
            <ul>
              {schedule.hours.map((h, i) => (
                <li key={i}>
                  {h.days.map((day) => weekdayName(day, intlTag)).join(', ')}: {h.opens}–{h.closes}
                </li>
              ))}
            </ul>
          ) : null}
          <p class="hint">{d('service.timeZone', { zone: schedule.timeZone })}</p>
          {schedule.notes ? <p>{localized(schedule.notes, locale)}</p> : null}
        </>
      ) : (
        <p>{d('service.noHours')}</p>
      )}

      <h2>{d('service.where')}</h2>
      <ul>
        {service.servesPlaces.map((p) => (
          <li key={p}>{placeName(places, p, locale)}</li>
        ))}
      </ul>
      {locations.map((loc) => (
        <div key={loc.id} class="location">
          <p>
            <strong>{localized(loc.name, locale)}</strong> — {placeName(places, loc.placeId, locale)}
          </p>
          {loc.confidential ? (
            <p class="hint">{d('service.confidentialPlace')}</p>
          ) : loc.address ? (
            <p>
              {loc.address.street}, {loc.address.city}
            </p>
          ) : null}
          {loc.accessibility ? <p>{localized(loc.accessibility, locale)}</p> : null}
        </div>
      ))}

      <h2>{d('service.servesGroups')}</h2>
      <p>
        {service.servesGroups.length === 0
          ? d('service.everyone')
          : service.servesGroups.map((g) => d(`groups.${g}`)).join(', ')}
        {service.minimumAge !== undefined || service.maximumAge !== undefined
          ? ` · ${d('service.ages', { min: service.minimumAge ?? 0, max: service.maximumAge ?? 120 })}`
          : null}
      </p>

      {service.languages.length > 0 ? (
        <>
          <h2>{d('service.languages')}</h2>
          <p>{service.languages.map((l) => languageName(l, intlTag)).join(', ')}</p>
        </>
      ) : null}

      <h2>{d('service.cost')}</h2>
      <p>{service.cost.free ? d('service.free') : d('service.notFree')}</p>
      {service.cost.details ? <p>{localized(service.cost.details, locale)}</p> : null}

      <h2>{d('service.documents')}</h2>
      {service.documentsRequired.length === 0 ? (
        <p>{d('service.noDocuments')}</p>
      ) : (
        <ul>
          {service.documentsRequired.map((doc, i) => (
            <li key={i}>{localized(doc, locale)}</li>
          ))}
        </ul>
      )}
      <p>{service.policeReportRequired ? d('service.policeReportRequired') : d('service.noPoliceReport')}</p>

      {c ? (
        <>
          <h2>{d('service.conditions')}</h2>
          <ul>
            {yesNo(c.freeToLeave, 'service.freeToLeave', 'service.notFreeToLeave')}
            {yesNo(c.phoneAllowed, 'service.phoneAllowed', 'service.phoneNotAllowed')}
            {yesNo(c.workAllowed, 'service.workAllowed', 'service.workNotAllowed')}
            {yesNo(c.childrenWithParent, 'service.childrenWithParent', 'service.childrenNotWithParent')}
            {yesNo(c.cooperationRequired, 'service.cooperationRequired', 'service.noCooperationRequired')}
            {c.typicalStay ? (
              <li>{d('service.typicalStay', { stay: localized(c.typicalStay, locale) })}</li>
            ) : null}
          </ul>
        </>
      ) : null}

      {service.accessibility ? (
        <>
          <h2>{d('service.accessibility')}</h2>
          <p>{localized(service.accessibility, locale)}</p>
        </>
      ) : null}

      <p class="verified">
        {service.lastVerified
          ? d('service.lastVerified', { date: formatDate(service.lastVerified.on, locale) })
          : d('service.notVerified')}
      </p>
      {!service.lastVerified || daysSince(service.lastVerified.on, now) > staleAfterDays ? (
        <p class="note warn">{d('service.stale')}</p>
      ) : null}

      <p class="actions">
        <a class="button secondary" href={`/${locale}/card?id=${publicId}`}>
          {d('service.discreetCard')}
        </a>
        <a href={`/${locale}/services/${publicId}/report`}>{d('service.report')}</a>
      </p>
    </Layout>
  );
}
