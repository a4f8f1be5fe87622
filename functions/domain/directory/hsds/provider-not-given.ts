import type { Organization } from '../model.js';

/**
 * HSDS 3.0 makes a service's organization optional; Waypoint keeps every service under an
 * organization. A service imported without one (or naming one that exists nowhere) is attached to
 * this clearly marked organization, so no reference points at nothing and an editor can see what
 * to attach to its real provider. It is exported like any other organization.
 */
export const PROVIDER_NOT_GIVEN_ID = 'provider-not-given';
export const PROVIDER_NOT_GIVEN_NAME = 'Provider not given';

export function providerNotGiven(): Organization {
  return {
    id: PROVIDER_NOT_GIVEN_ID,
    name: { en: PROVIDER_NOT_GIVEN_NAME },
    description: {
      en: 'These services were imported without the organization that provides them. Check each one before relying on it.',
    },
    sample: false,
  };
}
