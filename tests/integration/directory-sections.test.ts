import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { type DirectoryEnv, createDirectoryRoutes } from '../../functions/http/console/directory-routes.js';
import { HsdsView } from '../../functions/domain/directory/hsds/index.js';
import { translatorFor } from '../../web/i18n.js';
import { hsdsTestDirectory, SECRET_LATITUDE, SECRET_STREET } from '../support/hsds-directory.js';
import { freshTables } from '../support/tables.js';

/**
 * Every other field of a listing, edited section by section against DynamoDB Local: valid input is
 * saved with its audit event, invalid input gets translated errors next to its field and stores
 * nothing; the stale queue; import (preview, then confirm with the same file) and export.
 */
const NOW = new Date('2026-12-06T08:00:00Z');

async function setup(staleAfterDays = 180) {
  const tables = await freshTables();
  const store = new DirectoryStore(tables.doc, tables.appTableName);
  await store.saveRecord(hsdsTestDirectory());
  const audit = new AuditLog(tables.doc, tables.auditTableName);
  const app = new Hono<DirectoryEnv>();
  app.use('*', async (c, next) => {
    c.set('identity', {
      sub: 'editor-1',
      name: 'Editor One',
      roles: ['directory-editor'],
      childProtection: false,
    });
    await next();
  });
  const t = await translatorFor('en');
  app.route(
    '/console/directory',
    createDirectoryRoutes({
      store,
      audit,
      auditTableName: tables.auditTableName,
      staleAfterDays,
      placeIds: new Set(['TH', 'TH-10', 'TH-50', 'TH-57', 'MM', 'KH']),
      now: () => NOW,
      context: async () => ({
        t,
        locale: 'en',
        siteName: 'Waypoint',
        css: '',
        scripts: [],
        user: { name: 'Editor One', supervisor: false, csrf: 'x' },
      }),
    }),
  );
  const post = (path: string, pairs: [string, string][]) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(pairs) });
  const rev = async (id = 'shelter-north') => String((await store.getServiceForEdit(id))?.rev);
  const upload = (path: string, text: string, fields: Record<string, string>) => {
    const form = new FormData();
    form.set('file', new File([text], 'directory-en.json', { type: 'application/json' }));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return app.request(path, { method: 'POST', body: form });
  };
  return { store, audit, app, post, rev, upload };
}

/** The page's text without tags (errors are checked as the editor reads them). */
const text = async (res: Response) =>
  (await res.text())
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

