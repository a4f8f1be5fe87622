import * as z from 'zod';
import type { Locale } from '../../locales.js';
import {
  type HsdsExtra,
  type Organization,
  type Place,
  type PublicLocation,
  type Service,
  WEEKDAYS,
  type Weekday,
} from '../model.js';
import { attribute, translationStatusValues } from './attributes.js';
import { hsdsId, isUuid, nameUuid } from './ids.js';
import { OPEN_24H_TEXT } from './map-schedule.js';
import { type AttributeCode, areaTermCode, type DirectoryLabels, subtypeTermCode } from './taxonomy.js';
import { utcOffsetHours } from './time-zones.js';
import type {
  HsdsAddress,
  HsdsAttribute,
  HsdsContact,
  HsdsCostOption,
  HsdsLanguage,
  HsdsLocation,
  HsdsOrganization,
  HsdsOrganizationBrief,
  HsdsPhone,
  HsdsSchedule,
  HsdsService,
  HsdsServiceBrief,
} from './types.js';
import { text, withoutUndefined } from './util.js';

/**
 * Export: our model → HSDS. {@link HsdsView} turns organizations, services and *public* locations
 * into HSDS objects in one locale (English where a text has no translation).
 */

export interface HsdsExportOptions {
  locale?: Locale;
  /** Known places (usually referenceData().places): service areas are named after them. */
  places?: readonly Place[];
  /** Area and sub-type labels in `locale`; English otherwise. */
  labels?: DirectoryLabels;
  /** The instant at which an IANA time zone is turned into the UTC offset HSDS schedules carry. */
  now?: Date;
}

/** What the export reads: the public directory (locations are public projections only). */
export interface HsdsDirectory {
  organizations: readonly Organization[];
  services: readonly Service[];
  locations: readonly PublicLocation[];
}

const EMAIL = z.email();
const URI = z.url();

/**
 * Maps the public directory to HSDS objects in one locale. Build one per directory version and
 * locale; lookups accept our ids and the HSDS UUIDs. Confidential locations are exported without
 * address and coordinates even if a caller passes a full Location by mistake.
 */
export class HsdsView {
  readonly locale: Locale;
  private readonly now: Date;
  private readonly placeById: Map<string, Place>;
  private readonly orgById = new Map<string, Organization>();
  private readonly serviceById = new Map<string, Service>();
  private readonly locationById = new Map<string, PublicLocation>();
  private readonly languageNames: Intl.DisplayNames | undefined;

  constructor(
    readonly directory: HsdsDirectory,
    options: HsdsExportOptions = {},
  ) {
    this.locale = options.locale ?? 'en';
    this.now = options.now ?? new Date();
    this.placeById = new Map((options.places ?? []).map((p) => [p.id, p]));
    for (const o of directory.organizations) {
      this.orgById.set(o.id, o);
      this.orgById.set(hsdsId('organization', o.id), o);
    }
    for (const s of directory.services) {
      this.serviceById.set(s.id, s);
      this.serviceById.set(hsdsId('service', s.id), s);
    }
    for (const l of directory.locations) this.locationById.set(l.id, l);
    try {
      this.languageNames = new Intl.DisplayNames([this.locale, 'en'], { type: 'language' });
    } catch {
      this.languageNames = undefined;
    }
  }

  /** A service by our id or its HSDS UUID. */
  findService(id: string): Service | undefined {
    return this.serviceById.get(id) ?? this.serviceById.get(id.toLowerCase());
  }

  /** An organization by our id or its HSDS UUID. */
  findOrganization(id: string): Organization | undefined {
    return this.orgById.get(id) ?? this.orgById.get(id.toLowerCase());
  }

