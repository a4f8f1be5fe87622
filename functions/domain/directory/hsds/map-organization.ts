import { type Organization, OrganizationSchema } from '../model.js';
import { readAttributes, translationStatusFrom } from './attributes.js';
import type { OrganizationInT } from './import-schema.js';
import { clean, formatIssues, Rejected } from './util.js';

/** HSDS organization → our Organization. */
export function mapOrganization(raw: OrganizationInT): Organization {
  const attributes = readAttributes(raw.attributes);
  const name = clean(raw.name);
  if (!name) throw new Rejected('organization name is empty');
  const description = clean(raw.description);
  const candidate = {
    id: attributes.first('waypoint-id') ?? raw.id.toLowerCase(),
    name: { en: name },
    ...(description ? { description: { en: description } } : {}),
    ...(clean(raw.website) ? { website: clean(raw.website) } : {}),
    ...(clean(raw.email) ? { email: clean(raw.email) } : {}),
    sample: attributes.flag('sample') ?? false,
    ...translationStatusFrom(attributes),
  };
  const parsed = OrganizationSchema.safeParse(candidate);
  if (!parsed.success) throw new Rejected(formatIssues(parsed.error, true));
  return parsed.data;
}