describe('editing every field of a listing', () => {
  it('each section saves valid input with an audit event (before and after)', async () => {
    const { store, audit, post, rev } = await setup();
    const url = (s: string) => `/console/directory/services/shelter-north/${s}`;
    const cases: [string, [string, string][]][] = [
      [
        'contacts',
        [
          ['contacts.count', '2'],
          ['contacts.0.kind', 'phone'],
          ['contacts.0.value', '+66 2 111 2222'],
          ['contacts.0.label', 'Night line'],
          ['contacts.0.free', '1'],
          ['contacts.0.showsOnBill', 'no'],
          ['contacts.1.kind', 'line'],
          ['contacts.1.value', '@safehaven'],
        ],
      ],
      [
        'hours',
        [
          ['timeZone', 'Asia/Yangon'],
          ['hours.count', '1'],
          ['hours.0.days', 'mo'],
          ['hours.0.days', 'fr'],
          ['hours.0.opens', '08:30'],
          ['hours.0.closes', '16:00'],
        ],
      ],
      [
        'eligibility',
        [
          ['servesGroups', 'women'],
          ['servesGroups', 'children'],
          ['minimumAge', '12'],
          ['maximumAge', '40'],
          ['generalService', '1'],
        ],
      ],
      [
        'cost',
        [
          ['details', 'A small fee for meals'],
          ['documents', 'Any ID card\nA letter from the village head'],
        ],
      ],
      [
        'shelter',
        [
          ['conditions.freeToLeave', 'yes'],
          ['conditions.phoneAllowed', 'no'],
          ['typicalStay', 'Up to three months'],
        ],
      ],
      ['languages', [['languages', 'th, my, EN']]],
      [
        'areas',
        [
          ['areas', 'housing'],
          ['areas', 'health'],
          ['servesPlaces', 'th-50, TH-57'],
        ],
      ],
      ['locations', [['locationIds', 'loc-chiang-mai-office']]],
      ['organization', [['organizationId', 'org-safe-haven']]],
    ];
    for (const [section, pairs] of cases) {
      const res = await post(url(section), [['rev', await rev()], ...pairs]);
      expect(res.status, section).toBe(303);
      expect(res.headers.get('location')).toContain(`#section-${section}`);
    }
    const s = (await store.getServiceForEdit('shelter-north'))?.service;
    expect(s?.contacts).toEqual([
      { kind: 'phone', value: '+66 2 111 2222', label: { en: 'Night line' }, free: true, showsOnBill: false },
      { kind: 'line', value: '@safehaven' },
    ]);
    expect(s?.schedule).toMatchObject({
      timeZone: 'Asia/Yangon',
      open24h: false,
      hours: [{ days: ['mo', 'fr'], opens: '08:30', closes: '16:00' }],
    });
    expect(s).toMatchObject({ servesGroups: ['women', 'children'], minimumAge: 12, maximumAge: 40 });
    expect(s?.generalService).toBe(true);
    expect(s?.policeReportRequired).toBe(false);
    expect(s?.cost).toMatchObject({ free: false, details: { en: 'A small fee for meals' } });
    expect(s?.documentsRequired.map((d) => d.en)).toEqual(['Any ID card', 'A letter from the village head']);
    expect(s?.conditions).toMatchObject({
      freeToLeave: true,
      phoneAllowed: false,
      typicalStay: { en: 'Up to three months' },
    });
    expect(s?.conditions?.workAllowed).toBeUndefined();
    expect(s?.languages).toEqual(['th', 'my', 'en']);
    expect(s?.areas).toEqual(['housing', 'health']);
    expect(s?.servesPlaces).toEqual(['TH-50', 'TH-57']);
    expect(s?.locationIds).toEqual(['loc-chiang-mai-office']);

    const events = await audit.trail('listing:shelter-north');
    const actions = events.map((e) => e.action);
    for (const section of [
      'contacts',
      'hours',
      'eligibility',
      'cost',
      'shelter',
      'languages',
      'areas',
      'locations',
    ])
      expect(actions, section).toContain(`directory.${section}`);
    // The organisation did not change: nothing saved, nothing audited.
    expect(actions).not.toContain('directory.organization');
    const languages = events.find((e) => e.action === 'directory.languages');
    expect(JSON.parse(String(languages?.details?.after))).toEqual({ languages: ['th', 'my', 'en'] });
    expect(JSON.parse(String(languages?.details?.before)).languages).not.toEqual(['th', 'my', 'en']);
  });

  it('invalid input in each section: translated errors next to the field, the typed values kept, nothing stored', async () => {
    const { store, audit, post, rev } = await setup();
    const before = await store.getServiceForEdit('shelter-north');
    const url = (s: string) => `/console/directory/services/shelter-north/${s}`;
    const cases: [string, [string, string][], string, string][] = [
      [
        'contacts',
        [
          ['contacts.count', '1'],
          ['contacts.0.kind', 'email'],
          ['contacts.0.value', 'not-an-address'],
        ],
        'Please enter an e-mail address such as name@example.org.',
        'not-an-address',
      ],
      [
        'hours',
        [
          ['timeZone', 'Mars/Olympus'],
          ['hours.count', '1'],
          ['hours.0.days', 'mo'],
          ['hours.0.opens', '25:00'],
          ['hours.0.closes', '17:00'],
        ],
        'Unknown time zone. Use a name such as Asia/Bangkok.',
        'Mars/Olympus',
      ],
      [
        'hours',
        [
          ['timeZone', 'Asia/Bangkok'],
          ['hours.count', '1'],
          ['hours.0.days', 'mo'],
          ['hours.0.opens', '9am'],
          ['hours.0.closes', '17:00'],
        ],
        'Please enter a time as HH:MM, e.g. 09:00.',
        '9am',
      ],
      [
        'eligibility',
        [
          ['minimumAge', '30'],
          ['maximumAge', '18'],
        ],
        'The maximum age is below the minimum age.',
        'value="30"',
      ],
      ['eligibility', [['minimumAge', 'twelve']], 'Please enter a number.', 'twelve'],
      [
        'languages',
        [['languages', 'th, !!']],
        'Unknown language code. Use codes such as th or my.',
        'th, !!',
      ],
      [
        'areas',
        [
          ['areas', 'housing'],
          ['servesPlaces', 'TH-99'],
        ],
        'Unknown place code. Use codes such as TH or TH-50.',
        'TH-99',
      ],
      [
        'areas',
        [['servesPlaces', 'TH-50']],
        'An active listing needs this. Fill it in or deactivate the listing first.',
        'TH-50',
      ],
      [
        'locations',
        [['locationIds', 'loc-of-someone-else']],
        'Please choose one of the options.',
        'Locations',
      ],
      [
        'organization',
        [['organizationId', 'no-such-org']],
        'Please choose one of the options.',
        'Organisation',
      ],
      ['cost', [['details', 'x'.repeat(4001)]], 'This is too long.', 'xxxxxxxx'],
    ];
    for (const [section, pairs, message, kept] of cases) {
      const res = await post(url(section), [['rev', await rev()], ...pairs]);
      expect(res.status, `${section}: ${message}`).toBe(400);
      const html = await res.text();
      const page = html.replace(/<[^>]+>/g, ' ');
      expect(page, section).toContain(message);
      expect(page).toContain('Nothing was saved. Please correct the fields marked below.');
      expect(html, section).toContain(kept);
      // The error is next to its field and tied to it for screen readers.
      const errorId = html.match(/<p class="error" id="([^"]+)"/)?.[1];
      expect(errorId, section).toBeDefined();
      expect(html).toMatch(new RegExp(`aria-describedby="[^"]*${errorId}"`));
    }
    const after = await store.getServiceForEdit('shelter-north');
    expect(after?.rev).toBe(before?.rev);
    expect(after?.service).toEqual(before?.service);
    expect(await audit.trail('listing:shelter-north')).toHaveLength(0);
  });

  it('a discreet label per language is shown on the card data instead of the name', async () => {
    const { store, post, rev } = await setup();
    const res = await post('/console/directory/services/shelter-north/texts', [
      ['rev', await rev()],
      ['text.discreetLabel.en', 'Orchid House'],
      ['text.discreetLabel.th', 'บ้านกล้วยไม้'],
      ['status.discreetLabel.th', 'reviewed'],
    ]);
    expect(res.status).toBe(303);
    const s = (await store.getServiceForEdit('shelter-north'))?.service;
    expect(s?.discreetLabel).toEqual({ en: 'Orchid House', th: 'บ้านกล้วยไม้' });
    expect(s?.translationStatus?.discreetLabel?.th).toBe('reviewed');
    // The HSDS export carries it as an attribute, so an import gives it back.
    const snapshot = await store.loadSnapshot();
    expect(JSON.stringify(new HsdsView(snapshot).service(s as never))).toContain('Orchid House');
  });

  it('an organisation and a location have their own forms; the confidential address is staff only', async () => {
    const { store, audit, app, post } = await setup();
    const org = await store.getOrganizationForEdit('org-safe-haven');
    const bad = await post('/console/directory/organizations/org-safe-haven', [
      ['rev', String(org?.rev)],
      ['name.en', 'Safe Haven Foundation'],
      ['email', 'nobody-at-example'],
    ]);
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain('Please enter an e-mail address such as name@example.org.');
    expect((await store.getOrganizationForEdit('org-safe-haven'))?.organization).toEqual(org?.organization);
    const good = await post('/console/directory/organizations/org-safe-haven', [
      ['rev', String(org?.rev)],
      ['name.en', 'Safe Haven Foundation'],
      ['name.th', 'มูลนิธิเซฟเฮเวน'],
      ['website', 'https://safehaven.example.org/new'],
    ]);
    expect(good.status).toBe(303);
    expect((await store.getOrganizationForEdit('org-safe-haven'))?.organization.website).toBe(
      'https://safehaven.example.org/new',
    );
    expect((await audit.trail('organization:org-safe-haven')).map((e) => e.action)).toEqual([
      'directory.organization',
    ]);

    // The staff page shows the confidential street address; the public snapshot never has it.
    const page = await (await app.request('/console/directory/locations/loc-secret-shelter')).text();
    expect(page).toContain(SECRET_STREET);
    const loc = await store.getLocationForEdit('loc-secret-shelter');
    const moved = await post('/console/directory/locations/loc-secret-shelter', [
      ['rev', String(loc?.rev)],
      ['name', loc?.location.name.en ?? 'x'],
      ['placeId', loc?.location.placeId ?? 'TH'],
      ['confidential', '1'],
      ['street', '12 New Secret Road'],
      ['city', 'Chiang Mai'],
      ['country', 'TH'],
      ['latitude', '18.8'],
      ['longitude', '98.9'],
    ]);
    expect(moved.status).toBe(303);
    expect((await store.getConfidentialAddress('loc-secret-shelter'))?.address?.street).toBe(
      '12 New Secret Road',
    );
    const snapshot = await store.loadSnapshot();
    const everythingPublic = JSON.stringify([
      snapshot,
      snapshot.services.map((s) => new HsdsView(snapshot).service(s)),
    ]);
    expect(everythingPublic).not.toContain('12 New Secret Road');
    expect(everythingPublic).not.toContain(SECRET_STREET);
    // The audit says the address changed without copying it.
    const [event] = await audit.trail('location:loc-secret-shelter');
    expect(event?.details?.fields).toContain('address');
    expect(JSON.stringify(event)).not.toContain('12 New Secret Road');
    expect(JSON.stringify(event)).not.toContain(SECRET_STREET);

    const invalid = await post('/console/directory/locations/loc-secret-shelter', [
      ['rev', String((await store.getLocationForEdit('loc-secret-shelter'))?.rev)],
      ['name', 'Shelter'],
      ['placeId', 'TH-50'],
      ['confidential', '1'],
      ['street', ''],
      ['city', 'Chiang Mai'],
      ['country', 'Thailand'],
      ['latitude', '200'],
    ]);
    expect(invalid.status).toBe(400);
    const errors = await text(invalid);
    expect(errors).toContain('Please fill this in.');
    expect(errors).toContain('This number is too large.');
    expect((await store.getConfidentialAddress('loc-secret-shelter'))?.address?.street).toBe(
      '12 New Secret Road',
    );
  });
});

