import type { Location, Organization, Service } from '../model.js';
import { nestTabular, tablesFromTabularJson } from './csv.js';
import type { HsdsImportOptions, ImportContext } from './import-context.js';
import {
  LocationIn,
  type LocationInT,
  OrganizationIn,
  type OrganizationInT,
  ServiceAtLocationIn,
  type ServiceAtLocationInT,
  ServiceIn,
} from './import-schema.js';
import { mapLocation } from './map-location.js';
import { mapOrganization } from './map-organization.js';
import { mapService } from './map-service.js';
import { AREA_TAXONOMY_NAME } from './taxonomy.js';
import { formatIssues, idKey, isRecord, keyCount, Rejected, reasonOf, truncate } from './util.js';

export type { HsdsImportOptions } from './import-context.js';

/** One unit to write with DirectoryStore.saveRecord: all of it or nothing. */
export interface HsdsRecord {
  ref: string;
  organization?: Organization;
  services: Service[];
  locations: Location[];
}

export interface HsdsRejection {
  ref: string;
  reason: string;
}

export interface HsdsNote {
  ref: string;
  message: string;
}

export interface HsdsImportResult {
  records: HsdsRecord[];
  rejections: HsdsRejection[];
  /** Information dropped from records that were accepted (e.g. impossible coordinates). */
  warnings: HsdsNote[];
  /** Objects that are valid HSDS but not directory records (taxonomies, API info). */
  skipped: HsdsNote[];
}

/** A problem that makes a record unusable; carries the reason shown to the person importing. */

interface ServiceEntry {
  path: string;
  raw: Record<string, unknown>;
  org?: Record<string, unknown>;
  sals: Record<string, unknown>[];
}

/**
 * Maps HSDS objects to Waypoint records. Accepts a service_full, organization_full (with
 * `services`), service_at_location_full, list entries, arrays of these and paged lists (`contents`).
 *
 * Rules:
 * - One record per service: the service, its locations and its organization, written together.
 *   An organization with no service in the input (or locations no service uses) is a record of its own.
 * - A service is rejected, with the reason, when something we require is missing or invalid: id
 *   usable as our id, name, description, organization, a service area, a place served, a valid
 *   schedule time. Nothing of a rejected record is returned.
 * - Areas: Waypoint terms in `attributes` ("area-…"/"subtype-…" codes or their UUIDs) first;
 *   otherwise keywords (synonyms.ts: English and the non-Latin-script lists) found in the name and
 *   alternate name, then in the names of the service's taxonomy terms, then in the description —
 *   the areas with the most distinct matches win. No match: rejected (never a default area).
 * - Places served: service areas that are place ids or known place names, else the places of the
 *   service's locations, else `defaultPlace`, else rejected.
 * - Coordinates outside WGS84 ranges are dropped with a warning (a wrong pin is worse than none).
 * - Texts are stored as English (the source language): HSDS carries one language per text.
 */
export function fromHsds(input: unknown, options: HsdsImportOptions = {}): HsdsImportResult {
  return new HsdsImporter(options).run(input);
}

class HsdsImporter implements ImportContext {
  private readonly result: HsdsImportResult = { records: [], rejections: [], warnings: [], skipped: [] };
  private readonly services = new Map<string, ServiceEntry>();
  private readonly orgs = new Map<string, { path: string; raw: Record<string, unknown> }>();
  private readonly standaloneLocations: { path: string; raw: Record<string, unknown> }[] = [];
  private readonly warned = new Set<string>();

  constructor(readonly options: HsdsImportOptions) {}

  run(input: unknown): HsdsImportResult {
    this.collect(input, '$');
    this.build();
    return this.result;
  }