  /** One-to-one fields plus the organization stub (HSDS service_list entry). */
  serviceBrief(service: Service): HsdsServiceBrief {
    const org = this.orgById.get(service.organizationId);
    const email = service.contacts.find((c) => c.kind === 'email' && EMAIL.safeParse(c.value).success)?.value;
    const url = service.contacts.find((c) => c.kind === 'web' && URI.safeParse(c.value).success)?.value;
    const verifiedBy = service.lastVerified?.by;
    const keptStatus = service.hsds?.status;
    const status =
      service.status === 'inactive' && typeof keptStatus === 'string' && INACTIVE_STATUSES.has(keptStatus)
        ? keptStatus
        : service.status;
    return withoutUndefined<HsdsServiceBrief>({
      ...scalarExtras(service.hsds),
      id: hsdsId('service', service.id),
      organization_id: hsdsId('organization', service.organizationId),
      name: text(service.name, this.locale) as string,
      description: text(service.description, this.locale),
      url,
      email,
      status,
      fees_description: text(service.cost.details, this.locale),
      minimum_age: service.minimumAge,
      maximum_age: service.maximumAge,
      assured_date: service.lastVerified?.on,
      assurer_email: verifiedBy && EMAIL.safeParse(verifiedBy).success ? verifiedBy : undefined,
      last_modified: service.updatedAt,
      organization: org ? this.organizationBrief(org) : undefined,
    });
  }

  /** The fully nested service (HSDS service_full). */
  service(service: Service): HsdsService {
    const brief = this.serviceBrief(service);
    const sid = brief.id;
    const attrs: HsdsAttribute[] = [];
    const add = (code: string, value?: string, linkType = 'detail') =>
      attrs.push(attribute('service', sid, code, value, attrs.length, linkType));

    for (const area of service.areas) add(areaTermCode(area), undefined, 'service_type');
    for (const subtype of service.subtypes) add(subtypeTermCode(subtype), undefined, 'service_type');
    if (!isUuid(service.id)) add('waypoint-id', service.id);
    add('free-of-charge', String(service.cost.free));
    add('police-report-required', String(service.policeReportRequired));
    add('general-service', String(service.generalService));
    for (const group of service.servesGroups) add('serves-group', group, 'eligibility');
    const c = service.conditions;
    if (c) {
      const flags: [AttributeCode, boolean | undefined][] = [
        ['shelter-free-to-leave', c.freeToLeave],
        ['shelter-phone-allowed', c.phoneAllowed],
        ['shelter-work-allowed', c.workAllowed],
        ['shelter-children-with-parent', c.childrenWithParent],
        ['shelter-cooperation-required', c.cooperationRequired],
      ];
      for (const [code, flag] of flags) if (flag !== undefined) add(code, String(flag));
      if (c.typicalStay) add('shelter-typical-stay', text(c.typicalStay, this.locale));
    }
    if (service.accessibility) add('accessibility', text(service.accessibility, this.locale));
    if (service.discreetLabel) add('discreet-label', text(service.discreetLabel, this.locale));
    for (const entry of translationStatusValues(service.translationStatus)) add('translation-status', entry);
    if (service.sample) add('sample', 'true');
    if (service.lastVerified) add('last-verified-by', service.lastVerified.by);
    if (service.schedule?.open24h) add('open-24h', 'true');

    // HSDS has one email and one url per service: the first valid ones go there, emails also into
    // contacts (with their label), and every other channel into a contact-channel attribute.
    const phones: HsdsPhone[] = [];
    const contacts: HsdsContact[] = [];
    service.contacts.forEach((channel, i) => {
      if (channel.kind === 'phone' || channel.kind === 'sms') {
        const pid = channel.hsdsId ?? nameUuid(`phone:${service.id}:${i}`);
        const phoneAttrs: HsdsAttribute[] = [];
        if (channel.free !== undefined)
          phoneAttrs.push(attribute('phone', pid, 'free-call', String(channel.free), phoneAttrs.length));
        if (channel.showsOnBill !== undefined)
          phoneAttrs.push(
            attribute('phone', pid, 'shows-on-bill', String(channel.showsOnBill), phoneAttrs.length),
          );
        phones.push(
          withoutUndefined<HsdsPhone>({
            id: pid,
            service_id: sid,
            number: channel.value,
            type: channel.kind === 'sms' ? 'text' : 'voice',
            description: text(channel.label, this.locale),
            attributes: phoneAttrs,
          }),
        );
      } else if (channel.kind === 'email' && EMAIL.safeParse(channel.value).success) {
        contacts.push(
          withoutUndefined<HsdsContact>({
            id: channel.hsdsId ?? nameUuid(`contact:${service.id}:${i}`),
            service_id: sid,
            name: text(channel.label, this.locale),
            email: channel.value,
          }),
        );
      } else if (!(channel.kind === 'web' && channel.value === brief.url)) {
        add('contact-channel', `${channel.kind}:${channel.value}`);
      }
    });

    const locations = service.locationIds.flatMap((lid) => {
      const location = this.locationById.get(lid);
      return location ? [{ lid, location }] : [];
    });

    const extras = sortedExtras(service.hsds);
    const keptCostOptions = Array.isArray(extras.cost_options)
      ? (extras.cost_options as HsdsCostOption[])
      : undefined;
    return {
      ...brief,
      ...extras,
      phones,
      schedules: this.schedules(service, sid),
      service_areas: service.servesPlaces.map((place) => {
        const areaId = nameUuid(`service_area:${service.id}:${place}`);
        return {
          id: areaId,
          service_id: sid,
          name: text(this.placeById.get(place)?.name, this.locale) ?? place,
          attributes: [attribute('service_area', areaId, 'place-id', place, 0)],
        };
      }),
      service_at_locations: locations.map(({ lid, location }) => ({
        id: nameUuid(`service_at_location:${service.id}:${lid}`),
        service_id: sid,
        location_id: hsdsId('location', lid),
        location: this.location(location),
      })),
      languages: service.languages.map((code) =>
        withoutUndefined<HsdsLanguage>({
          id: nameUuid(`language:${service.id}:${code}`),
          service_id: sid,
          code,
          name: this.languageName(code),
        }),
      ),
      cost_options: keptCostOptions
        ? keptCostOptions
        : service.cost.free
          ? [
              {
                id: nameUuid(`cost_option:${service.id}:free`),
                service_id: sid,
                amount: 0,
                option: 'Free of charge',
              },
            ]
          : [],
      required_documents: service.documentsRequired.map((doc, i) => ({
        id: nameUuid(`required_document:${service.id}:${i}`),
        service_id: sid,
        document: text(doc, this.locale) as string,
      })),
      contacts,
      attributes: [...attrs, ...keptAttributes(extras)],
    };
  }

