import { describe, expect, it } from 'vitest';
import { csvToObjects, nestTabular, parseCsv } from '../../../functions/domain/directory/hsds/index.js';
import { fromHsds } from '../../../functions/domain/directory/hsds/index.js';

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
