import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportHsds, formatImportReport, importHsds } from '../../functions/services/directory-transfer.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { type HsdsService, hsdsId } from '../../functions/domain/directory/hsds/index.js';
import { DirectoryIndex } from '../../functions/domain/directory/search.js';
import { createHsdsRoutes } from '../../functions/http/hsds-routes.js';
import { hsdsTestDirectory, SECRET_LATITUDE, SECRET_STREET } from '../support/hsds-directory.js';
import { freshTables } from '../support/tables.js';
import { demoDirectoryRecords } from '../../functions/local/demo/index.js';
import { SUPPORTED_LOCALES } from '../../functions/domain/locales.js';

/** The value without the hsdsId fields an import adds to contacts, hours and addresses. */
function withoutChildIds<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'hsdsId' ? undefined : v)) as T;
}

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
// The HSDS 3.0 schemas and official examples, vendored with their licence (see its README.md).
const HSDS_ROOT = path.join(projectRoot, 'tests', 'fixtures', 'hsds-3.0');
const EXAMPLES = path.join(HSDS_ROOT, 'examples');
const EXAMPLE_SERVICE_ID = 'ac148810-d857-441c-9679-408f346de14b';

/** Ajv for the HSDS schemas (JSON Schema 2020-12, the dialect openapi.json names), all loaded so $refs resolve. */
function hsdsAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
  addFormats(ajv);
  // HSDS annotation keywords (data package metadata), not validation keywords.
  ajv.addVocabulary([
    'name',
    'path',
    'datapackage_metadata',
    'tabular_required',
    'constraints',
    'core',
    'example',
    'datapackage_type',
  ]);
  const dir = path.join(HSDS_ROOT, 'schema');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    ajv.addSchema({ ...JSON.parse(readFileSync(path.join(dir, file), 'utf8')), $id: file });
  }
  for (const file of ['service_list.json', 'organization_list.json']) {
    ajv.addSchema({
      ...JSON.parse(readFileSync(path.join(dir, 'compiled', file), 'utf8')),
      $id: `compiled/${file}`,
    });
  }
  return ajv;
}
const ajv = hsdsAjv();

function expectValid(schema: string, data: unknown): void {
  const validate = ajv.getSchema(schema);
  if (!validate) throw new Error(`schema ${schema} not loaded`);
  const ok = validate(data);
  expect(ok, `${schema}: ${JSON.stringify(validate.errors, null, 2)}`).toBe(true);
}

function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'waypoint-hsds-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A tabular data package descriptor on its own (the vendored one is a pointer file). */
function dataPackageDescriptor(): string {
  const file = path.join(tempDir(), 'datapackage.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'hsds',
      profile: 'tabular-data-package',
      resources: [{ name: 'services', path: 'services.csv', profile: 'tabular-data-resource' }],
    }),
  );
  return file;
}

async function freshStore() {
  const tables = await freshTables();
  return { ...tables, store: new DirectoryStore(tables.doc, tables.appTableName) };
}

/** Exports the store and checks every file against the HSDS schemas. */
async function exportAndValidate(store: DirectoryStore) {
  const dir = tempDir();
  await exportHsds(store, dir);
  const services = readJson<HsdsService[]>(path.join(dir, 'services.json'));
  const organizations = readJson<unknown[]>(path.join(dir, 'organizations.json'));
  for (const s of services) expectValid('service.json', s);
  for (const o of organizations) expectValid('organization.json', o);
  for (const t of readJson<unknown[]>(path.join(dir, 'taxonomies.json'))) expectValid('taxonomy.json', t);
  for (const t of readJson<unknown[]>(path.join(dir, 'taxonomy_terms.json')))
    expectValid('taxonomy_term.json', t);
  return { dir, services, organizations };
}

/** The parts of examples/service_full.json the assertions read. */
interface ExampleService {
  name: string;
  description: string;
  url: string;
  email: string;
  minimum_age: number;
  maximum_age: number;
  assured_date: string;
  assurer_email: string;
  fees_description: string;
  alternate_name: string;
  application_process: string;
  last_modified: string;
  cost_options: Record<string, unknown>[];
  organization: { id: string; name: string; description: string; email: string; website: string };
  phones: { description: string }[];
  schedules: { description: string }[];
  required_documents: { document: string }[];
  service_at_locations: {
    location: {
      id: string;
      name: string;
      addresses: Record<
        'address_1' | 'address_2' | 'city' | 'state_province' | 'postal_code' | 'country',
        string
      >[];
      accessibility: { description: string }[];
    };
  }[];
}

