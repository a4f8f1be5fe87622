import { describe, expect, it } from 'vitest';
import { csvToObjects, nestTabular, parseCsv } from '../../functions/domain/directory/hsds-csv.js';
import {
  areasFromKeywords,
  fromHsds,
  type HsdsService,
  HsdsView,
  hsdsId,
  hsdsTaxonomyTerms,
  isUuid,
  nameUuid,
  zoneForOffset,
} from '../../functions/domain/directory/hsds.js';
import {
  type Location,
  type PublicLocation,
  toPublicLocation,
} from '../../functions/domain/directory/model.js';
import { DirectoryIndex } from '../../functions/domain/directory/search.js';
import { createHsdsRoutes } from '../../functions/http/hsds-routes.js';
import { referenceData } from '../../functions/reference/index.js';
import {
  englishOnly,
  HELPLINE_ID,
  hsdsTestDirectory,
  SECRET_LATITUDE,
  SECRET_STREET,
} from '../support/hsds-directory.js';

const { organization, services, locations } = hsdsTestDirectory();
const publicLocations = locations.map(toPublicLocation);
const shelter = services[0] as (typeof services)[number];
const helpline = services[1] as (typeof services)[number];
const places = referenceData().places;

function view(locale: 'en' | 'th' = 'en', locs: PublicLocation[] = publicLocations) {
  return new HsdsView({ organizations: [organization], services, locations: locs }, { locale, places });
}

