/**
 * Checks directory data files against the domain schemas and the completeness rules:
 *   npx tsx scripts/validate-directory-data.ts <file.json> …
 * Demo directory files: { organizations, locations, services }. Also accepts places.json and
 * emergency-numbers.json. Every LocalizedText must carry all eight locales.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { SUPPORTED_LOCALES } from '../functions/domain/locales.js';
import {
  CountryEmergencySchema,
  LocationSchema,
  OrganizationSchema,
  PlaceSchema,
  ServiceSchema,
} from '../functions/domain/directory/model.js';

const DemoFileSchema = z.object({
  organizations: z.array(OrganizationSchema),
  locations: z.array(LocationSchema),
  services: z.array(ServiceSchema),
});

/** Finds LocalizedText objects (objects with an "en" string) missing any locale. */
function missingLocales(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) missingLocales(v, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.en === 'string') {
      for (const l of SUPPORTED_LOCALES)
        if (typeof obj[l] !== 'string' || !(obj[l] as string).trim()) out.push(`${path}.${l}`);
      return;
    }
    for (const [k, v] of Object.entries(obj)) missingLocales(v, `${path}.${k}`, out);
  }
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  let result: { success: boolean; error?: z.ZodError };
  if (file.endsWith('places.json')) result = z.array(PlaceSchema).safeParse(data);
  else if (file.endsWith('emergency-numbers.json')) result = z.array(CountryEmergencySchema).safeParse(data);
  else result = DemoFileSchema.safeParse(data);
  const missing: string[] = [];
  missingLocales(data, '', missing);
  if (!result.success) {
    failed = true;
    console.log(`${file}: schema errors`);
    for (const issue of result.error?.issues.slice(0, 30) ?? [])
      console.log(`  ${issue.path.join('.')}: ${issue.message}`);
  }
  if (missing.length) {
    failed = true;
    console.log(`${file}: ${missing.length} missing translations, e.g. ${missing.slice(0, 10).join(', ')}`);
  }
  if (result.success && !missing.length) {
    const counts = Array.isArray(data)
      ? `${data.length} entries`
      : `${data.services.length} services, ${data.organizations.length} organizations, ${data.locations.length} locations`;
    console.log(`${file}: OK (${counts})`);
  }
}
process.exit(failed ? 1 : 0);