/** The fields we model, as the official example gives them, after import → load → export. */
function expectExampleServiceSurvived(out: HsdsService | undefined): void {
  const example = readJson<ExampleService>(path.join(EXAMPLES, 'service_full.json'));
  expect(out).toBeDefined();
  const s = out as HsdsService;
  expect(s).toMatchObject({
    id: EXAMPLE_SERVICE_ID,
    name: example.name,
    description: example.description.trim(),
    url: example.url,
    email: example.email,
    status: 'active',
    minimum_age: example.minimum_age,
    maximum_age: example.maximum_age,
    assured_date: example.assured_date,
    assurer_email: example.assurer_email,
    organization: {
      id: example.organization.id,
      name: example.organization.name,
      description: example.organization.description,
      email: example.organization.email,
      website: example.organization.website,
    },
  });
  expect(s.fees_description).toBe(example.fees_description.trim());
  // Fields the model has no place for are kept as they came: cost options, last_modified, …
  expect(s.cost_options).toEqual(example.cost_options.map((o) => expect.objectContaining(o)));
  expect(s).toMatchObject({
    alternate_name: example.alternate_name,
    application_process: example.application_process,
    last_modified: example.last_modified,
  });
  // The example's number carries literal quotes; they are removed.
  expect(s.phones.map((p) => [p.number, p.type])).toEqual([['+44 1234 234567', 'voice']]);
  expect(s.phones[0]?.description).toContain(example.phones[0]?.description);
  expect(s.contacts.map((c) => [c.email, c.name])).toEqual([['email@example.com', 'Ann Persona']]);
  expect(s.schedules).toEqual([
    expect.objectContaining({
      freq: 'WEEKLY',
      byday: 'TH,FR',
      opens_at: '10:00',
      closes_at: '18:00',
      timezone: 3,
    }),
  ]);
  expect(s.schedules[0]?.description).toContain(example.schedules[0]?.description);
  expect(s.languages.map((l) => l.code)).toEqual(['ur']);
  expect(s.required_documents.map((d) => d.document)).toEqual([example.required_documents[0]?.document]);
  // No place id in the free-text service area: the location's country is the place served.
  expect(s.service_areas.map((a) => a.attributes[0]?.value)).toEqual(['US']);
  expect(s.attributes.filter((a) => a.link_type === 'service_type').map((a) => a.taxonomy_term.code)).toEqual(
    ['area-counselling'],
  );
  const exampleLocation = example.service_at_locations[0]?.location;
  const exampleAddress = exampleLocation?.addresses[0];
  const location = s.service_at_locations[0]?.location;
  expect(exampleAddress).toBeDefined();
  expect(location).toMatchObject({
    id: exampleLocation?.id,
    name: exampleLocation?.name,
    location_type: 'physical',
  });
  expect(location?.addresses[0]).toMatchObject({
    address_1: exampleAddress?.address_1,
    address_2: exampleAddress?.address_2,
    city: exampleAddress?.city,
    state_province: exampleAddress?.state_province,
    postal_code: exampleAddress?.postal_code,
    country: exampleAddress?.country,
  });
  expect(location?.accessibility[0]?.description).toContain(exampleLocation?.accessibility[0]?.description);
  // The example's latitude 100 is impossible: dropped (with a warning) rather than kept.
  expect(location?.latitude).toBeUndefined();
}

describe('the HSDS schema validator', () => {
  it('accepts the official example and refuses a non-UUID id, an unknown status and a bad e-mail', () => {
    const validate = ajv.getSchema('service.json');
    const example = readJson<Record<string, unknown>>(path.join(EXAMPLES, 'service_full.json'));
    expect(validate?.(example)).toBe(true);
    expect(validate?.({ ...example, id: 'shelter-north' })).toBe(false);
    expect(validate?.({ ...example, status: 'open' })).toBe(false);
    expect(validate?.({ ...example, email: 'not an e-mail' })).toBe(false);
  });
});