/** A minimal valid HSDS service_full, to vary one field at a time. */
function hsdsService(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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

function attr(code: string, value?: string) {
  const term = hsdsTaxonomyTerms().find((t) => t.code === code);
  return { id: nameUuid(`test:${code}:${value}`), taxonomy_term_id: term?.id, taxonomy_term: term, value };
}

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

describe('HSDS import', () => {
  const one = (input: unknown, options = {}) => {
    const result = fromHsds(input, options);
    return { ...result, service: result.records[0]?.services[0] };
  };

  it('takes the HSDS UUID in lower case as the service id', () => {
    expect(one(hsdsService()).service?.id).toBe('ac148810-d857-441c-9679-408f346de14b');
  });

  it.each([
    [{ description: '  ' }, /description is empty/],
    [{ name: undefined }, /name is empty/],
    [{ id: 'Svc_1!' }, /cannot be a Waypoint service id/],
    [{ name: 'Quarterly meeting', description: 'Members only.' }, /no service area/],
    [{ service_areas: [{ id: 'x', name: 'Somewhere nice' }] }, /no place served/],
    [{ organization: undefined, organization_id: undefined }, /no organization/],
    [
      { organization: { id: 'o1', name: 'Org', description: 'd', website: 'not a url' } },
      /organization o1: .*website/,
    ],
    [
      { schedules: [{ id: 's', byday: 'MO', opens_at: '9am', closes_at: '17:00', timezone: 7 }] },
      /opens_at "9am"/,
    ],
    [
      { schedules: [{ id: 's', byday: 'MO', opens_at: '09:00', closes_at: '17:00', timezone: 7.25 }] },
      /timezone 7.25/,
    ],
    [{ phones: [{ id: 'p' }] }, /invalid HSDS service: phones.0.number/],
    [{ minimum_age: 12.5 }, /minimumAge/],
  ])('rejects %j with a clear reason and returns nothing of it', (overrides, reason) => {
    const result = fromHsds(hsdsService(overrides));
    expect(result.records).toEqual([]);
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections[0]?.reason).toMatch(reason);
    expect(result.rejections[0]?.ref).toMatch(/^service /);
  });

  it('accepts a service without places when a default place is given', () => {
    const input = hsdsService({ service_areas: [] });
    expect(fromHsds(input).rejections[0]?.reason).toMatch(/no place served/);
    expect(one(input, { defaultPlace: 'TH' }).service?.servesPlaces).toEqual(['TH']);
  });

  it('never returns half a record: one bad service rejects only itself', () => {
    const result = fromHsds({
      id: 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610',
      name: 'Example Org',
      description: 'An org',
      services: [
        hsdsService({ organization: undefined }),
        hsdsService({ id: 'bbbbbbbb-d857-441c-9679-408f346de14b', organization: undefined, description: '' }),
      ],
    });
    expect(result.records.map((r) => r.services.map((s) => s.id))).toEqual([
      ['ac148810-d857-441c-9679-408f346de14b'],
    ]);
    expect(result.records[0]?.organization?.id).toBe('d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610');
    expect(result.rejections.map((r) => r.ref)).toEqual([
      'service bbbbbbbb-d857-441c-9679-408f346de14b "Shelter for workers"',
    ]);
  });

  it('rejects every service of an invalid organization, and names the organization', () => {
    const result = fromHsds({
      id: 'org-1',
      name: '',
      description: 'x',
      services: [hsdsService({ organization: undefined })],
    });
    expect(result.records).toEqual([]);
    expect(result.rejections).toEqual([
      { ref: expect.stringMatching(/^service /), reason: 'organization org-1: organization name is empty' },
    ]);
  });

  it('maps our own terms to areas, by code or by term id alone', () => {
    const housing = hsdsTaxonomyTerms().find((t) => t.code === 'area-housing');
    expect(
      one(hsdsService({ name: 'X service', attributes: [{ id: 'a', taxonomy_term_id: housing?.id }] }))
        .service?.areas,
    ).toEqual(['housing']);
    const s = one(hsdsService({ attributes: [attr('subtype-legal.court-support')] })).service;
    expect(s?.areas).toEqual(['legal']);
    expect(s?.subtypes).toEqual(['legal.court-support']);
  });

  it('does not read a term of another taxonomy as ours because its code looks the same', () => {
    const foreign = {
      id: 'x',
      value: 'true',
      taxonomy_term: { id: 'f1', code: 'sample', name: 'Counselling', taxonomy: 'open-eligibility' },
    };
    const s = one(hsdsService({ name: 'Drop-in', description: 'Open door.', attributes: [foreign] })).service;
    expect(s?.sample).toBe(false);
    // Its name still counts as a keyword.
    expect(s?.areas).toEqual(['counselling']);
  });

  it('derives areas from keywords in the name first, then the description', () => {
    expect(areasFromKeywords(['Free lawyer for unpaid wages'])).toEqual(['legal']);
    expect(areasFromKeywords(['บ้านพักฉุกเฉิน'])).toEqual(['housing']);
    expect(areasFromKeywords(['Quarterly meeting'])).toEqual([]);
    // "Shelter" in the name decides, even though the description talks about a doctor.
    expect(one(hsdsService({ description: 'A doctor visits weekly.' })).service?.areas).toEqual(['housing']);
    expect(
      one(hsdsService({ name: 'Drop-in', description: 'A doctor and a nurse at the clinic.' })).service
        ?.areas,
    ).toEqual(['health']);
  });

  it('maps HSDS time zones: offsets, fractional offsets, suffixes; defaults to UTC', () => {
    expect(zoneForOffset(7)).toBe('Etc/GMT-7');
    expect(zoneForOffset(-5)).toBe('Etc/GMT+5');
    expect(zoneForOffset(6.5)).toBe('Asia/Yangon');
    expect(zoneForOffset(7.25)).toBeUndefined();
    const schedule = (entry: Record<string, unknown>) =>
      one(hsdsService({ schedules: [{ id: 's', byday: 'MO,WE', ...entry }] })).service?.schedule;
    expect(schedule({ opens_at: '09:00:00', closes_at: '17:30:00', timezone: 6.5 })).toEqual({
      timeZone: 'Asia/Yangon',
      open24h: false,
      hours: [{ days: ['mo', 'we'], opens: '09:00', closes: '17:30' }],
    });
    expect(schedule({ opens_at: '09:00+07:00', closes_at: '17:00+07:00' })?.timeZone).toBe('Etc/GMT-7');
    expect(schedule({ opens_at: '09:00', closes_at: '24:00' })).toMatchObject({
      timeZone: 'UTC',
      hours: [{ opens: '09:00', closes: '00:00' }],
    });
  });

  it('leaves out recurrences it cannot show, with a warning, and keeps the description as notes', () => {
    const result = fromHsds(
      hsdsService({
        schedules: [
          {
            id: 'a',
            freq: 'MONTHLY',
            byday: '1MO',
            opens_at: '09:00',
            closes_at: '12:00',
            description: 'First Monday',
          },
          { id: 'b', freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '12:00', byweekno: '41' },
        ],
      }),
    );
    expect(result.records[0]?.services[0]?.schedule).toEqual({
      timeZone: 'UTC',
      open24h: false,
      hours: [{ days: ['tu'], opens: '09:00', closes: '12:00' }],
      notes: { en: 'First Monday' },
    });
    expect(result.warnings.map((w) => w.message)).toEqual([
      'schedules[0]: MONTHLY schedules cannot be shown as weekly hours and were left out',
      'schedules[1]: byweekno are not modelled and were ignored',
    ]);
  });

  it('drops impossible coordinates with a warning and keeps the location', () => {
    const result = fromHsds(
      hsdsService({
        service_at_locations: [
          {
            id: 'sal',
            location: {
              id: '3A19FF88-4620-4D17-9830-AC1D859EB5D5',
              location_type: 'physical',
              name: 'Civic Center',
              latitude: 100,
              longitude: 101,
              addresses: [
                {
                  id: 'ad',
                  address_1: '1 Main St',
                  city: 'Chiang Mai',
                  state_province: 'TH-50',
                  postal_code: '50000',
                  country: 'th',
                  address_type: 'physical',
                },
              ],
            },
          },
        ],
      }),
    );
    const location = result.records[0]?.locations[0];
    expect(location).toMatchObject({ id: '3a19ff88-4620-4d17-9830-ac1d859eb5d5', placeId: 'TH-50' });
    expect(location?.address?.country).toBe('TH');
    expect(location?.latitude).toBeUndefined();
    expect(result.warnings[0]?.message).toMatch(/coordinates 100, 101 are not valid WGS84/);
  });

  it('turns phones, e-mails and urls into contact channels without duplicates', () => {
    const phone = {
      id: 'p',
      number: '"+44 1234 234567"',
      extension: 100,
      type: 'voice',
      description: 'Reception',
    };
    const s = one(
      hsdsService({
        email: 'desk@example.org',
        url: 'https://example.org',
        phones: [
          phone,
          { id: 'f', number: '+44 1', type: 'fax' },
          { id: 't', number: '+66 8', type: 'text' },
        ],
        contacts: [{ id: 'c', name: 'Ann', email: 'desk@example.org', phones: [phone] }],
      }),
    ).service;
    expect(s?.contacts).toEqual([
      { kind: 'phone', value: '+44 1234 234567', label: { en: 'Extension 100. Reception' } },
      { kind: 'sms', value: '+66 8' },
      { kind: 'email', value: 'desk@example.org', label: { en: 'Ann' } },
      { kind: 'web', value: 'https://example.org' },
    ]);
  });

  it('is free only when said so or every cost option costs nothing; prices go to the details', () => {
    expect(one(hsdsService({ cost_options: [{ id: 'c', amount: 0 }] })).service?.cost).toEqual({
      free: true,
    });
    expect(one(hsdsService()).service?.cost).toEqual({ free: false });
    expect(
      one(
        hsdsService({
          fees_description: 'Ask at reception.',
          cost_options: [
            { id: 'c', option: 'Adults', amount: '35', currency: 'thb', amount_description: 'per night' },
          ],
        }),
      ).service?.cost,
    ).toEqual({ free: false, details: { en: 'Ask at reception.\nAdults: 35 THB per night' } });
  });

  it('reads paged lists, arrays and service_at_location objects, merging locations of one service', () => {
    const location = (id: string) => ({
      id,
      location_type: 'physical',
      name: `Place ${id}`,
      addresses: [
        {
          id: `a${id}`,
          address_1: 'Road',
          city: 'Town',
          state_province: '',
          postal_code: '',
          country: 'TH',
          address_type: 'physical',
        },
      ],
    });
    const svc = hsdsService();
    const result = fromHsds({
      total_items: 2,
      contents: [
        { id: 'sal-1', service: svc, location: location('11111111-0000-4000-8000-000000000001') },
        [{ id: 'sal-2', service: svc, location: location('11111111-0000-4000-8000-000000000002') }],
      ],
    });
    expect(result.rejections).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.services[0]?.locationIds).toEqual([
      '11111111-0000-4000-8000-000000000001',
      '11111111-0000-4000-8000-000000000002',
    ]);
  });

  it('skips taxonomies and API information, and rejects what is not HSDS', () => {
    const result = fromHsds([
      { id: 't', name: 'n', description: 'd', version: '1' },
      { id: 'tt', code: 'c', name: 'n', description: 'd' },
      { version: '3.0', openapi_url: 'https://example.org' },
      42,
      { foo: 'bar' },
    ]);
    expect(result.records).toEqual([]);
    expect(result.skipped).toHaveLength(3);
    expect(result.rejections.map((r) => r.ref)).toEqual(['$[3]', '$[4]']);
  });
});