describe('stale queue', () => {
  it('lists listings not verified for too long, never verified first, then the oldest; verifying removes one', async () => {
    const { store, app, post, rev } = await setup(30);
    const snapshot = await store.loadSnapshot();
    const never = snapshot.services.filter((s) => !s.lastVerified).map((s) => s.id);
    const page = await (await app.request('/console/directory/stale')).text();
    const order = [...page.matchAll(/href="\/console\/directory\/services\/([^"]+)"/g)].map((m) => m[1]);
    expect(order).toContain('shelter-north');
    // Never verified ones come before shelter-north (verified 2025-01-15).
    for (const id of never) expect(order.indexOf(id)).toBeLessThan(order.indexOf('shelter-north'));
    expect(page).toContain('last verified 2025-01-15 by Case team (690 days ago)');
    expect(
      (await post('/console/directory/services/shelter-north/verify', [['rev', await rev()]])).status,
    ).toBe(303);
    const after = await (await app.request('/console/directory/stale')).text();
    expect(after).not.toContain('/console/directory/services/shelter-north"');
    // The listings filter applies the same rule.
    const filtered = await (await app.request('/console/directory?status=stale')).text();
    expect(filtered).not.toContain('/console/directory/services/shelter-north"');
  });
});

describe('import and export in the console', () => {
  it('export per language without confidential addresses; import previews, then writes exactly the previewed file', async () => {
    const { store, audit, app, upload } = await setup();
    const exported = await app.request('/console/directory/transfer/export?locale=en');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(
      /attachment; filename="directory-en-2026-12-06\.json"/,
    );
    const file = await exported.text();
    expect(file).not.toContain(SECRET_STREET);
    expect(file).not.toContain(String(SECRET_LATITUDE));
    expect(file).toContain('shelter-north');
    const th = await (await app.request('/console/directory/transfer/export?locale=th')).text();
    expect(th).toContain('มูลนิธิเซฟเฮเวน');
    expect((await audit.trail('directory:export')).map((e) => e.details?.locale).sort()).toEqual([
      'en',
      'th',
    ]);

    // An editor changes a description in the file.
    const changed = file.replace(
      /"description":"[^"]*"/,
      '"description":"Rooms for the night, changed by import"',
    );
    expect(changed).not.toBe(file);
    const sha256 = createHash('sha256').update(changed).digest('hex');
    const before = await store.loadSnapshot();

    const preview = await upload('/console/directory/transfer/preview', changed, { locale: 'en' });
    expect(preview.status).toBe(200);
    const previewPage = await text(preview);
    expect(previewPage).toContain('What this file would do (nothing written yet)');
    expect(previewPage).toContain(sha256);
    expect(previewPage).toMatch(/Accepted: \d+ records/);
    expect((await store.loadSnapshot()).version).toBe(before.version); // a dry run writes nothing

    // Confirming with another file (or none) imports nothing.
    const other = await upload('/console/directory/transfer/import', file, { locale: 'en', sha256 });
    expect(other.status).toBe(400);
    expect(await text(other)).toContain('This is not the file that was checked: nothing was imported.');
    expect((await store.loadSnapshot()).version).toBe(before.version);

    const confirmed = await upload('/console/directory/transfer/import', changed, { locale: 'en', sha256 });
    expect(confirmed.status).toBe(200);
    expect(await text(confirmed)).toMatch(/Imported \d+ records\./);
    const after = await store.loadSnapshot();
    expect(JSON.stringify(after.services.map((s) => s.description))).toContain(
      'Rooms for the night, changed by import',
    );
    // The confidential address survived (the export never had it).
    expect((await store.getConfidentialAddress('loc-secret-shelter'))?.address?.street).toBe(SECRET_STREET);
    const [event] = await audit.trail('directory:import');
    expect(event).toMatchObject({ actor: 'editor-1', action: 'directory.import' });
    expect(event?.details).toMatchObject({ sha256, locale: 'en', rejected: 0 });
  });

  it('refuses a file that is not JSON or names nothing, with a translated reason, and writes nothing', async () => {
    const { store, upload } = await setup();
    const version = (await store.loadSnapshot()).version;
    const notJson = await upload('/console/directory/transfer/preview', '{ nope', { locale: 'en' });
    expect(notJson.status).toBe(400);
    expect(await text(notJson)).toContain('This file is not valid JSON. Please choose an HSDS JSON file.');
    const empty = await upload('/console/directory/transfer/preview', '[{"hello": 1}]', { locale: 'en' });
    expect(empty.status).toBe(200);
    expect(await text(empty)).toMatch(/Rejected: 1 record/);
    const noLocale = await upload('/console/directory/transfer/preview', '[]', { locale: 'xx' });
    expect(noLocale.status).toBe(400);
    expect(await text(noLocale)).toContain('Please choose the language of the file.');
    expect((await store.loadSnapshot()).version).toBe(version);
  });
});