describe('importing the official HSDS 3.0 examples', () => {
  it.each([
    'service_full.json',
    'organization_full.json',
    'service_at_location_full.json',
    'tabular.json',
    'csv',
  ])('%s: import → load → export keeps the fields we model', async (name) => {
    const { store } = await freshStore();
    const report = await importHsds(store, path.join(EXAMPLES, name));
    expect(report.rejections).toEqual([]);
    expect(report.counts.services).toBe(1);
    expect(report.warnings.map((w) => w.message)).toContain(
      'location 3a19ff88-4620-4d17-9830-ac1d859eb5d5: coordinates 100, 101 are not valid WGS84 and were dropped',
    );

    const snapshot = await store.loadSnapshot();
    expect(snapshot.services.map((s) => s.id)).toEqual([EXAMPLE_SERVICE_ID]);
    expect(snapshot.organizations.map((o) => o.name.en)).toEqual(['Example Organization Inc.']);

    const { services } = await exportAndValidate(store);
    expectExampleServiceSurvived(services.find((s) => s.id === EXAMPLE_SERVICE_ID));
  });

  it('service_list.json: kept inactive without a place, shown with a default place', async () => {
    const { store } = await freshStore();
    const file = path.join(EXAMPLES, 'service_list.json');
    const kept = await importHsds(store, file);
    expect(kept.rejections).toEqual([]);
    expect(kept.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/^kept inactive until an editor adds a place served/),
    );
    expect((await store.loadSnapshot()).services.map((s) => s.status)).toEqual(['inactive']);

    const accepted = await importHsds(store, file, { defaultPlace: 'US' });
    expect(accepted.rejections).toEqual([]);
    const { services } = await exportAndValidate(store);
    expect(services[0]).toMatchObject({
      id: EXAMPLE_SERVICE_ID,
      name: 'Community Counselling',
      status: 'active',
      email: 'email@example.com',
      url: 'http://example.com/counselling',
      minimum_age: 12,
      organization: { name: 'Example Organization Inc.', website: 'http://example.com' },
    });
  });

  it.each(
    readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.json'))
      .concat(['csv']),
  )('%s imports without rejection and exports valid HSDS', async (name) => {
    const { store } = await freshStore();
    const report = await importHsds(store, path.join(EXAMPLES, name));
    expect(report.rejections).toEqual([]);
    await exportAndValidate(store);
  });

  it('a service list of only id, name and status imports without rejection, nothing dangling', async () => {
    const { store } = await freshStore();
    const dir = tempDir();
    const file = path.join(dir, 'bare.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: '8a1a2b3c-0000-4000-8000-000000000001', name: 'Food bank', status: 'active' },
        { id: '8a1a2b3c-0000-4000-8000-000000000002', name: 'Night shelter', status: 'inactive' },
        {
          id: '8a1a2b3c-0000-4000-8000-000000000003',
          name: 'Legal aid',
          status: 'active',
          organization_id: '8a1a2b3c-0000-4000-8000-0000000000ff',
        },
      ]),
    );
    for (const s of readJson<Record<string, unknown>[]>(file)) expectValid('service.json', s);
    const report = await importHsds(store, file);
    expect(report.rejections).toEqual([]);
    expect(report.counts.services).toBe(3);
    const snapshot = await store.loadSnapshot();
    const orgIds = new Set(snapshot.organizations.map((o) => o.id));
    for (const s of snapshot.services) expect(orgIds.has(s.organizationId), s.id).toBe(true);
    expect(snapshot.organizations.map((o) => o.name.en)).toEqual(['Provider not given']);
    const { services } = await exportAndValidate(store);
    expect(services.map((s) => [s.name, s.status])).toEqual([
      ['Food bank', 'inactive'],
      ['Night shelter', 'inactive'],
      ['Legal aid', 'inactive'],
    ]);
  });

  it('organization_list.json and service_at_location_list.json', async () => {
    const { store } = await freshStore();
    expect((await importHsds(store, path.join(EXAMPLES, 'organization_list.json'))).rejections).toEqual([]);
    const sal = await importHsds(store, path.join(EXAMPLES, 'service_at_location_list.json'), {
      defaultPlace: 'US',
    });
    expect(sal.rejections).toEqual([]);
    const snapshot = await store.loadSnapshot();
    expect(snapshot.organizations.map((o) => o.website)).toEqual(['http://example.com']);
    expect(snapshot.locations).toEqual([
      expect.objectContaining({
        id: '3a19ff88-4620-4d17-9830-ac1d859eb5d5',
        name: { en: 'MyCity Civic Center' },
      }),
    ]);
    const { organizations } = await exportAndValidate(store);
    expect(organizations).toEqual([expect.objectContaining({ name: 'Example Organization Inc.' })]);
  });

  it('the whole examples folder: taxonomies skipped, nothing rejected, the lone location kept', async () => {
    const { store } = await freshStore();
    const report = await importHsds(store, EXAMPLES, { defaultPlace: 'US' });
    expect(report.rejections).toEqual([]);
    expect(report.skipped.map((s) => s.ref.split(':')[0])).toEqual([
      'base.json',
      'taxonomy.json',
      'taxonomy_list.json',
      'taxonomy_term.json',
      'taxonomy_term_list.json',
    ]);
    const text = formatImportReport(report);
    expect(text).toMatch(
      /Wrote \d+ record\(s\): \d+ organization\(s\), 6 service\(s\), \d+ location\(s\)\. Rejected: 0\./,
    );
    const snapshot = await store.loadSnapshot();
    expect(snapshot.services).toHaveLength(1);
    const orgIds = new Set(snapshot.organizations.map((o) => o.id));
    for (const l of snapshot.locations) expect(orgIds.has(l.organizationId), l.id).toBe(true);
  });

  it('refuses a data package descriptor given alone, and nothing found is not a success', async () => {
    const { store } = await freshStore();
    const report = await importHsds(store, dataPackageDescriptor());
    expect(report.rejections).toEqual([
      { ref: 'datapackage.json: $', reason: expect.stringMatching(/data package descriptor/) },
    ]);
    const dir = tempDir();
    writeFileSync(path.join(dir, 'empty.json'), '[]');
    const empty = await importHsds(store, path.join(dir, 'empty.json'));
    expect(empty.rejections).toEqual([
      { ref: path.join(dir, 'empty.json'), reason: expect.stringMatching(/^nothing to import/) },
    ]);
  });

  it('maps an HSDS 1.x/2.x tabular package and says what it mapped', async () => {
    const { store } = await freshStore();
    const dir = tempDir();
    const files: Record<string, string> = {
      'organizations.csv': 'id,name,description\no1,Old Org,An organization\n',
      'services.csv':
        'id,organization_id,name,description,status\ns1,o1,Shelter beds,Beds for the night,active\n',
      'locations.csv': 'id,organization_id,name\nl1,o1,Main house\n',
      'services_at_location.csv': 'id,service_id,location_id\nsl1,s1,l1\n',
      'physical_addresses.csv':
        'id,location_id,address_1,city,state_province,postal_code,country\na1,l1,1 Road,Chiang Mai,TH-50,50000,TH\n',
      'regular_schedules.csv': 'id,service_id,weekday,opens_at,closes_at\nr1,s1,1,09:00,17:00\n',
      'holiday_schedules.csv': 'id,service_id,closed,start_date,end_date\nh1,s1,true,2024-12-25,2024-12-25\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    const report = await importHsds(store, dir);
    expect(report.rejections).toEqual([]);
    const messages = report.warnings.map((w) => w.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/HSDS 1\.x\/2\.x tables mapped to 3\.0: .*physical_addresses → addresses/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/table holiday_schedules \(1 rows\) .* not imported/),
    );
    const [service] = (await store.loadSnapshot()).services;
    expect(service).toMatchObject({
      id: 's1',
      status: 'active',
      servesPlaces: ['TH-50'],
      locationIds: ['l1'],
      schedule: { hours: [{ days: ['mo'], opens: '09:00', closes: '17:00' }] },
    });
  });
});