describe('CSV (RFC 4180)', () => {
  it('parses quoted fields with commas, line breaks and doubled quotes', () => {
    const csv = '\uFEFFid,name,note\r\n1,"Smith, Ann","line one\r\nline two"\r\n2,"say ""hi""",\r\n3,,""\r\n';
    expect(parseCsv(csv)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Smith, Ann', 'line one\r\nline two'],
      ['2', 'say "hi"', ''],
      ['3', '', ''],
    ]);
  });

  it('accepts LF line ends and a last line without a line break', () => {
    expect(parseCsv('a,b\n"x\ny",z')).toEqual([
      ['a', 'b'],
      ['x\ny', 'z'],
    ]);
  });

  it('fails on an unterminated quote or text after a closing quote', () => {
    expect(() => parseCsv('a,b\n"open,1\n2,3')).toThrow(/opened on line 2 is not closed/);
    expect(() => parseCsv('a,b\n"x"y,1')).toThrow(/after a closing quote on line 2/);
  });

  it('turns rows into objects, leaving out empty cells, and refuses extra cells', () => {
    expect(csvToObjects('id,name,email\n1,Ann,\n\n2,"Bo, B",b@x\n')).toEqual([
      { id: '1', name: 'Ann' },
      { id: '2', name: 'Bo, B', email: 'b@x' },
    ]);
    expect(() => csvToObjects('id\n1,2', 'phones.csv')).toThrow(/phones.csv: row 2 has 2 fields/);
  });

  it('nests the tables like the API and imports them through the same mapper', () => {
    const table = (csv: string) => csvToObjects(csv);
    const nested = nestTabular({
      organizations: table('id,name,description\no1,"Org, One",About us'),
      services: table(
        'id,organization_id,name,description,status\nsvc-1,o1,Legal help,"Advice on wages,\nand contracts",active',
      ),
      phones: table('id,service_id,number\np1,svc-1,+66 2 000 0000'),
      service_at_location: table('id,service_id,location_id\nsal1,svc-1,l1'),
      locations: table(
        'id,location_type,organization_id,name,latitude,longitude\nl1,physical,o1,Office,13.75,100.5',
      ),
      addresses: table(
        'id,location_id,address_1,city,state_province,postal_code,country,address_type\na1,l1,1 Silom Rd,Bangkok,TH-10,10500,TH,physical',
      ),
      schedules: table('id,service_id,byday,opens_at,closes_at,timezone\nsc1,svc-1,"MO,TU",09:00,16:00,7'),
    });
    const result = fromHsds(nested);
    expect(result.rejections).toEqual([]);
    const record = result.records[0];
    expect(record?.organization?.name.en).toBe('Org, One');
    expect(record?.services[0]).toMatchObject({
      id: 'svc-1',
      areas: ['legal'],
      description: { en: 'Advice on wages,\nand contracts' },
      contacts: [{ kind: 'phone', value: '+66 2 000 0000' }],
      servesPlaces: ['TH-10'],
      schedule: { timeZone: 'Etc/GMT-7', hours: [{ days: ['mo', 'tu'], opens: '09:00', closes: '16:00' }] },
    });
    expect(record?.locations[0]).toMatchObject({
      id: 'l1',
      placeId: 'TH-10',
      latitude: 13.75,
      longitude: 100.5,
    });
  });
});

