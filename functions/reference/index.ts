import * as z from 'zod';
import {
  type CountryEmergency,
  CountryEmergencySchema,
  type Place,
  PlaceSchema,
} from '../domain/directory/model.js';
import { type Locale, SUPPORTED_LOCALES } from '../domain/locales.js';
import emergencyJson from './emergency-numbers.json' with { type: 'json' };
import localeCountriesJson from './locale-countries.json' with { type: 'json' };
import placesJson from './places.json' with { type: 'json' };

/**
 * Reference data shipped with the portal: places (country → province → district, names in every
 * language) and urgent numbers per country. The numbers are marked "verify before deploying":
 * a deploying organisation must check each one (see README, Configuration). `localeCountry` is the
 * country a page language suggests (Thai → Thailand) when a person in danger has not chosen one.
 */
export interface ReferenceData {
  places: Place[];
  placeById: Map<string, Place>;
  countries: Place[];
  emergency: CountryEmergency[];
  localeCountry: Partial<Record<Locale, string>>;
}

let cached: ReferenceData | undefined;

/**
 * The reference data, validated on first use: the object is returned at once (handlers take it at
 * init) and the files are parsed the first time one of its fields is read, not at cold start.
 * A one-off parse skips zod's compiled fast path (`jitless`): compiling it costs more than it saves.
 */
export function referenceData(): ReferenceData {
  if (cached) return cached;
  let parsed: ReferenceData | undefined;
  const data = (): ReferenceData => {
    if (parsed) return parsed;
    const once = { jitless: true };
    const places = z.array(PlaceSchema).parse(placesJson, once);
    const emergency = z.array(CountryEmergencySchema).parse(emergencyJson, once);
    const localeCountry = z
      .partialRecord(z.enum(SUPPORTED_LOCALES), z.string().regex(/^[A-Z]{2}$/))
      .parse(localeCountriesJson, once);
    parsed = {
      places,
      placeById: new Map(places.map((p) => [p.id, p])),
      countries: places.filter((p) => !p.id.includes('-')),
      emergency,
      localeCountry,
    };
    return parsed;
  };
  cached = {
    get places() {
      return data().places;
    },
    get placeById() {
      return data().placeById;
    },
    get countries() {
      return data().countries;
    },
    get emergency() {
      return data().emergency;
    },
    get localeCountry() {
      return data().localeCountry;
    },
  };
  return cached;
}

/** Children of a place: provinces of a country, districts of a province. */
export function childPlaces(data: ReferenceData, parentId: string): Place[] {
  const depth = parentId.split('-').length + 1;
  return data.places.filter((p) => p.id.startsWith(`${parentId}-`) && p.id.split('-').length === depth);
}