describe('the Waypoint directory as HSDS', () => {
  let store: DirectoryStore;
  const fixture = hsdsTestDirectory();

  beforeAll(async () => {
    ({ store } = await freshStore());
    await store.saveRecord(fixture);
  });

  it('exports files that validate and never contain a confidential address', async () => {
    const { dir, services } = await exportAndValidate(store);
    expect(services.map((s) => [s.name, s.status])).toEqual([
      ['Night and day helpline', 'active'],
      ['Old legal clinic', 'inactive'],
      ['Emergency shelter north', 'active'],
    ]);
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      expect(text).not.toContain(SECRET_STREET);
      expect(text).not.toContain(String(SECRET_LATITUDE));
    }
    expect(JSON.stringify(services)).toContain('Shelter in Chiang Mai');
  });

  it('re-importing an export gives the same directory and keeps the stored confidential address', async () => {
    const { dir } = await exportAndValidate(store);
    const report = await importHsds(store, dir);
    expect(report.rejections).toEqual([]);
    expect(new Set(report.skipped.map((s) => s.ref.split(':')[0]))).toEqual(
      new Set(['taxonomies.json', 'taxonomy_terms.json']),
    );
    expect(formatImportReport(report)).toMatch(
      /skipped {2}taxonomy_terms\.json: \d{2} × taxonomy terms are not imported/,
    );
    // An English file replaces the English texts and keeps every other language.
    const snapshot = await store.loadSnapshot();
    const withoutStamp = <T extends { updatedAt?: string }>({ updatedAt: _u, ...rest }: T) => rest;
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect(snapshot.services.map(withoutStamp).map(withoutChildIds).sort(byId)).toEqual(
      fixture.services.map((s) => ({ ...s })).sort(byId),
    );
    expect(snapshot.organizations.map(withoutStamp)).toEqual([fixture.organization]);
    const stored = await store.getConfidentialAddress('loc-secret-shelter');
    expect(stored?.address?.street).toBe(SECRET_STREET);
    expect(stored?.latitude).toBe(SECRET_LATITUDE);
  });

  describe('HSDS routes', () => {
    let app: ReturnType<typeof createHsdsRoutes>;
    const bodies: string[] = [];
    const getJson = async (url: string) => {
      const res = await app.request(url);
      const text = await res.text();
      bodies.push(text);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      return JSON.parse(text);
    };

    beforeAll(async () => {
      app = createHsdsRoutes({ directory: async () => new DirectoryIndex(await store.loadSnapshot()) });
    });

    it('serves services, organizations and taxonomy that validate against the HSDS schemas', async () => {
      const root = await getJson('/');
      expect(root.version).toBe('3.0');

      const list = await getJson('/services?per_page=10');
      expect(list).toMatchObject({
        total_items: 2,
        total_pages: 1,
        page_number: 1,
        first_page: true,
        last_page: true,
      });
      for (const s of list.contents) expectValid('compiled/service_list.json', s);

      const full = await getJson('/services?full=true');
      expect(full.contents).toHaveLength(2);
      for (const s of full.contents) expectValid('service.json', s);

      for (const s of full.contents as HsdsService[]) {
        const one = await getJson(`/services/${s.id}?locale=th`);
        expectValid('service.json', one);
      }
      const shelter = await getJson('/services/shelter-north');
      expect(
        shelter.service_at_locations.map((sal: { location: { name: string } }) => sal.location.name),
      ).toEqual(['Chiang Mai drop-in centre', 'Shelter in Chiang Mai']);

      const orgs = await getJson('/organizations');
      for (const o of orgs.contents) expectValid('compiled/organization_list.json', o);
      for (const o of (await getJson('/organizations?full_service=true')).contents)
        expectValid('organization.json', o);
      const org = await getJson('/organizations/org-safe-haven?full_service=true');
      expectValid('organization.json', org);
      for (const s of org.services) expectValid('service.json', s);

      for (const t of (await getJson('/taxonomies')).contents) expectValid('taxonomy.json', t);
      const terms = await getJson('/taxonomy_terms?per_page=200');
      expect(terms.total_items).toBeGreaterThan(50);
      for (const t of terms.contents) expectValid('taxonomy_term.json', t);
      expectValid('taxonomy_term.json', await getJson('/taxonomy_terms/area-housing'));
    });

    it('never includes the confidential address in any response', async () => {
      await getJson('/services?full=true&per_page=200');
      await getJson('/organizations?full=true');
      await getJson('/organizations/org-safe-haven?full_service=true');
      await getJson('/services/shelter-north');
      expect(bodies.length).toBeGreaterThan(10);
      for (const body of bodies) {
        expect(body).not.toContain(SECRET_STREET);
        expect(body).not.toContain(String(SECRET_LATITUDE));
      }
    });
  });
});

