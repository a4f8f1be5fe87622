import type { TabularTables } from './csv.js';

/**
 * Tables of a tabular package under their HSDS 3.0 names. Packages written for HSDS 1.x/2.x use
 * other table names and columns (physical_addresses, regular_schedules, services_at_location,
 * services_taxonomy, eligibility, accessibility_for_disabilities, …): those with a 3.0 equivalent
 * are mapped, every other table is named in a note. Nothing is skipped without a word.
 */

type Row = Record<string, unknown>;

/** 3.0 tables nestTabular reads. */
const READ_TABLES = new Set([
  'services',
  'organizations',
  'locations',
  'service_at_location',
  'phones',
  'schedules',
  'addresses',
  'accessibility',
  'languages',
  'contacts',
  'service_areas',
  'cost_options',
  'required_documents',
  'attributes',
  'taxonomies',
  'taxonomy_terms',
  'funding',
  'programs',
  'organization_identifiers',
]);

/** Tables that describe the package rather than the directory. */
const DESCRIPTION_TABLES = new Set(['meta_table_descriptions', 'meta_table_description']);

const WEEKDAY_NAMES: Record<string, string> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
  mon: 'MO',
  tue: 'TU',
  wed: 'WE',
  thu: 'TH',
  fri: 'FR',
  sat: 'SA',
  sun: 'SU',
  // HSDS 1.x/2.0 numbers days from Monday (1) to Sunday (7).
  '1': 'MO',
  '2': 'TU',
  '3': 'WE',
  '4': 'TH',
  '5': 'FR',
  '6': 'SA',
  '7': 'SU',
};

export interface UpgradedTables {
  tables: TabularTables;
  /** What was mapped from an older HSDS version, and what could not be read. */
  notes: string[];
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const v = String(value).trim();
  return v ? v : undefined;
}

export function upgradeTables(input: TabularTables): UpgradedTables {
  const tables: TabularTables = {};
  const notes: string[] = [];
  const mapped: string[] = [];
  const append = (name: string, rows: Row[]) => {
    tables[name] = [...(tables[name] ?? []), ...rows];
  };
  for (const [name, rows] of Object.entries(input)) {
    if (READ_TABLES.has(name)) append(name, rows);
  }
  for (const [name, rows] of Object.entries(input)) {
    if (READ_TABLES.has(name)) continue;
    switch (name) {
      case 'physical_addresses':
      case 'postal_addresses':
        append(
          'addresses',
          rows.map((r) => ({ address_type: name === 'postal_addresses' ? 'postal' : 'physical', ...r })),
        );
        mapped.push(`${name} → addresses`);
        break;
      case 'regular_schedules':
        append(
          'schedules',
          rows.map(({ weekday, ...r }) => {
            const day =
              WEEKDAY_NAMES[
                String(weekday ?? '')
                  .trim()
                  .toLowerCase()
              ];
            return { freq: 'WEEKLY', ...(day ? { byday: day } : {}), ...r };
          }),
        );
        mapped.push(`${name} → schedules (weekday numbers 1–7 read as Monday–Sunday)`);
        break;
      case 'services_at_location':
      case 'service_at_locations':
        append('service_at_location', rows);
        mapped.push(`${name} → service_at_location`);
        break;
      case 'accessibility_for_disabilities':
        append(
          'accessibility',
          rows.map(({ accessibility, ...r }) => ({ description: accessibility, ...r })),
        );
        mapped.push(`${name} → accessibility`);
        break;
      case 'services_taxonomy':
        append(
          'attributes',
          rows.map((r) => ({
            id: r.id,
            link_id: r.service_id,
            link_type: 'service',
            link_entity: 'service',
            taxonomy_term_id: r.taxonomy_id,
          })),
        );
        mapped.push(`${name} → attributes`);
        break;
      case 'taxonomy':
        append(
          'taxonomy_terms',
          rows.map(({ vocabulary, ...r }) => ({ ...(vocabulary ? { taxonomy: vocabulary } : {}), ...r })),
        );
        mapped.push(`${name} → taxonomy_terms`);
        break;
      case 'language':
        append(
          'languages',
          rows.map(({ language, ...r }) => {
            const value = text(language);
            const isCode = value !== undefined && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
            return { ...(isCode ? { code: value } : { name: value }), ...r };
          }),
        );
        mapped.push(`${name} → languages`);
        break;
      case 'contact':
        append('contacts', rows);
        mapped.push(`${name} → contacts`);
        break;
      case 'service_area':
        append(
          'service_areas',
          rows.map(({ service_area, ...r }) => ({ name: service_area, ...r })),
        );
        mapped.push(`${name} → service_areas`);
        break;
      case 'eligibility':
        // One text per service in 3.0: eligibility_description.
        mapped.push(`${name} → services.eligibility_description`);
        break;
      default:
        if (DESCRIPTION_TABLES.has(name)) break;
        notes.push(
          rows.length === 0
            ? `table ${name} is empty`
            : `table ${name} (${rows.length} rows) has no HSDS 3.0 equivalent Waypoint reads; it was not imported`,
        );
    }
  }
  const eligibility = input.eligibility ?? [];
  if (eligibility.length && tables.services) {
    const byService = new Map<string, string[]>();
    for (const r of eligibility) {
      const value = text(r.eligibility) ?? text(r.eligibility_description);
      const service = text(r.service_id);
      if (value && service) byService.set(service, [...(byService.get(service) ?? []), value]);
    }
    tables.services = tables.services.map((s) => {
      const extra = byService.get(String(s.id));
      return extra && !text(s.eligibility_description)
        ? { ...s, eligibility_description: extra.join('; ') }
        : s;
    });
  }
  if (mapped.length) notes.unshift(`HSDS 1.x/2.x tables mapped to 3.0: ${mapped.join(', ')}`);
  return { tables, notes };
}