  private schedules(service: Service, sid: string): HsdsSchedule[] {
    const schedule = service.schedule;
    if (!schedule) return [];
    const timezone = utcOffsetHours(schedule.timeZone, this.now);
    // Notes go on every entry (an importer keeps one copy); a 24-hour schedule without notes says so.
    const description = text(schedule.notes, this.locale) ?? (schedule.open24h ? OPEN_24H_TEXT : undefined);
    const make = (key: string, fields: Partial<HsdsSchedule>, keptId?: string): HsdsSchedule => {
      const id = keptId ?? nameUuid(`schedule:${service.id}:${key}`);
      return withoutUndefined<HsdsSchedule>({
        id,
        service_id: sid,
        ...fields,
        timezone,
        description,
        attributes: [attribute('schedule', id, 'time-zone', schedule.timeZone, 0)],
      });
    };
    // Open 24 hours is written as every day, 00:00–23:59, plus the open-24h attribute on the service.
    if (schedule.open24h) {
      return [
        make('24h', {
          freq: 'WEEKLY',
          byday: WEEKDAYS.map(upper).join(','),
          opens_at: '00:00',
          closes_at: '23:59',
        }),
      ];
    }
    if (schedule.hours.length === 0) return [make('notes', {})];
    return schedule.hours.map((h, i) =>
      make(
        String(i),
        {
          freq: 'WEEKLY',
          byday: h.days.map(upper).join(','),
          opens_at: h.opens,
          closes_at: h.closes,
        },
        h.hsdsId,
      ),
    );
  }

  private languageName(code: string): string | undefined {
    try {
      return this.languageNames?.of(code);
    } catch {
      return undefined;
    }
  }

