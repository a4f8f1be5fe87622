import { describe, expect, it } from 'vitest';
import { hsdsId, hsdsTaxonomyTerms, isUuid } from '../../../functions/domain/directory/hsds/index.js';
import { type Location, toPublicLocation } from '../../../functions/domain/directory/model.js';
import {
  HELPLINE_ID,
  hsdsTestDirectory,
  SECRET_LATITUDE,
  SECRET_STREET,
} from '../../support/hsds-directory.js';
import { view } from '../../support/hsds-unit.js';

const { organization, services, locations } = hsdsTestDirectory();
const publicLocations = locations.map(toPublicLocation);
const shelter = services[0] as (typeof services)[number];
const helpline = services[1] as (typeof services)[number];

describe('HSDS export', () => {
  it('gives stable UUIDs: our UUIDs as they are, other ids as name-based UUIDs', () => {
    expect(hsdsId('service', HELPLINE_ID.toUpperCase())).toBe(HELPLINE_ID);
    const id = hsdsId('service', 'shelter-north');
    expect(isUuid(id)).toBe(true);
    expect(id).toBe(hsdsId('service', 'shelter-north'));
    expect(id).not.toBe(hsdsId('organization', 'shelter-north'));
    // Version 5, RFC variant.
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
  });

  it('writes texts in the requested locale with English where there is no translation', () => {
    const th = view('th').service(shelter);
    expect(th.name).toBe('บ้านพักฉุกเฉินภาคเหนือ');
    expect(th.description).toBe('A safe room for women and children, day and night.');
    expect(th.organization?.name).toBe('มูลนิธิเซฟเฮเวน');
    expect(view('en').service(shelter).name).toBe('Emergency shelter north');
  });

  it('carries areas and sub-types as terms of waypoint-service-areas with stable ids', () => {
    const out = view().service(shelter);
    const terms = hsdsTaxonomyTerms();
    const housing = terms.find((t) => t.code === 'area-housing');
    const emergency = terms.find((t) => t.code === 'subtype-housing.emergency-shelter');
    expect(housing?.name).toBe('A safe place to stay');
    expect(emergency?.parent_id).toBe(housing?.id);
    expect(housing?.taxonomy).toBe('waypoint-service-areas');
    const typeTerms = out.attributes
      .filter((a) => a.link_type === 'service_type')
      .map((a) => a.taxonomy_term_id);
    expect(typeTerms).toEqual(
      [
        'area-housing',
        'area-safety',
        'subtype-housing.emergency-shelter',
        'subtype-housing.open-shelter',
      ].map((code) => terms.find((t) => t.code === code)?.id),
    );
    expect(out.attributes.every((a) => a.link_id === out.id && a.link_entity === 'service')).toBe(true);
  });

  it('puts fields HSDS has no column for into attributes and the closest HSDS fields', () => {
    const out = view().service(shelter);
    const values = (code: string) =>
      out.attributes.filter((a) => a.taxonomy_term.code === code).map((a) => a.value);
    expect(values('police-report-required')).toEqual(['true']);
    expect(values('general-service')).toEqual(['false']);
    expect(values('serves-group')).toEqual(['women', 'children']);
    expect(values('shelter-free-to-leave')).toEqual(['true']);
    expect(values('shelter-work-allowed')).toEqual(['false']);
    expect(values('shelter-typical-stay')).toEqual(['Up to 3 months']);
    expect(values('translation-status')).toEqual(['name.en=source', 'name.th=reviewed']);
    expect(values('sample')).toEqual(['true']);
    expect(values('waypoint-id')).toEqual(['shelter-north']);
    expect(values('contact-channel')).toEqual([
      'line:@safehaven',
      'whatsapp:+66812345679',
      'walk-in:loc-chiang-mai-office',
    ]);
    expect(out.assured_date).toBe('2025-01-15');
    // "Case team" is not an e-mail address: it goes to an attribute, not assurer_email.
    expect(out.assurer_email).toBeUndefined();
    expect(values('last-verified-by')).toEqual(['Case team']);
    expect(out.minimum_age).toBe(16);
    expect(out.fees_description).toBe('Small fee for long stays');
    expect(out.email).toBe('help@safehaven.example.org');
    expect(out.url).toBe('https://safehaven.example.org/shelter');
    expect(out.phones.map((p) => [p.number, p.type, p.description])).toEqual([
      ['+66 53 123 456', 'voice', 'Office line'],
      ['+66812345678', 'text', undefined],
    ]);
    expect(out.languages.map((l) => [l.code, l.name])).toEqual([
      ['th', 'Thai'],
      ['en', 'English'],
      ['my', 'Burmese'],
    ]);
    expect(out.service_areas.map((a) => a.name)).toEqual(['Chiang Mai']);
    expect(out.required_documents.map((d) => d.document)).toEqual(['Any ID if you have one']);
  });

  it('writes schedules as weekly RRULE parts with the UTC offset and the IANA zone', () => {
    const out = view().service(shelter);
    expect(out.schedules.map((s) => [s.freq, s.byday, s.opens_at, s.closes_at, s.timezone])).toEqual([
      ['WEEKLY', 'MO,TU,WE,TH,FR', '09:00', '17:00', 7],
      ['WEEKLY', 'SA', '10:00', '14:00', 7],
    ]);
    expect(out.schedules[0]?.attributes[0]?.value).toBe('Asia/Bangkok');
    const h24 = view().service(helpline);
    expect(h24.schedules).toHaveLength(1);
    expect(h24.schedules[0]).toMatchObject({
      byday: 'MO,TU,WE,TH,FR,SA,SU',
      opens_at: '00:00',
      closes_at: '23:59',
    });
    expect(h24.cost_options).toEqual([expect.objectContaining({ amount: 0 })]);
  });

  it('never writes the address or coordinates of a confidential location', () => {
    // Even when handed a full Location by mistake, the view strips it again.
    for (const locs of [publicLocations, locations as Location[]]) {
      const v = view('en', locs);
      const outputs = [
        v.service(shelter),
        v.organization(organization, 'full'),
        ...locs.map((l) => v.location(l)),
      ];
      const json = JSON.stringify(outputs);
      expect(json).not.toContain(SECRET_STREET);
      expect(json).not.toContain(String(SECRET_LATITUDE));
      expect(json).not.toContain('50300');
      const secret = v.service(shelter).service_at_locations[1]?.location;
      expect(secret?.name).toBe('Shelter in Chiang Mai');
      expect(secret?.addresses).toEqual([]);
      expect(secret?.attributes.find((a) => a.taxonomy_term.code === 'confidential-location')?.value).toBe(
        'true',
      );
    }
    // The public one keeps its address, split into address lines.
    const open = view().service(shelter).service_at_locations[0]?.location;
    expect(open?.addresses[0]).toMatchObject({
      address_1: '12 Nimman Road',
      address_2: 'Soi 7',
      postal_code: '50200',
    });
    expect(open?.latitude).toBe(18.7964);
  });
});
