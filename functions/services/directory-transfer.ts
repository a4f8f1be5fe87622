import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  csvToObjects,
  type DirectoryLabels,
  hsdsId,
  fromHsds,
  type HsdsImportOptions,
  type HsdsNote,
  type HsdsRecord,
  type HsdsRejection,
  HsdsView,
  mergeLocale,
  hsdsTaxonomies,
  hsdsTaxonomyTerms,
} from '../domain/directory/hsds/index.js';
import type { Location, Organization, Place, Service } from '../domain/directory/model.js';
import type { Locale } from '../domain/locales.js';
import type { DirectoryStore } from '../data/directory-store.js';

/**
 * HSDS 3.0 import and export against the directory table, shared by scripts/directory-import.ts,
 * scripts/directory-export.ts and the tests (no process to spawn).
 */

/** One parsed input: a JSON document or a tabular package nested into HSDS objects. */
export interface HsdsSource {
  ref: string;
  data: unknown;
}

/**
 * Reads HSDS input from a path: a JSON file (an object, an array or a paged list with
 * `contents`), or a folder. A folder with CSV files is a tabular data package (every *.csv
 * becomes a table named after the file); otherwise every *.json in it is read.
 */
export async function readHsdsSources(inputPath: string): Promise<HsdsSource[]> {
  const info = await stat(inputPath);
  if (info.isFile()) {
    if (inputPath.toLowerCase().endsWith('.csv'))
      throw new Error(`${inputPath}: give the folder of the tabular package, not one CSV file`);
    return [{ ref: path.basename(inputPath), data: await readJson(inputPath) }];
  }
  const names = (await readdir(inputPath)).sort();
  const csv = names.filter((n) => n.toLowerCase().endsWith('.csv'));
  if (csv.length > 0) {
    // As the tabular JSON form ({"services.csv": [...]}): the importer maps older table names.
    const tables: Record<string, unknown[]> = {};
    for (const name of csv) {
      tables[name] = csvToObjects(await readFile(path.join(inputPath, name), 'utf8'), name);
    }
    return [{ ref: `${path.basename(inputPath)}/*.csv`, data: tables }];
  }
  const sources: HsdsSource[] = [];
  for (const name of names.filter((n) => n.toLowerCase().endsWith('.json'))) {
    sources.push({ ref: name, data: await readJson(path.join(inputPath, name)) });
  }
  if (sources.length === 0) throw new Error(`${inputPath}: no .json or .csv files`);
  return sources;
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

export interface ImportHsdsOptions extends HsdsImportOptions {
  /** Validate and report only; write nothing. */
  dryRun?: boolean;
  /**
   * The language of the file's texts (default English). English replaces the English texts and
   * keeps the other languages; another locale changes only its texts of records that exist.
   */
  locale?: Locale;
}

export interface ImportReport {
  /** Records written (or, in a dry run, that would be written). */
  saved: HsdsRecord[];
  rejections: HsdsRejection[];
  warnings: HsdsNote[];
  skipped: HsdsNote[];
  counts: { records: number; organizations: number; services: number; locations: number };
}

/**
 * Imports every source under `inputPath`: validates each record, writes each accepted one in its
 * own transaction (DirectoryStore.saveRecord), and reports every rejection with its reason. A
 * record that fails to write is reported as rejected; the others are still written.
 */
export async function importHsds(
  store: Pick<DirectoryStore, 'saveRecord' | 'getConfidentialAddress' | 'loadSnapshot'>,
  inputPath: string,
  options: ImportHsdsOptions = {},
): Promise<ImportReport> {
  return importHsdsSources(store, await readHsdsSources(inputPath), inputPath, options);
}

/**
 * Imports parsed sources (the command line reads them from files, the console from an upload):
 * the one importer behind both.
 */
export async function importHsdsSources(
  store: Pick<DirectoryStore, 'saveRecord' | 'getConfidentialAddress' | 'loadSnapshot'>,
  sources: HsdsSource[],
  inputName: string,
  options: ImportHsdsOptions = {},
): Promise<ImportReport> {
  const locale = options.locale ?? 'en';
  const snapshot = await store.loadSnapshot();
  const stored = {
    organizations: new Map(snapshot.organizations.map((o) => [o.id, o])),
    services: new Map(snapshot.services.map((s) => [s.id, s])),
    locations: new Map(snapshot.locations.map((l) => [l.id, l as Location])),
  };
  const existingOrganizations = new Map<string, string>();
  for (const o of snapshot.organizations) {
    existingOrganizations.set(o.id.toLowerCase(), o.id);
    existingOrganizations.set(hsdsId('organization', o.id), o.id);
  }
  const report: ImportReport = {
    saved: [],
    rejections: [],
    warnings: [],
    skipped: [],
    counts: { records: 0, organizations: 0, services: 0, locations: 0 },
  };
  const organizationIds = new Set<string>();
  for (const source of sources) {
    const prefix = (ref: string) => `${source.ref}: ${ref}`;
    const result = fromHsds(source.data, { ...options, existingOrganizations });
    report.rejections.push(...result.rejections.map((r) => ({ ...r, ref: prefix(r.ref) })));
    report.warnings.push(...result.warnings.map((w) => ({ ...w, ref: prefix(w.ref) })));
    report.skipped.push(...result.skipped.map((s) => ({ ...s, ref: prefix(s.ref) })));
    for (const imported of result.records) {
      const record = mergeRecord(imported, locale, stored);
      if (typeof record === 'string') {
        report.rejections.push({ ref: prefix(imported.ref), reason: record });
        continue;
      }
      try {
        if (!options.dryRun) {
          const locations = await keepConfidentialAddresses(store, record.locations);
          await store.saveRecord(
            {
              ...(record.organization ? { organization: record.organization } : {}),
              services: record.services,
              locations,
            },
            new Date(),
            { keepUpdatedAt: true },
          );
        }
      } catch (error) {
        report.rejections.push({
          ref: prefix(record.ref),
          reason: `could not be written: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      report.saved.push(record);
      report.counts.records += 1;
      if (record.organization) organizationIds.add(record.organization.id);
      report.counts.services += record.services.length;
      report.counts.locations += record.locations.length;
    }
  }
  report.counts.organizations = organizationIds.size;
  if (report.counts.records === 0 && report.rejections.length === 0 && report.skipped.length === 0)
    report.rejections.push({
      ref: inputName,
      reason: 'nothing to import: no HSDS service, organization or location was found',
    });
  return report;
}

/**
 * A record merged with what is stored, for an import in `locale` (see mergeLocale); a reason
 * when a non-English file names something that is not in Waypoint yet.
 */
function mergeRecord(
  record: HsdsRecord,
  locale: Locale,
  stored: {
    organizations: Map<string, Organization>;
    services: Map<string, Service>;
    locations: Map<string, Location>;
  },
): HsdsRecord | string {
  const missing = (what: string, id: string) =>
    `${what} ${id} is not in Waypoint yet: import the English file first, then the ${locale} one`;
  const organization = record.organization
    ? mergeLocale(stored.organizations.get(record.organization.id), record.organization, locale)
    : undefined;
  if (record.organization && !organization) return missing('organization', record.organization.id);
  const services: Service[] = [];
  for (const s of record.services) {
    const merged = mergeLocale(stored.services.get(s.id), s, locale);
    if (!merged) return missing('service', s.id);
    services.push(merged);
  }
  const locations: Location[] = [];
  for (const l of record.locations) {
    const merged = mergeLocale(stored.locations.get(l.id), l, locale);
    if (!merged) return missing('location', l.id);
    locations.push(merged);
  }
  return { ...record, ...(organization ? { organization } : {}), services, locations };
}

/**
 * HSDS output never carries the address of a confidential location, so re-importing an export
 * would otherwise overwrite the stored address with nothing: keep the stored one.
 */
async function keepConfidentialAddresses(
  store: Pick<DirectoryStore, 'getConfidentialAddress'>,
  locations: Location[],
): Promise<Location[]> {
  return Promise.all(
    locations.map(async (location) => {
      if (!location.confidential || location.address || location.latitude !== undefined) return location;
      const stored = await store.getConfidentialAddress(location.id);
      if (!stored) return location;
      return {
        ...location,
        ...(stored.address ? { address: stored.address } : {}),
        ...(stored.latitude !== undefined ? { latitude: stored.latitude } : {}),
        ...(stored.longitude !== undefined ? { longitude: stored.longitude } : {}),
      };
    }),
  );
}

/** Human-readable report lines: every rejection with its reason, warnings, then a summary. */
export function formatImportReport(report: ImportReport, dryRun = false): string {
  const lines: string[] = [];
  for (const r of report.rejections) lines.push(`REJECTED ${r.ref}\n  reason: ${r.reason}`);
  for (const w of report.warnings) lines.push(`warning  ${w.ref}\n  ${w.message}`);
  // Skipped objects are grouped per file and reason: an exported taxonomy holds dozens of terms.
  const skipped = new Map<string, number>();
  for (const s of report.skipped) {
    const key = `${s.ref.split(':')[0]}: ${s.message}`;
    skipped.set(key, (skipped.get(key) ?? 0) + 1);
  }
  for (const [key, count] of skipped) {
    const colon = key.indexOf(': ');
    lines.push(`skipped  ${key.slice(0, colon)}: ${count > 1 ? `${count} × ` : ''}${key.slice(colon + 2)}`);
  }
  const { records, organizations, services, locations } = report.counts;
  lines.push(
    `${dryRun ? 'Would write' : 'Wrote'} ${records} record(s): ${organizations} organization(s), ${services} service(s), ${locations} location(s). ` +
      `Rejected: ${report.rejections.length}. Warnings: ${report.warnings.length}. Skipped: ${report.skipped.length}.`,
  );
  return lines.join('\n');
}

export interface ExportHsdsOptions {
  locale?: Locale;
  places?: readonly Place[];
  labels?: DirectoryLabels;
}

export interface ExportReport {
  files: string[];
  counts: { services: number; organizations: number; taxonomies: number; taxonomyTerms: number };
}

/**
 * Writes the directory as HSDS JSON into `folder`: services.json (array of fully nested services,
 * inactive ones included with status "inactive"), organizations.json (with their public
 * locations), taxonomies.json and taxonomy_terms.json. Reads the public snapshot only, so
 * confidential addresses cannot reach the files.
 */
export async function exportHsds(
  store: Pick<DirectoryStore, 'loadSnapshot'>,
  folder: string,
  options: ExportHsdsOptions = {},
): Promise<ExportReport> {
  const documents = await hsdsExportDocuments(store, options);
  await mkdir(folder, { recursive: true });
  const files = Object.entries(documents) as [string, unknown[]][];
  for (const [name, data] of files) {
    await writeFile(path.join(folder, name), `${JSON.stringify(data, null, 2)}\n`, 'utf8');
  }
  return {
    files: files.map(([name]) => path.join(folder, name)),
    counts: {
      services: documents['services.json'].length,
      organizations: documents['organizations.json'].length,
      taxonomies: documents['taxonomies.json'].length,
      taxonomyTerms: documents['taxonomy_terms.json'].length,
    },
  };
}

/**
 * The export's documents by file name, in one locale (the command line writes them as files, the
 * console sends services and organisations as one download). From the public snapshot only.
 */
export async function hsdsExportDocuments(
  store: Pick<DirectoryStore, 'loadSnapshot'>,
  options: ExportHsdsOptions = {},
): Promise<{
  'services.json': unknown[];
  'organizations.json': unknown[];
  'taxonomies.json': unknown[];
  'taxonomy_terms.json': unknown[];
}> {
  const snapshot = await store.loadSnapshot();
  const locale = options.locale ?? 'en';
  const view = new HsdsView(snapshot, {
    locale,
    ...(options.places ? { places: options.places } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
  });
  const byName = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const services = [...snapshot.services].sort(byName).map((s) => view.service(s));
  const organizations = [...snapshot.organizations].sort(byName).map((o) => view.organization(o, 'none'));
  const taxonomies = hsdsTaxonomies();
  const terms = hsdsTaxonomyTerms(locale, options.labels);
  return {
    'services.json': services,
    'organizations.json': organizations,
    'taxonomies.json': taxonomies,
    'taxonomy_terms.json': terms,
  };
}
