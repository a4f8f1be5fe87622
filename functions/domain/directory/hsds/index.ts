/**
 * Open Referral HSDS 3.0 ⇄ Waypoint directory model. Pure: no I/O, no HTTP, no AWS.
 *
 * One module per part of the standard:
 *   ids.ts            HSDS UUIDs for our ids (stable v5 UUIDs), version and OpenAPI addresses
 *   taxonomy.ts       the two Waypoint taxonomies and their terms
 *   types.ts          the HSDS object shapes we produce
 *   attributes.ts     HSDS attributes: ours written and read
 *   export-view.ts    our model → HSDS in one locale (HsdsView)
 *   import-schema.ts  what the importer reads of HSDS input (zod)
 *   importer.ts       HSDS → whole records (fromHsds), with a reason for every refusal
 *   map-*.ts          one mapper per HSDS object (organization, service, location, schedule,
 *                     contacts, cost)
 *   time-zones.ts     IANA zones ⇄ UTC offsets
 *   keywords.ts       areas of help from the words of a record without our terms
 *   csv.ts            the tabular (CSV) package nested into HSDS objects
 */

export { parseCsv, csvToObjects, nestTabular, tablesFromTabularJson } from './csv.js';
export type { CsvRows, TabularTables } from './csv.js';
export { HsdsView } from './export-view.js';
export type { HsdsDirectory, HsdsExportOptions } from './export-view.js';
export { HSDS_OPENAPI_URL, HSDS_PROFILE_URL, HSDS_VERSION, hsdsId, isUuid, nameUuid } from './ids.js';
export { fromHsds } from './importer.js';
export type {
  HsdsImportOptions,
  HsdsImportResult,
  HsdsNote,
  HsdsRecord,
  HsdsRejection,
} from './importer.js';
export { areasFromKeywords } from './keywords.js';
export {
  AREA_TAXONOMY_NAME,
  ATTRIBUTE_TAXONOMY_NAME,
  areaTermCode,
  hsdsTaxonomies,
  hsdsTaxonomyTerms,
  subtypeTermCode,
} from './taxonomy.js';
export type { DirectoryLabels, HsdsTaxonomy, HsdsTaxonomyTerm } from './taxonomy.js';
export { utcOffsetHours, zoneForOffset } from './time-zones.js';
export type * from './types.js';