describe('HSDS routes (in memory)', () => {
  const index = new DirectoryIndex({
    version: '1',
    organizations: [organization],
    services,
    locations: publicLocations,
  });
  const app = createHsdsRoutes({ directory: async () => index });
  const get = async (path: string) => {
    const res = await app.request(path);
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & { contents: HsdsService[] },
    };
  };

  it.each([
    ['/services?page=0', 'page'],
    ['/services?page=abc', 'page'],
    ['/services?per_page=1000', 'per_page'],
    ['/services?full=maybe', 'full'],
    ['/services?modified_after=yesterday', 'modified_after'],
    ['/services?locale=fr', 'locale'],
    ['/services?format=ndjson', 'format'],
    ['/organizations?full_service=yes', 'full_service'],
    ['/taxonomy_terms?top_only=2', 'top_only'],
    [`/services?search=${'x'.repeat(201)}`, 'search'],
  ])('%s → 400 naming %s', async (path, param) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_parameter', path: param });
  });

  it.each([
    '/services/nope',
    '/services/closed-service',
    '/organizations/nope',
    '/taxonomies/x',
    '/taxonomy_terms/x',
  ])('%s → 404 JSON', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(404);
    expect(body.code).toBe('not_found');
  });

  it('pages active services only', async () => {
    const first = await get('/services?per_page=1');
    expect(first.body).toMatchObject({
      total_items: 2,
      total_pages: 2,
      page_number: 1,
      size: 1,
      first_page: true,
      last_page: false,
      empty: false,
    });
    const second = await get('/services?per_page=1&page=2');
    expect(second.body).toMatchObject({ page_number: 2, first_page: false, last_page: true, size: 1 });
    const beyond = await get('/services?per_page=1&page=3');
    expect(beyond.body).toMatchObject({ empty: true, size: 0, contents: [] });
    const names = [...first.body.contents, ...second.body.contents].map((s) => s.name);
    expect(names).toEqual(['Emergency shelter north', 'Night and day helpline']);
  });

  it('finds a service by HSDS UUID and by our id, in a locale', async () => {
    const byUuid = await get(`/services/${hsdsId('service', 'shelter-north')}?locale=th`);
    expect(byUuid.status).toBe(200);
    expect(byUuid.body.name).toBe('บ้านพักฉุกเฉินภาคเหนือ');
    expect((await get('/services/shelter-north')).body.id).toBe(hsdsId('service', 'shelter-north'));
  });

  it('filters by search text, taxonomy term (id or code), taxonomy and organization', async () => {
    const ids = async (path: string) => (await get(path)).body.contents.map((s) => s.id);
    const shelterId = hsdsId('service', 'shelter-north');
    expect(await ids('/services?search=shelter')).toEqual([shelterId]);
    // A synonym: "bed" means housing.
    expect(await ids('/services?search=bed')).toEqual([shelterId]);
    expect(await ids('/services?taxonomy_term_id=area-housing')).toEqual([shelterId]);
    const helplineTerm = hsdsTaxonomyTerms().find((t) => t.code === 'subtype-safety.emergency-helpline');
    expect(await ids(`/services?taxonomy_term_id=${helplineTerm?.id}`)).toEqual([HELPLINE_ID]);
    expect(await ids('/services?taxonomy_term_id=unknown')).toEqual([]);
    expect(await ids('/services?taxonomy_id=waypoint-service-areas')).toHaveLength(2);
    expect(await ids(`/services?organization_id=${hsdsId('organization', 'org-safe-haven')}`)).toHaveLength(
      2,
    );
    expect(await ids('/services?organization_id=other')).toEqual([]);
  });

  it('lists brief services by default, full ones with full=true, ids only with minimal=true', async () => {
    const brief = (await get('/services')).body.contents[0] as unknown as Record<string, unknown>;
    expect(brief.organization).toBeDefined();
    expect(brief.phones).toBeUndefined();
    expect((await get('/services?full=true')).body.contents[0]?.phones).toHaveLength(2);
    expect((await get('/services?minimal=true')).body.contents[0]).toEqual({
      id: hsdsId('service', 'shelter-north'),
    });
  });

  it('serves organizations with their services and the taxonomy', async () => {
    const org = await get('/organizations/org-safe-haven?full_service=true');
    expect(org.status).toBe(200);
    const orgServices = org.body.services as HsdsService[];
    expect(orgServices.map((s) => s.name)).toEqual(['Emergency shelter north', 'Night and day helpline']);
    expect(orgServices[0]?.phones).toHaveLength(2);
    const terms = await get('/taxonomy_terms?taxonomy_id=waypoint-service-areas&top_only=true&per_page=200');
    expect((terms.body.contents as unknown as { code: string }[]).map((t) => t.code)).toEqual(
      [
        'housing',
        'health',
        'counselling',
        'education',
        'work',
        'documents',
        'legal',
        'safety',
        'family',
        'case-management',
      ].map((a) => `area-${a}`),
    );
    const children = await get('/taxonomy_terms?parent_id=area-family');
    expect(children.body.total_items).toBe(4);
    expect((await get('/taxonomies/waypoint-attributes')).body.name).toBe('waypoint-attributes');
  });

  it('never shows the confidential address in any response', async () => {
    for (const path of [
      '/services?full=true&per_page=200',
      '/services/shelter-north',
      '/organizations?full_service=true',
      '/organizations?full=true',
      '/organizations/org-safe-haven?full_service=true',
    ]) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain('Shelter in Chiang Mai');
      expect(body).not.toContain(SECRET_STREET);
      expect(body).not.toContain(String(SECRET_LATITUDE));
    }
  });
});
