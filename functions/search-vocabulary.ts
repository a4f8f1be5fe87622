import { RESOURCES } from '../locales/index.js';
import type { IndexVocabulary } from './domain/directory/search.js';
import { SERVED_GROUPS } from './domain/directory/model.js';
import { AREAS, type AreaId } from './domain/directory/taxonomy.js';
import { SUPPORTED_LOCALES } from './domain/locales.js';
import type { ReferenceData } from './reference/index.js';

/**
 * Words that name areas and places in every language, so "ที่พัก" or "Chiang Mai" finds listings
 * even when their own text does not use those words.
 */
export function searchVocabulary(reference: ReferenceData): IndexVocabulary {
  const areaLabels: Partial<Record<AreaId, string[]>> = {};
  for (const area of AREAS) {
    areaLabels[area] = SUPPORTED_LOCALES.map(
      (l) => (RESOURCES[l].directory as { areas?: Record<string, string> }).areas?.[area],
    ).filter((x): x is string => typeof x === 'string');
  }
  const placeNames = new Map(reference.places.map((p) => [p.id, Object.values(p.name)]));
  const groupLabels: Partial<Record<string, string[]>> = {};
  for (const group of SERVED_GROUPS) {
    groupLabels[group] = SUPPORTED_LOCALES.map(
      (l) => (RESOURCES[l].directory as { groups?: Record<string, string> }).groups?.[group],
    ).filter((x): x is string => typeof x === 'string');
  }
  return { areaLabels, placeNames, groupLabels };
}
