import { describe, expect, it } from 'vitest';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { COMPLETE_LOCALES } from '../../functions/domain/locales.js';
import { demoDirectoryRecords } from '../../functions/local/demo/index.js';
import { referenceData } from '../../functions/reference/index.js';

const records = demoDirectoryRecords();
const services = records.flatMap((r) => r.services ?? []);
const locations = records.flatMap((r) => r.locations ?? []);

describe('sample directory', () => {
  it('has at least 60 fictional services of all ten areas in at least four countries', () => {
    expect(services.length).toBeGreaterThanOrEqual(60);
    for (const area of AREAS)
      expect(
        services.some((s) => s.areas.includes(area)),
        area,
      ).toBe(true);
    const countries = new Set(services.flatMap((s) => s.servesPlaces.map((p) => p.slice(0, 2))));
    expect(countries.size).toBeGreaterThanOrEqual(4);
  });

  it('marks every entity as sample data', () => {
    expect(records.every((r) => r.organization?.sample)).toBe(true);
    expect(services.every((s) => s.sample)).toBe(true);
    expect(locations.every((l) => l.sample)).toBe(true);
  });

  it('names and describes every service in every complete language (Shan and Karen fall back to Burmese)', () => {
    for (const s of services) {
      for (const l of COMPLETE_LOCALES) {
        expect(s.name[l], `${s.id} name ${l}`).toBeTruthy();
        expect(s.description?.[l], `${s.id} description ${l}`).toBeTruthy();
      }
    }
  });

  it('uses only known places, and every location and organization reference resolves', () => {
    const { placeById } = referenceData();
    const locationIds = new Set(locations.map((l) => l.id));
    const orgIds = new Set(records.map((r) => r.organization?.id));
    for (const s of services) {
      for (const p of s.servesPlaces) expect(placeById.has(p), `${s.id} place ${p}`).toBe(true);
      for (const id of s.locationIds) expect(locationIds.has(id), `${s.id} location ${id}`).toBe(true);
      expect(orgIds.has(s.organizationId)).toBe(true);
    }
    for (const l of locations) expect(placeById.has(l.placeId), `${l.id} place ${l.placeId}`).toBe(true);
  });

  it('has confidential shelters whose address exists only for staff', () => {
    const confidential = locations.filter((l) => l.confidential);
    expect(confidential.length).toBeGreaterThanOrEqual(3);
    expect(confidential.every((l) => l.address?.street)).toBe(true);
  });
});

describe('urgent numbers', () => {
  it('exist for every country, marked for checking before deployment', () => {
    const { countries, emergency } = referenceData();
    for (const c of countries) {
      const entry = emergency.find((e) => e.country === c.id);
      expect(entry?.verifyBeforeDeploying, c.id).toBe(true);
      expect(entry?.numbers.length).toBeGreaterThan(0);
    }
  });
});