describe('translations travel: one HSDS file per locale', () => {
  it('eight per-locale files in, eight identical files out (export → empty table → export)', async () => {
    const { store: source } = await freshStore();
    for (const record of demoDirectoryRecords()) await source.saveRecord(record);
    const first = tempDir();
    for (const locale of SUPPORTED_LOCALES) await exportHsds(source, path.join(first, locale), { locale });

    const { store: target } = await freshStore();
    // English first (it creates the records), then each other language merges its texts.
    for (const locale of SUPPORTED_LOCALES) {
      const report = await importHsds(target, path.join(first, locale), { locale });
      expect(report.rejections, locale).toEqual([]);
    }
    const second = tempDir();
    for (const locale of SUPPORTED_LOCALES) await exportHsds(target, path.join(second, locale), { locale });
    for (const locale of SUPPORTED_LOCALES) {
      for (const file of readdirSync(path.join(first, locale))) {
        const before = readFileSync(path.join(first, locale, file), 'utf8');
        const after = readFileSync(path.join(second, locale, file), 'utf8');
        expect(after === before, `${locale}/${file} differs`).toBe(true);
      }
    }
    // The texts themselves came back in every language.
    const [a, b] = [await source.loadSnapshot(), await target.loadSnapshot()];
    const names = (snap: typeof a) =>
      snap.services
        .map((s) => [s.id, s.name, s.description])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(names(b)).toEqual(names(a));
  }, 300_000);

  it('a non-English file changes only its language and refuses listings that do not exist yet', async () => {
    const { store } = await freshStore();
    const fixture = hsdsTestDirectory();
    await store.saveRecord(fixture);
    const dir = tempDir();
    await exportHsds(store, dir, { locale: 'th' });
    const services = readJson<HsdsService[]>(path.join(dir, 'services.json'));
    const shelter = services.find((s) => s.id === hsdsId('service', 'shelter-north')) as HsdsService;
    shelter.description = 'คำอธิบายใหม่';
    writeFileSync(path.join(dir, 'services.json'), JSON.stringify([shelter]));
    const report = await importHsds(store, path.join(dir, 'services.json'), { locale: 'th' });
    expect(report.rejections).toEqual([]);
    const stored = (await store.loadSnapshot()).services.find((s) => s.id === 'shelter-north');
    const original = fixture.services.find((s) => s.id === 'shelter-north');
    expect(stored?.description).toEqual({ ...original?.description, th: 'คำอธิบายใหม่' });
    expect(stored?.name).toEqual(original?.name);

    const { store: empty } = await freshStore();
    const refused = await importHsds(empty, path.join(dir, 'services.json'), { locale: 'th' });
    expect(refused.rejections[0]?.reason).toMatch(/import the English file first/);
  });
});

