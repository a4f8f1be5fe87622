/**
 * The HSDS 3.0 tabular data package (one CSV file per object type, rows linked by *_id columns)
 * turned into nested HSDS objects, so CSV and JSON go through the same mapper (fromHsds). Pure:
 * the caller reads the files.
 */

/** One CSV file as rows of cells. */
export type CsvRows = string[][];

/**
 * Parses CSV as RFC 4180 says: fields separated by commas, records by CRLF (LF alone is accepted
 * too), fields in double quotes may hold commas, line breaks and doubled quotes (""). A leading
 * byte-order mark is ignored; a quote inside an unquoted field is kept as data. Throws on an
 * unterminated quoted field or on text after a closing quote.
 */
export function parseCsv(input: string): CsvRows {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: CsvRows = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let wasQuoted = false;
  let afterQuote = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === ',' || ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      wasQuoted = false;
      afterQuote = false;
      if (ch !== ',') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        rows.push(row);
        row = [];
        line++;
      }
      continue;
    }
    if (afterQuote) throw new SyntaxError(`CSV: text after a closing quote on line ${line}`);
    if (ch === '"' && field === '' && !wasQuoted) {
      inQuotes = true;
      wasQuoted = true;
      quoteLine = line;
      continue;
    }
    field += ch;
  }
  if (inQuotes) throw new SyntaxError(`CSV: the quoted field opened on line ${quoteLine} is not closed`);
  // The last record may end without a line break.
  if (field !== '' || wasQuoted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Rows as objects keyed by the header row. Empty cells are left out (HSDS: empty means not given).
 * A row with more cells than the header is an error.
 */
export function csvToObjects(input: string, fileName = 'CSV'): Record<string, string>[] {
  const [header, ...rows] = parseCsv(input);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows
    .filter((r) => r.some((cell) => cell.trim() !== ''))
    .map((r, index) => {
      if (r.length > names.length)
        throw new SyntaxError(
          `${fileName}: row ${index + 2} has ${r.length} fields, the header has ${names.length}`,
        );
      const out: Record<string, string> = {};
      r.forEach((cell, i) => {
        if (cell !== '') out[names[i] as string] = cell;
      });
      return out;
    });
}

/** Tables of the package by name without ".csv" (services, organizations, phones, …). */
export type TabularTables = Record<string, Record<string, unknown>[]>;
type Row = Record<string, unknown>;

/**
 * Nests the tables the way the HSDS API does: each service with its organization (and that
 * organization's locations), phones, schedules, service areas, languages, cost options, required
 * documents, contacts, attributes (with their taxonomy terms) and service_at_locations with their
 * locations (addresses, accessibility, phones, schedules). Organizations that no service names
 * come out as organization objects with their locations.
 */
export function nestTabular(tables: TabularTables): Record<string, unknown>[] {
  const rows = (name: string) => tables[name] ?? [];
  // Rows by table and link column, built on first use (a package may hold thousands of rows).
  // Ids compare as text: the JSON form of the package may carry numbers.
  const indexes = new Map<string, Map<string, Row[]>>();
  const by = (name: string, key: string, id: unknown): Row[] => {
    if (id === undefined || id === null || id === '') return [];
    let index = indexes.get(`${name}\u0000${key}`);
    if (!index) {
      index = new Map();
      for (const r of rows(name)) {
        if (r[key] === undefined || r[key] === null || r[key] === '') continue;
        const k = String(r[key]);
        const list = index.get(k);
        if (list) list.push(r);
        else index.set(k, [r]);
      }
      indexes.set(`${name}\u0000${key}`, index);
    }
    return index.get(String(id)) ?? [];
  };

  const taxonomies = new Map(rows('taxonomies').map((t) => [String(t.id), t]));
  const terms = new Map(
    rows('taxonomy_terms').map((t) => {
      const detail = taxonomies.get(String(t.taxonomy_id));
      return [String(t.id), detail ? { ...t, taxonomy_detail: detail } : { ...t }];
    }),
  );
  const attributes = (id: unknown) =>
    by('attributes', 'link_id', id).map((a) => {
      const term = terms.get(String(a.taxonomy_term_id));
      return term ? { ...a, taxonomy_term: term } : { ...a };
    });
  const languages = (key: string, id: unknown) =>
    by('languages', key, id).map((l) => ({ ...l, attributes: attributes(l.id) }));
  const phones = (key: string, id: unknown) =>
    by('phones', key, id).map((p) => ({
      ...p,
      languages: languages('phone_id', p.id),
      attributes: attributes(p.id),
    }));
  const schedules = (key: string, id: unknown) =>
    by('schedules', key, id).map((s) => ({ ...s, attributes: attributes(s.id) }));
  const contacts = (key: string, id: unknown) =>
    by('contacts', key, id).map((c) => ({
      ...c,
      phones: phones('contact_id', c.id),
      attributes: attributes(c.id),
    }));
  const location = (l: Row) => ({
    ...l,
    addresses: by('addresses', 'location_id', l.id),
    accessibility: by('accessibility', 'location_id', l.id),
    phones: phones('location_id', l.id),
    schedules: schedules('location_id', l.id),
    languages: languages('location_id', l.id),
    contacts: contacts('location_id', l.id),
    attributes: attributes(l.id),
  });
  const locationById = new Map(rows('locations').map((l) => [String(l.id), l]));
  const organization = (o: Row) => ({
    ...o,
    phones: phones('organization_id', o.id),
    contacts: contacts('organization_id', o.id),
    locations: by('locations', 'organization_id', o.id).map(location),
    attributes: attributes(o.id),
  });
  const organizationById = new Map(rows('organizations').map((o) => [String(o.id), o]));

  const services = rows('services').map((s) => {
    const org = organizationById.get(String(s.organization_id));
    return {
      ...s,
      ...(org ? { organization: organization(org) } : {}),
      phones: phones('service_id', s.id),
      schedules: schedules('service_id', s.id),
      service_areas: by('service_areas', 'service_id', s.id).map((a) => ({
        ...a,
        attributes: attributes(a.id),
      })),
      languages: languages('service_id', s.id),
      cost_options: by('cost_options', 'service_id', s.id),
      required_documents: by('required_documents', 'service_id', s.id),
      contacts: contacts('service_id', s.id),
      attributes: attributes(s.id),
      service_at_locations: by('service_at_location', 'service_id', s.id).map((sal) => {
        const loc = locationById.get(String(sal.location_id));
        return {
          ...sal,
          phones: phones('service_at_location_id', sal.id),
          schedules: schedules('service_at_location_id', sal.id),
          contacts: contacts('service_at_location_id', sal.id),
          ...(loc ? { location: location(loc) } : {}),
        };
      }),
    };
  });
  const named = new Set(rows('services').map((s) => String(s.organization_id)));
  const loneOrganizations = rows('organizations')
    .filter((o) => !named.has(String(o.id)))
    .map(organization);
  return [...services, ...loneOrganizations];
}

/**
 * The tabular package written as one JSON object ({"services.csv": [...], ...}, as in the HSDS
 * examples' tabular.json) → the tables nestTabular takes; undefined for anything else.
 */
export function tablesFromTabularJson(value: Record<string, unknown>): TabularTables | undefined {
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => k.endsWith('.csv') && Array.isArray(value[k])))
    return undefined;
  return Object.fromEntries(keys.map((k) => [k.slice(0, -4), value[k] as Row[]]));
}
