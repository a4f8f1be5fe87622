import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { DirectoryRecord, DirectoryStore } from '../../data/directory-store.js';
import { LocationSchema, OrganizationSchema, ServiceSchema } from '../../domain/directory/model.js';

const DemoFileSchema = z.object({
  organizations: z.array(OrganizationSchema),
  locations: z.array(LocationSchema),
  services: z.array(ServiceSchema),
});

const demoDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The fictional sample directory (every entity marked `sample: true`, shown with a banner), grouped
 * into one record per organization so each is written all-or-nothing.
 */
export function demoDirectoryRecords(): DirectoryRecord[] {
  const files = readdirSync(demoDir)
    .filter((f) => /^directory-.*\.json$/.test(f))
    .sort();
  const records: DirectoryRecord[] = [];
  for (const file of files) {
    const data = DemoFileSchema.parse(JSON.parse(readFileSync(`${demoDir}${file}`, 'utf8')));
    for (const organization of data.organizations) {
      records.push({
        organization,
        services: data.services.filter((s) => s.organizationId === organization.id),
        locations: data.locations.filter((l) => l.organizationId === organization.id),
      });
    }
  }
  return records;
}

/** Loads the demo directory into an empty table; leaves a table with listings alone. */
export async function seedDemoDirectory(store: DirectoryStore): Promise<number> {
  if (!(await store.isEmpty())) return 0;
  let services = 0;
  for (const record of demoDirectoryRecords()) {
    await store.saveRecord(record);
    services += record.services?.length ?? 0;
  }
  return services;
}