describe('npm scripts directory:import and directory:export', () => {
  const run = promisify(execFile);
  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  const script = async (name: string, args: string[], env: Record<string, string>) => {
    try {
      const { stdout } = await run(tsx, [path.join(projectRoot, 'scripts', name), ...args], {
        cwd: projectRoot,
        env: { ...process.env, ...env },
      });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  };

  it('imports (exit 1 when anything is rejected, 0 otherwise) and exports', async () => {
    const { endpoint, appTableName, store } = await freshStore();
    const env = { DYNAMODB_ENDPOINT: endpoint, APP_TABLE_NAME: appTableName, AWS_REGION: 'local' };

    const withRejection = await script('directory-import.ts', [dataPackageDescriptor()], env);
    expect(withRejection.code, withRejection.stdout).toBe(1);
    expect(withRejection.stdout).toContain('REJECTED datapackage.json: $');
    expect(withRejection.stdout).toContain('Rejected: 1.');

    const examples = await script('directory-import.ts', [EXAMPLES, '--default-place', 'US'], env);
    expect(examples.code).toBe(0);

    const clean = await script('directory-import.ts', [path.join(EXAMPLES, 'csv')], env);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(
      'Wrote 1 record(s): 1 organization(s), 1 service(s), 1 location(s). Rejected: 0.',
    );

    const usage = await script('directory-import.ts', [], env);
    expect(usage.code).toBe(2);

    const out = tempDir();
    const exported = await script('directory-export.ts', [out, '--locale', 'th'], env);
    expect(exported.code).toBe(0);
    expect(existsSync(path.join(out, 'taxonomy_terms.json'))).toBe(true);
    const services = readJson<HsdsService[]>(path.join(out, 'services.json'));
    expect(services.map((s) => s.id)).toEqual((await store.loadSnapshot()).services.map((s) => s.id).sort());
  });
});
