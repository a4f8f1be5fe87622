import type { HsdsTaxonomyTerm } from './taxonomy.js';

/** HSDS 3.0 object shapes Waypoint produces (a subset of schema/*.json, fields we fill). */

export interface HsdsAttribute {
  id: string;
  link_id: string;
  link_type: string;
  link_entity: string;
  taxonomy_term_id: string;
  taxonomy_term: HsdsTaxonomyTerm;
  value?: string;
}

export interface HsdsPhone {
  id: string;
  service_id?: string;
  number: string;
  type: 'voice' | 'text';
  description?: string;
  attributes: HsdsAttribute[];
}

export interface HsdsSchedule {
  id: string;
  service_id: string;
  freq?: 'WEEKLY';
  byday?: string;
  opens_at?: string;
  closes_at?: string;
  /** UTC offset in hours (HSDS 3.0 defines timezone as a number). */
  timezone: number;
  description?: string;
  attributes: HsdsAttribute[];
}

export interface HsdsServiceArea {
  id: string;
  service_id: string;
  name: string;
  attributes: HsdsAttribute[];
}

export interface HsdsLanguage {
  id: string;
  service_id: string;
  code: string;
  name?: string;
}

export interface HsdsCostOption {
  id: string;
  service_id: string;
  amount: number;
  option?: string;
}

export interface HsdsRequiredDocument {
  id: string;
  service_id: string;
  document: string;
}

export interface HsdsContact {
  id: string;
  service_id: string;
  name?: string;
  email: string;
}

export interface HsdsAddress {
  id: string;
  location_id: string;
  address_1: string;
  address_2?: string;
  city: string;
  state_province: string;
  postal_code: string;
  country: string;
  address_type: 'physical';
}

export interface HsdsLocation {
  id: string;
  location_type: 'physical';
  organization_id: string;
  name: string;
  latitude?: number;
  longitude?: number;
  addresses: HsdsAddress[];
  accessibility: { id: string; location_id: string; description: string }[];
  attributes: HsdsAttribute[];
}

export interface HsdsServiceAtLocation {
  id: string;
  service_id: string;
  location_id: string;
  location: HsdsLocation;
}

export interface HsdsOrganizationBrief {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  attributes: HsdsAttribute[];
}

export interface HsdsOrganization extends HsdsOrganizationBrief {
  locations: HsdsLocation[];
  /** Not part of organization.json, but the HSDS API nests the organization's services here. */
  services?: (HsdsServiceBrief | HsdsService)[];
}

/** The one-to-one fields of a service (the shape of HSDS service_list entries). */
export interface HsdsServiceBrief {
  id: string;
  organization_id: string;
  name: string;
  description: string;
  url?: string;
  email?: string;
  status: 'active' | 'inactive';
  fees_description?: string;
  minimum_age?: number;
  maximum_age?: number;
  assured_date?: string;
  assurer_email?: string;
  last_modified?: string;
  organization?: HsdsOrganizationBrief;
}

/** A fully nested service (HSDS service_full). */
export interface HsdsService extends HsdsServiceBrief {
  phones: HsdsPhone[];
  schedules: HsdsSchedule[];
  service_areas: HsdsServiceArea[];
  service_at_locations: HsdsServiceAtLocation[];
  languages: HsdsLanguage[];
  cost_options: HsdsCostOption[];
  required_documents: HsdsRequiredDocument[];
  contacts: HsdsContact[];
  attributes: HsdsAttribute[];
}