  warn(ref: string, message: string): void {
    const key = `${ref}\n${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.result.warnings.push({ ref, message });
  }

  private collect(value: unknown, path: string): void {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) this.collect(v, `${path}[${i}]`);
      return;
    }
    if (!isRecord(value)) {
      this.result.rejections.push({ ref: path, reason: 'not an HSDS object' });
      return;
    }
    if (Array.isArray(value.contents)) {
      for (const [i, v] of value.contents.entries()) this.collect(v, `${path}.contents[${i}]`);
      return;
    }
    const tables = tablesFromTabularJson(value);
    if (tables) {
      for (const [i, v] of nestTabular(tables).entries()) this.collect(v, `${path}(tabular)[${i}]`);
      return;
    }
    if (isRecord(value.service)) {
      // service_at_location: the service with this one location.
      const { service, ...sal } = value;
      this.addService(service as Record<string, unknown>, `${path}.service`, undefined, sal);
    } else if ('location_type' in value && !('status' in value)) {
      this.standaloneLocations.push({ path, raw: value });
    } else if ('status' in value || 'service_at_locations' in value || isRecord(value.organization)) {
      this.addService(value, path);
    } else if ('openapi_url' in value) {
      this.result.skipped.push({ ref: path, message: 'API information, not a directory record' });
    } else if (['taxonomy_detail', 'taxonomy_id', 'term_uri', 'code', 'parent_id'].some((k) => k in value)) {
      this.result.skipped.push({
        ref: `${path} (taxonomy term ${String(value.id ?? '')})`,
        message: `taxonomy terms are not imported; Waypoint uses its own ${AREA_TAXONOMY_NAME} taxonomy`,
      });
    } else if ('version' in value && !('website' in value) && !('services' in value)) {
      this.result.skipped.push({
        ref: `${path} (taxonomy ${String(value.id ?? '')})`,
        message: 'taxonomies are not imported',
      });
    } else if ('name' in value || 'services' in value) {
      this.addOrganization(value, path);
    } else {
      this.result.rejections.push({
        ref: path,
        reason: 'not an HSDS service, organization, service_at_location or location',
      });
    }
  }

  private addOrganization(raw: Record<string, unknown>, path: string): void {
    const id = idKey(raw.id, path);
    const { services, ...org } = raw;
    if (!this.orgs.has(id) || keyCount(org) > keyCount(this.orgs.get(id)?.raw))
      this.orgs.set(id, { path, raw: org });
    if (Array.isArray(services)) {
      services.forEach((s, i) => {
        if (isRecord(s)) this.addService(s, `${path}.services[${i}]`, org);
        else this.result.rejections.push({ ref: `${path}.services[${i}]`, reason: 'not an HSDS service' });
      });
    }
  }

  private addService(
    raw: Record<string, unknown>,
    path: string,
    org?: Record<string, unknown>,
    sal?: Record<string, unknown>,
  ): void {
    const id = idKey(raw.id, path);
    const existing = this.services.get(id);
    const entry: ServiceEntry = existing ?? { path, raw, sals: [] };
    // The same service may come several times (a list and a full object, or one
    // service_at_location per location): keep the richest copy and every location.
    if (existing && keyCount(raw) > keyCount(existing.raw)) {
      entry.raw = raw;
      entry.path = path;
    }
    entry.org ??= org ?? (isRecord(raw.organization) ? raw.organization : undefined);
    if (sal) entry.sals.push(sal);
    this.services.set(id, entry);
  }

  private build(): void {
    const orgResults = new Map<string, { org?: Organization; reason?: string; raw: OrganizationInT }>();
    const orgFor = (raw: Record<string, unknown>) => {
      const key = idKey(raw.id, '');
      let found = orgResults.get(key);
      if (!found) {
        const parsed = OrganizationIn.safeParse(raw);
        if (!parsed.success) {
          found = {
            reason: `invalid HSDS organization: ${formatIssues(parsed.error)}`,
            raw: raw as OrganizationInT,
          };
        } else {
          try {
            found = { org: mapOrganization(parsed.data), raw: parsed.data };
          } catch (error) {
            found = { reason: reasonOf(error), raw: parsed.data };
          }
        }
        orgResults.set(key, found);
      }
      return found;
    };

    const usedLocationIds = new Set<string>();
    const orgsWithRecords = new Set<string>();
    const orgsReferenced = new Set<string>();

    for (const entry of this.services.values()) {
      const name = typeof entry.raw.name === 'string' ? ` "${truncate(entry.raw.name)}"` : '';
      const ref = `service ${String(entry.raw.id ?? entry.path)}${name}`;
      try {
        const parsed = ServiceIn.safeParse(entry.raw);
        if (!parsed.success) throw new Rejected(`invalid HSDS service: ${formatIssues(parsed.error)}`);
        const raw = parsed.data;
        // The nested organization or the one given on its own, whichever says more.
        const listed = this.orgs.get(idKey(raw.organization_id ?? entry.org?.id, ''))?.raw;
        const orgRaw = keyCount(listed) > keyCount(entry.org) ? listed : entry.org;
        let organization: Organization | undefined;
        let orgLocations: LocationInT[] = [];
        if (orgRaw) {
          orgsReferenced.add(idKey(orgRaw.id, ''));
          const found = orgFor(orgRaw);
          if (!found.org) throw new Rejected(`organization ${String(orgRaw.id ?? '')}: ${found.reason}`);
          organization = found.org;
          orgLocations = found.raw.locations ?? [];
          orgsWithRecords.add(idKey(orgRaw.id, ''));
        } else if (raw.organization_id) {
          this.warn(
            ref,
            `organization ${raw.organization_id} is not in this import; it must already exist in Waypoint`,
          );
        }
        const organizationId = organization?.id ?? raw.organization_id?.toLowerCase();
        if (!organizationId)
          throw new Rejected('no organization: organization_id or a nested organization is required');
        const sals = [...(raw.service_at_locations ?? []), ...entry.sals.map((s) => parseSal(s))];
        const mapped = mapService(this, raw, organizationId, sals, orgLocations, ref);
        for (const l of mapped.locations) usedLocationIds.add(l.id);
        this.result.records.push({
          ref,
          organization,
          services: [mapped.service],
          locations: mapped.locations,
        });
      } catch (error) {
        this.result.rejections.push({ ref, reason: reasonOf(error) });
      }
    }

    // Organizations without services here, or with locations no service uses.
    for (const [id, { raw }] of this.orgs) {
      const ref = `organization ${id}${typeof raw.name === 'string' ? ` "${truncate(raw.name)}"` : ''}`;
      const found = orgFor(raw);
      if (!found.org) {
        // Its services were rejected already, naming the organization's problem.
        if (!orgsReferenced.has(id)) this.result.rejections.push({ ref, reason: found.reason ?? 'invalid' });
        continue;
      }
      try {
        const locations = (found.raw.locations ?? [])
          .map((l) => mapLocation(this, l, found.org?.id as string, ref, found.org?.name.en))
          .filter((l): l is Location => 'id' in l)
          .filter((l) => !usedLocationIds.has(l.id));
        if (orgsWithRecords.has(id) && locations.length === 0) continue;
        this.result.records.push({ ref, organization: found.org, services: [], locations });
      } catch (error) {
        this.result.rejections.push({ ref, reason: reasonOf(error) });
      }
    }

    for (const { path, raw } of this.standaloneLocations) {
      const ref = `location ${String(raw.id ?? path)}`;
      try {
        const parsed = LocationIn.safeParse(raw);
        if (!parsed.success) throw new Rejected(`invalid HSDS location: ${formatIssues(parsed.error)}`);
        const orgId = parsed.data.organization_id?.toLowerCase();
        if (!orgId) throw new Rejected('a location on its own needs organization_id');
        const location = mapLocation(this, parsed.data, orgId, ref);
        if (!('id' in location))
          throw new Rejected('a virtual location is not a place; give its url on the service');
        this.result.records.push({ ref, services: [], locations: [location] });
      } catch (error) {
        this.result.rejections.push({ ref, reason: reasonOf(error) });
      }
    }
  }
}

function parseSal(value: Record<string, unknown>): ServiceAtLocationInT {
  const parsed = ServiceAtLocationIn.safeParse(value);
  if (!parsed.success) throw new Rejected(`invalid HSDS service_at_location: ${formatIssues(parsed.error)}`);
  return parsed.data;
}
