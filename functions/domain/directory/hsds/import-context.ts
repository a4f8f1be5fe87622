import type { Place } from '../model.js';

export interface HsdsImportOptions {
  /**
   * Place (e.g. "TH") for services that name no place we know and have no location with a
   * country (e.g. a bare service_list entry), and for locations without an address. Without it
   * such records are rejected.
   */
  defaultPlace?: string;
  /** Known places: a service area named like one of them ("Chiang Mai") maps to its id. */
  places?: readonly Place[];
}

/** What the per-object mappers share: the options and a way to warn about a record. */
export interface ImportContext {
  options: HsdsImportOptions;
  warn(ref: string, message: string): void;
}
