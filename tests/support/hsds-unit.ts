import { HsdsView, hsdsTaxonomyTerms, nameUuid } from '../../functions/domain/directory/hsds/index.js';
import { type PublicLocation, toPublicLocation } from '../../functions/domain/directory/model.js';
import { referenceData } from '../../functions/reference/index.js';
import { hsdsTestDirectory } from './hsds-directory.js';

/** Helpers shared by the HSDS unit tests (tests/unit/hsds/*). */

const { organization, services, locations } = hsdsTestDirectory();
const publicLocations = locations.map(toPublicLocation);
const places = referenceData().places;

export function view(locale: 'en' | 'th' = 'en', locs: PublicLocation[] = publicLocations): HsdsView {
  return new HsdsView({ organizations: [organization], services, locations: locs }, { locale, places });
}

/** A minimal valid HSDS service_full, to vary one field at a time. */
export function hsdsService(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'AC148810-D857-441C-9679-408F346DE14B',
    name: 'Shelter for workers',
    description: 'Beds for people who left an employer.',
    status: 'active',
    organization: { id: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610', name: 'Example Org', description: 'An org' },
    service_areas: [{ id: '381c64f1-a724-4884-9c21-ac96c21cca3e', name: 'TH' }],
    ...overrides,
  };
}

export function attr(code: string, value?: string) {
  const term = hsdsTaxonomyTerms().find((t) => t.code === code);
  return { id: nameUuid(`test:${code}:${value}`), taxonomy_term_id: term?.id, taxonomy_term: term, value };
}
