import { describe, expect, it } from 'vitest';
import {
  areasFromKeywords,
  fromHsds,
  hsdsTaxonomyTerms,
  zoneForOffset,
} from '../../../functions/domain/directory/hsds/index.js';
import { attr, hsdsService } from '../../support/hsds-unit.js';

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
