import { describe, expect, it } from 'vitest';
import { fromHsds } from '../../../functions/domain/directory/hsds/index.js';
import { type Location, toPublicLocation } from '../../../functions/domain/directory/model.js';
import { englishOnly, hsdsTestDirectory } from '../../support/hsds-directory.js';
import { view } from '../../support/hsds-unit.js';

const { organization, services, locations } = hsdsTestDirectory();
const shelter = services[0] as (typeof services)[number];
const helpline = services[1] as (typeof services)[number];

describe('HSDS round trip (export, then import)', () => {
  it('gives back every field we model, texts in English', () => {
    const v = view();
    for (const service of [shelter, helpline]) {
      const result = fromHsds(v.service(service));
      expect(result.rejections).toEqual([]);
      expect(result.records).toHaveLength(1);
      const record = result.records[0];
      expect(record?.services[0]).toEqual(englishOnly(service));
      expect(record?.organization).toEqual(englishOnly(organization));
      const expectedLocations = service.locationIds.map((id) =>
        englishOnly(toPublicLocation(locations.find((l) => l.id === id) as Location)),
      );
      expect(record?.locations).toEqual(expectedLocations);
    }
  });

  it('imports a confidential location without an address (the store keeps the stored one)', () => {
    const record = fromHsds(view().service(shelter)).records[0];
    const secret = record?.locations.find((l) => l.id === 'loc-secret-shelter');
    expect(secret?.confidential).toBe(true);
    expect(secret?.address).toBeUndefined();
    expect(secret?.latitude).toBeUndefined();
  });

  it('restores an organization and its locations from a nested organization', () => {
    const result = fromHsds(view().organization(organization, 'none'));
    expect(result.rejections).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.organization).toEqual(englishOnly(organization));
    expect(result.records[0]?.locations.map((l) => l.id)).toEqual([
      'loc-chiang-mai-office',
      'loc-secret-shelter',
    ]);
  });
});