  /**
   * A location as HSDS. Confidential: name, place and the confidential flag only; never street,
   * postal code or coordinates (stripped here again, whatever the caller passed).
   */
  location(input: PublicLocation): HsdsLocation {
    const { address, latitude, longitude, ...rest } = input;
    const confidential = rest.confidential;
    const lid = hsdsId('location', rest.id);
    const attrs: HsdsAttribute[] = [];
    const add = (code: AttributeCode, value: string) =>
      attrs.push(attribute('location', lid, code, value, attrs.length));
    add('place-id', rest.placeId);
    if (confidential) add('confidential-location', 'true');
    if (!isUuid(rest.id)) add('waypoint-id', rest.id);
    if (rest.sample) add('sample', 'true');
    const addresses: HsdsAddress[] = [];
    if (!confidential && address) {
      const [first = address.street, ...more] = address.street.split('\n');
      addresses.push(
        withoutUndefined<HsdsAddress>({
          id: address.hsdsId ?? nameUuid(`address:${rest.id}`),
          location_id: lid,
          address_1: first,
          address_2: more.length ? more.join('\n') : undefined,
          city: address.city,
          state_province: address.region ?? '',
          postal_code: address.postalCode ?? '',
          country: address.country,
          address_type: address.type ?? 'physical',
        }),
      );
    }
    const accessibility = text(rest.accessibility, this.locale);
    // A confidential location's own words (description, transportation) might say where it is.
    const extras = confidential ? {} : sortedExtras(rest.hsds);
    return withoutUndefined<HsdsLocation>({
      ...extras,
      id: lid,
      location_type: 'physical',
      organization_id: hsdsId('organization', rest.organizationId),
      name: text(rest.name, this.locale) as string,
      latitude: confidential ? undefined : latitude,
      longitude: confidential ? undefined : longitude,
      addresses,
      accessibility: accessibility
        ? [{ id: nameUuid(`accessibility:${rest.id}`), location_id: lid, description: accessibility }]
        : [],
      attributes: [...attrs, ...keptAttributes(extras)],
    });
  }

  /** The organization's own fields; nested in every service so a re-import restores its id. */
  organizationBrief(org: Organization): HsdsOrganizationBrief {
    const oid = hsdsId('organization', org.id);
    const attrs: HsdsAttribute[] = [];
    if (!isUuid(org.id)) attrs.push(attribute('organization', oid, 'waypoint-id', org.id, attrs.length));
    if (org.sample) attrs.push(attribute('organization', oid, 'sample', 'true', attrs.length));
    for (const entry of translationStatusValues(org.translationStatus))
      attrs.push(attribute('organization', oid, 'translation-status', entry, attrs.length));
    return withoutUndefined<HsdsOrganizationBrief>({
      ...scalarExtras(org.hsds),
      id: oid,
      name: text(org.name, this.locale) as string,
      // HSDS requires a description; ours is optional.
      description: text(org.description, this.locale) ?? '',
      email: org.email,
      website: org.website,
      attributes: [...attrs, ...keptAttributes(sortedExtras(org.hsds))],
    });
  }

  /**
   * A nested organization with its public locations. `services`: none, the one-to-one fields of
   * each service, or each fully nested.
   */
  organization(org: Organization, services: 'none' | 'brief' | 'full' = 'brief'): HsdsOrganization {
    const result: HsdsOrganization = {
      ...sortedExtras(org.hsds),
      ...this.organizationBrief(org),
      locations: this.directory.locations
        .filter((l) => l.organizationId === org.id)
        .map((l) => this.location(l)),
    };
    if (services !== 'none') {
      const own = this.directory.services.filter((s) => s.organizationId === org.id);
      result.services = own.map((s) => (services === 'full' ? this.service(s) : this.serviceBrief(s)));
    }
    return result;
  }
}

/** HSDS statuses that are "inactive" for us; the original word is kept for the export. */
export const INACTIVE_STATUSES = new Set(['inactive', 'defunct', 'temporarily closed']);

/** Kept HSDS fields in a stable order (DynamoDB does not keep the order of map keys). */
function sortedExtras(extra: HsdsExtra | undefined): Record<string, unknown> {
  if (!extra) return {};
  const { status: _status, ...rest } = extra;
  return sortDeep(rest) as Record<string, unknown>;
}

/** Attributes of other taxonomies kept from an import. */
function keptAttributes(extras: Record<string, unknown>): HsdsAttribute[] {
  return Array.isArray(extras.attributes) ? (extras.attributes as HsdsAttribute[]) : [];
}

/** The kept fields with plain values (the one-to-one fields of a list entry). */
function scalarExtras(extra: HsdsExtra | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(sortedExtras(extra)).filter(([, v]) => v === null || typeof v !== 'object'),
  );
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function upper(day: Weekday): string {
  return day.toUpperCase();
}
