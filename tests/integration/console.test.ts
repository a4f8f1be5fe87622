import { agedFormToken } from '../support/requests.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { queueIndex, requestKeys, staffNoteKeys } from '../../functions/data/keys.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { StaffStore } from '../../functions/data/staff-store.js';
import type { Role } from '../../functions/domain/console/roles.js';
import type { Activity } from '../../functions/domain/requests/records.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { startFullPortal } from '../support/portal.js';

type Who = 'none' | 'operator' | 'other-operator' | 'supervisor' | 'editor' | 'admin';

describe('staff console against DynamoDB Local', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let casework: CaseworkStore;
  const sessions = new Map<Who, { cookie: string; csrf: string }>();
  /** Reference code of each request made here, by request id. */
  const codes = new Map<string, string>();
  let seq = 0;

  async function newRequest(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: `console-test-${Date.now()}-${seq++}-abcdef`,
        consentCallback: true,
        formToken: agedFormToken(),
        channel: 'signal',
        handle: '+66 89 000 4242',
        timeZone: 'Asia/Bangkok',
        codeWord: 'lotus',
        country: 'TH',
        ...extra,
      }),
    });
    const { code } = (await res.json()) as { code: string };
    const id = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
    codes.set(id, code);
    return id;
  }

  async function session(sub: string, roles: Role[], childProtection = false) {
    const s = await portal.consoleDeps.sessions.create(
      { sub, name: sub, roles, childProtection, locale: 'en' },
      3600,
    );
    return { cookie: `wp_session=${s.id}`, csrf: s.csrf };
  }

  function call(
    who: Who,
    method: 'GET' | 'POST',
    path: string,
    form: Record<string, string> = {},
    withCsrf = true,
  ) {
    const s = sessions.get(who);
    const body =
      method === 'POST'
        ? new URLSearchParams({ ...(withCsrf && s ? { csrf: s.csrf } : {}), ...form })
        : undefined;
    return fetch(`${portal.baseUrl}${path}`, {
      method,
      headers: s ? { cookie: s.cookie } : {},
      body,
      redirect: 'manual',
    });
  }

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    casework = new CaseworkStore(portal.doc, portal.appTableName);
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    sessions.set('operator', await session('op-a', ['operator'], true));
    sessions.set('other-operator', await session('op-b', ['operator']));
    sessions.set('supervisor', await session('sup', ['supervisor'], true));
    sessions.set('editor', await session('ed', ['directory-editor']));
    sessions.set('admin', await session('adm', ['admin']));
    // The staff list, as sign-in writes it: reassignment offers and accepts only these.
    const staff = new StaffStore(portal.doc, portal.appTableName);
    await staff.upsert({
      sub: 'op-a',
      name: 'op-a',
      login: 'op-a',
      roles: ['operator'],
      groups: ['operator', 'child-protection'],
    });
    await staff.upsert({
      sub: 'op-b',
      name: 'op-b',
      login: 'op-b',
      roles: ['operator'],
      groups: ['operator'],
    });
  });
  afterAll(async () => {
    await portal.close();
  });

  it('serves nothing without a valid session', async () => {
    const get = await call('none', 'GET', '/console');
    expect(get.status).toBe(302);
    expect(get.headers.get('location')).toBe('/console/auth/login');
    const post = await call('none', 'POST', '/console/requests/x/claim');
    expect(post.status).toBe(401);
    const forged = await fetch(`${portal.baseUrl}/console`, {
      headers: { cookie: 'wp_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(302);
  });

  it('refuses every state change without the CSRF token', async () => {
    const id = await newRequest();
    for (const action of [
      'claim',
      'release',
      'attempts',
      'notes',
      'needs',
      'referrals',
      'priority',
      'status',
      'close',
      'reopen',
      'reassign',
      'extend',
      'decision',
      'checkin',
      'escalate',
      'safeguarding',
    ]) {
      const res = await call('supervisor', 'POST', `/console/requests/${id}/${action}`, {}, false);
      expect(res.status, action).toBe(403);
    }
    expect((await call('supervisor', 'POST', '/console/auth/logout', {}, false)).status).toBe(403);
    expect((await call('supervisor', 'POST', '/console/find', { code: 'AAAA-AAAA' }, false)).status).toBe(
      403,
    );
    expect((await casework.get(id))?.claim).toBeUndefined();
  });

  it('access matrix: routes × roles', async () => {
    const id = await newRequest();
    // operator (op-a) claims it; the matrix then checks everyone against a held request.
    expect((await call('operator', 'POST', `/console/requests/${id}/claim`)).status).toBe(303);
    const code = codes.get(id) as string;
    const matrix: [string, 'GET' | 'POST', string, Record<string, string>, Record<Who, number>][] = [
      [
        'queue (editors and admins are sent to the directory)',
        'GET',
        '/console',
        {},
        { none: 302, operator: 200, 'other-operator': 200, supervisor: 200, editor: 302, admin: 302 },
      ],
      [
        "the queue's alerts (urgent requests waiting: ids and a count)",
        'GET',
        '/console/alerts',
        {},
        { none: 302, operator: 200, 'other-operator': 200, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'directory listings',
        'GET',
        '/console/directory',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 200, admin: 200 },
      ],
      [
        'reporting figures',
        'GET',
        '/console/reports',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 200, editor: 403, admin: 200 },
      ],
      [
        'reporting figures as CSV',
        'GET',
        '/console/reports/download',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 200, editor: 403, admin: 200 },
      ],
      [
        'problem reports',
        'GET',
        '/console/directory/reports',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 200, editor: 200, admin: 200 },
      ],
      [
        'close a report (unknown id)',
        'POST',
        '/console/directory/reports/no-such-report/close',
        { status: 'resolved', note: 'x' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 303, admin: 303 },
      ],
      [
        'directory listing (unknown id)',
        'GET',
        '/console/directory/services/no-such-listing',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'directory verify (unknown id)',
        'POST',
        '/console/directory/services/no-such-listing/verify',
        { rev: '0' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'directory texts (unknown id)',
        'POST',
        '/console/directory/services/no-such-listing/texts',
        { rev: '0', 'text.name.en': 'x' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'directory status (unknown id)',
        'POST',
        '/console/directory/services/no-such-listing/status',
        { rev: '0', active: '0' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'staff area (admins only)',
        'GET',
        '/console/staff',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 200 },
      ],
      [
        'invite (an empty form: admins get the form again with its errors)',
        'POST',
        '/console/staff',
        {},
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 400 },
      ],
      [
        'one staff member',
        'GET',
        '/console/staff/op-b',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 200 },
      ],
      [
        'one staff member (unknown id)',
        'GET',
        '/console/staff/no-such-staff',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 404 },
      ],
      [
        'change groups and languages (no role: admins get the form again)',
        'POST',
        '/console/staff/op-b/groups',
        {},
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 400 },
      ],
      [
        'disable: the confirmation page',
        'GET',
        '/console/staff/op-b/disable',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 200 },
      ],
      [
        'disable (unknown id)',
        'POST',
        '/console/staff/no-such-staff/disable',
        {},
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 404 },
      ],
      [
        'enable (unknown id)',
        'POST',
        '/console/staff/no-such-staff/enable',
        {},
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 403, admin: 404 },
      ],
      [
        'stale queue',
        'GET',
        '/console/directory/stale',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 200, admin: 200 },
      ],
      ...(
        [
          'organization',
          'contacts',
          'hours',
          'eligibility',
          'cost',
          'shelter',
          'languages',
          'areas',
          'locations',
        ] as const
      ).map((section): [string, 'GET' | 'POST', string, Record<string, string>, Record<Who, number>] => [
        `directory section ${section} (unknown id)`,
        'POST',
        `/console/directory/services/no-such-listing/${section}`,
        { rev: '0' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ]),
      [
        'organisation page (unknown id)',
        'GET',
        '/console/directory/organizations/no-such-org',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'save an organisation (unknown id)',
        'POST',
        '/console/directory/organizations/no-such-org',
        { rev: '0' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'location page with its confidential address',
        'GET',
        `/console/directory/locations/${FIXTURE_LOCATIONS[0]?.id}`,
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 200, admin: 200 },
      ],
      [
        'save a location (unknown id)',
        'POST',
        '/console/directory/locations/no-such-location',
        { rev: '0' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 404, admin: 404 },
      ],
      [
        'import and export page',
        'GET',
        '/console/directory/transfer',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 200, admin: 200 },
      ],
      [
        'import preview (no file)',
        'POST',
        '/console/directory/transfer/preview',
        { locale: 'en' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 400, admin: 400 },
      ],
      [
        'import confirm (no file)',
        'POST',
        '/console/directory/transfer/import',
        { locale: 'en', sha256: '0' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 403, editor: 400, admin: 400 },
      ],
      [
        'export one language',
        'GET',
        '/console/directory/transfer/export?locale=th',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 403, editor: 200, admin: 200 },
      ],
      [
        'open request',
        'GET',
        `/console/requests/${id}`,
        {},
        { none: 302, operator: 200, 'other-operator': 200, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'note',
        'POST',
        `/console/requests/${id}/notes`,
        { text: 'Called, will try later' },
        { none: 401, operator: 303, 'other-operator': 403, supervisor: 303, editor: 403, admin: 403 },
      ],
      [
        'needs',
        'POST',
        `/console/requests/${id}/needs`,
        { needs: 'health' },
        { none: 401, operator: 303, 'other-operator': 403, supervisor: 303, editor: 403, admin: 403 },
      ],
      [
        'claim held',
        'POST',
        `/console/requests/${id}/claim`,
        {},
        { none: 401, operator: 303, 'other-operator': 409, supervisor: 409, editor: 403, admin: 403 },
      ],
      [
        'extend the claim (the holder only)',
        'POST',
        `/console/requests/${id}/extend`,
        {},
        { none: 401, operator: 303, 'other-operator': 403, supervisor: 403, editor: 403, admin: 403 },
      ],
      [
        'supervisor decision on a request that needs none',
        'POST',
        `/console/requests/${id}/decision`,
        { decision: 'retry' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 409, editor: 403, admin: 403 },
      ],
      [
        'close without confirming: asks to confirm',
        'POST',
        `/console/requests/${id}/close`,
        { reason: 'duplicate', summary: 'Same as an earlier request' },
        { none: 401, operator: 200, 'other-operator': 403, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'my requests',
        'GET',
        '/console/mine',
        {},
        { none: 302, operator: 200, 'other-operator': 200, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'find by reference code (form)',
        'GET',
        '/console/find',
        {},
        { none: 302, operator: 200, 'other-operator': 200, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'find by reference code',
        'POST',
        '/console/find',
        { code },
        { none: 401, operator: 303, 'other-operator': 303, supervisor: 303, editor: 403, admin: 403 },
      ],
      [
        'find by an unknown reference code',
        'POST',
        '/console/find',
        { code: 'ZZZZ-ZZZZ' },
        { none: 401, operator: 404, 'other-operator': 404, supervisor: 404, editor: 403, admin: 403 },
      ],
      [
        'closed and withdrawn requests',
        'GET',
        '/console/closed?status=closed&days=30',
        {},
        { none: 302, operator: 200, 'other-operator': 200, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'audit',
        'GET',
        `/console/requests/${id}/audit`,
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'supervisor page',
        'GET',
        '/console/supervisor',
        {},
        { none: 302, operator: 403, 'other-operator': 403, supervisor: 200, editor: 403, admin: 403 },
      ],
      [
        'reassign',
        'POST',
        `/console/requests/${id}/reassign`,
        { sub: 'op-a' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 303, editor: 403, admin: 403 },
      ],
      [
        'reassign to someone not on the staff list',
        'POST',
        `/console/requests/${id}/reassign`,
        { sub: 'made-up-id' },
        { none: 401, operator: 403, 'other-operator': 403, supervisor: 400, editor: 403, admin: 403 },
      ],
      [
        'log a check-in on a request that is not one',
        'POST',
        `/console/requests/${id}/checkin`,
        { continue: 'yes', reason: 'other' },
        { none: 401, operator: 400, 'other-operator': 403, supervisor: 400, editor: 403, admin: 403 },
      ],
    ];
    for (const [label, method, path, form, expected] of matrix) {
      for (const who of Object.keys(expected) as Who[]) {
        const res = await call(who, method, path, form);
        expect(res.status, `${label} as ${who}`).toBe(expected[who]);
      }
    }
  });

  it("the queue's alerts: urgent requests one may take now, nothing personal, the count in the title", async () => {
    const alerts = async (who: Who, query = '') => {
      const res = await call(who, 'GET', `/console/alerts${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/json');
      const text = await res.text();
      for (const secret of ['89 000 4242', '890004242', 'lotus']) expect(text).not.toContain(secret);
      return JSON.parse(text) as { urgent: number; ids: string[] };
    };
    const adult = await newRequest({ dangerNow: true, ageBand: 'adult', languages: ['km'] });
    const child = await newRequest({ ageBand: 'under-18', languages: ['km'] });
    const normal = await newRequest({ ageBand: 'adult', languages: ['km'] });
    // Threatened (priority 2) and contactable for 13 hours: waiting moved it up to urgent. The poll
    // reads only the lists that can hold urgent requests; this one is in priority 2's.
    const waited = await newRequest({ threats: true, ageBand: 'adult', languages: ['km'] });
    const since = new Date(Date.now() - 13 * 3_600_000).toISOString();
    await portal.doc.send(
      new UpdateCommand({
        TableName: portal.appTableName,
        Key: requestKeys.request(waited),
        UpdateExpression: 'SET createdAt = :t, nextContactableAt = :t, gsi1pk = :pk, gsi1sk = :sk',
        ExpressionAttributeValues: {
          ':t': since,
          ...Object.fromEntries(
            Object.entries(
              queueIndex({ priority: 2, nextContactableAt: since, createdAt: since, id: waited }),
            ).map(([k, v]) => [`:${k.slice(4)}`, v]),
          ),
        },
      }),
    );
    const team = await alerts('operator');
    expect(team.ids).toEqual(expect.arrayContaining([adult, child, waited]));
    expect(team.ids).not.toContain(normal);
    expect(team.urgent).toBe(team.ids.length);
    // A child's request only for the child-protection group (it could not take it).
    const other = await alerts('other-operator');
    expect(other.ids).toContain(adult);
    expect(other.ids).not.toContain(child);
    // The queue's filters apply (the island sends the page's own query).
    const burmese = await alerts('operator', '?language=my');
    expect(burmese.ids).not.toContain(adult);
    // The queue page says the same count in its title, and refreshes itself without JavaScript.
    const page = await (await call('operator', 'GET', '/console')).text();
    expect(page).toContain(`<title>(${team.urgent}) Requests to contact · Waypoint</title>`);
    expect(page).toMatch(
      /<noscript><meta http-equiv="refresh" content="60;url=\/console\?auto=1"\/?><\/noscript>/,
    );
    // Taken: no longer waiting for anyone.
    expect((await call('operator', 'POST', `/console/requests/${adult}/claim`)).status).toBe(303);
    expect((await alerts('other-operator')).ids).not.toContain(adult);
    expect((await alerts('operator')).ids).not.toContain(adult);
  });

  it('only the HSDS upload routes take a body over the form limit, and only up to theirs', async () => {
    const big = 'x'.repeat(100 * 1024);
    // 100 KB: over the 64 KB form limit, under the upload limit.
    expect(
      (await call('editor', 'POST', '/console/directory/services/th-shelter/texts', { pad: big })).status,
    ).toBe(413);
    expect((await call('editor', 'POST', '/console/directory/transfer/preview', { pad: big })).status).toBe(
      400,
    );
    const huge = 'x'.repeat(2 * 1024 * 1024);
    expect((await call('editor', 'POST', '/console/directory/transfer/preview', { pad: huge })).status).toBe(
      413,
    );
  });

  it('shows contact details only to the holder (or a supervisor), and audits the view', async () => {
    const id = await newRequest();
    const before = await (await call('other-operator', 'GET', `/console/requests/${id}`)).text();
    expect(before).not.toContain('89 000 4242');
    expect((await call('operator', 'POST', `/console/requests/${id}/claim`)).status).toBe(303);
    const holder = await (await call('operator', 'GET', `/console/requests/${id}`)).text();
    expect(holder).toContain('+66 89 000 4242');
    expect(holder).toContain('lotus');
    const other = await (await call('other-operator', 'GET', `/console/requests/${id}`)).text();
    expect(other).not.toContain('89 000 4242');
    expect(other).not.toContain('lotus');
    const trail = await portal.consoleDeps.casework.trail(
      { sub: 'sup', name: 'sup', roles: ['supervisor'], childProtection: true },
      id,
    );
    // The claim redirects (post/redirect/get); the look that followed showed the card, by op-a.
    const views = trail.filter((e) => e.action === 'view-contact').map((e) => e.actor);
    expect(views.length).toBe(1);
    expect(new Set(views)).toEqual(new Set(['op-a']));
  });

  it('children are claimable only by the child-protection group and come first', async () => {
    const child = await newRequest({ ageBand: 'under-18' });
    const res = await call('other-operator', 'POST', `/console/requests/${child}/claim`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('child-protection team');
    expect((await call('operator', 'POST', `/console/requests/${child}/claim`)).status).toBe(303);
    const { due } = await portal.consoleDeps.casework.queue({
      sub: 'sup',
      name: 'sup',
      roles: ['supervisor'],
      childProtection: true,
    });
    expect(due[0]?.priority).toBe(1);
  });

  it('50 concurrent claims from different operators: exactly one wins', async () => {
    const id = await newRequest();
    const operators = await Promise.all(
      Array.from({ length: 50 }, (_, i) => session(`race-${i}`, ['operator'])),
    );
    const results = await Promise.all(
      operators.map((s) =>
        fetch(`${portal.baseUrl}/console/requests/${id}/claim`, {
          method: 'POST',
          headers: { cookie: s.cookie },
          body: new URLSearchParams({ csrf: s.csrf }),
          redirect: 'manual',
        }).then((r) => r.status),
      ),
    );
    expect(results.filter((s) => s === 303)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(49);
    const winner = operators[results.indexOf(303)];
    expect((await casework.get(id))?.claim?.by).toBe(`race-${results.indexOf(303)}`);
    expect(winner).toBeDefined();
  });

  it('an expired claim can be taken by another operator', async () => {
    const id = await newRequest();
    expect((await call('operator', 'POST', `/console/requests/${id}/claim`)).status).toBe(303);
    expect((await call('other-operator', 'POST', `/console/requests/${id}/claim`)).status).toBe(409);
    await portal.doc.send(
      new UpdateCommand({
        TableName: portal.appTableName,
        Key: { pk: `REQ#${id}`, sk: 'REQ' },
        UpdateExpression: 'SET claim.#u = :past',
        ExpressionAttributeNames: { '#u': 'until' },
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );
    expect((await call('other-operator', 'POST', `/console/requests/${id}/claim`)).status).toBe(303);
    expect((await casework.get(id))?.claim?.by).toBe('op-b');
  });

  it('safeguarding: the holder of a danger-now or child request asks a supervisor, who records the decision', async () => {
    // Someone in danger now: op-b (not in the child-protection group) holds it.
    const danger = await newRequest({ dangerNow: true, ageBand: 'adult' });
    expect((await call('other-operator', 'POST', `/console/requests/${danger}/claim`)).status).toBe(303);
    const page = await (await call('other-operator', 'GET', `/console/requests/${danger}`)).text();
    expect(page).toContain('data-safeguarding="danger-now"');
    expect(page).toContain('id="form-escalate"');
    // A reason from the list is required; nothing is stored without one.
    expect(
      (await call('other-operator', 'POST', `/console/requests/${danger}/escalate`, { reason: 'because' }))
        .status,
    ).toBe(400);
    expect((await casework.get(danger))?.safeguarding).toBeUndefined();
    // Only the holder (or a supervisor) may escalate: another operator may not.
    expect(
      (await call('operator', 'POST', `/console/requests/${danger}/escalate`, { reason: 'immediate-danger' }))
        .status,
    ).toBe(403);
    const escalated = await call('other-operator', 'POST', `/console/requests/${danger}/escalate`, {
      reason: 'immediate-danger',
    });
    expect(escalated.status).toBe(303);
    expect(escalated.headers.get('location')).toContain('done=escalated');
    const pending = await casework.get(danger);
    expect(pending?.safeguarding).toMatchObject({
      state: 'pending',
      trigger: 'danger-now',
      reason: 'immediate-danger',
      by: 'op-b',
    });
    // Escalating is not handing over: the holder keeps the request.
    expect(pending?.claim?.by).toBe('op-b');
    // Once is enough until a supervisor decides.
    expect(
      (
        await call('other-operator', 'POST', `/console/requests/${danger}/escalate`, {
          reason: 'harm-disclosed',
        })
      ).status,
    ).toBe(409);
    // The queue and the supervisors' page show the mark.
    expect(await (await call('supervisor', 'GET', '/console')).text()).toContain('data-safeguarding-pending');
    expect(await (await call('supervisor', 'GET', '/console/supervisor')).text()).toContain(danger.slice(-6));
    // Operators cannot record the decision; a supervisor can, with a word from the list.
    expect(
      (
        await call('other-operator', 'POST', `/console/requests/${danger}/safeguarding`, {
          action: 'safety-plan',
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('supervisor', 'POST', `/console/requests/${danger}/safeguarding`, { action: 'x' })).status,
    ).toBe(400);
    expect(
      (
        await call('supervisor', 'POST', `/console/requests/${danger}/safeguarding`, {
          action: 'emergency-services',
        })
      ).status,
    ).toBe(303);
    expect((await casework.get(danger))?.safeguarding).toMatchObject({
      state: 'decided',
      action: 'emergency-services',
      decidedBy: 'sup',
    });
    expect(
      (
        await call('supervisor', 'POST', `/console/requests/${danger}/safeguarding`, {
          action: 'safety-plan',
        })
      ).status,
    ).toBe(409);
    // Both steps are in the history and in the audit trail.
    const events = (await casework.activity(danger)).filter((a) => a.kind === 'EVENT').map((a) => a.event);
    expect(events).toEqual(['escalate', 'safeguarding-decision']);
    const trail = await (await call('supervisor', 'GET', `/console/requests/${danger}/audit`)).text();
    expect(trail).toContain('data-action="escalate"');
    expect(trail).toContain('data-action="safeguarding-decision"');

    // A child's request: only the child-protection group works it, escalation included.
    const child = await newRequest({ ageBand: 'under-18' });
    expect((await call('operator', 'POST', `/console/requests/${child}/claim`)).status).toBe(303);
    expect(
      (
        await call('other-operator', 'POST', `/console/requests/${child}/escalate`, {
          reason: 'child-at-risk',
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('operator', 'POST', `/console/requests/${child}/escalate`, { reason: 'child-at-risk' }))
        .status,
    ).toBe(303);
    expect((await casework.get(child))?.safeguarding?.trigger).toBe('child');

    // A request that matches no configured trigger offers no escalation and refuses one.
    const plain = await newRequest();
    await call('operator', 'POST', `/console/requests/${plain}/claim`);
    expect(await (await call('operator', 'GET', `/console/requests/${plain}`)).text()).not.toContain(
      'data-safeguarding=',
    );
    const refused = await call('operator', 'POST', `/console/requests/${plain}/escalate`, {
      reason: 'unsure-what-to-do',
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('not one the helpline escalates');
    expect((await casework.get(plain))?.safeguarding).toBeUndefined();
  });

  it('the referral search filters by area, place and language and shows what the person must know', async () => {
    const id = await newRequest({ languages: ['km'] });
    await call('operator', 'POST', `/console/requests/${id}/claim`);
    const page = async (query: string) => {
      const res = await call('operator', 'GET', `/console/requests/${id}${query}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      return {
        html,
        found: [...html.matchAll(/data-referral-service="([^"]+)"/g)].map((m) => m[1]),
      };
    };
    // By default the person's country: the Thai services, not the Cambodian or Burmese ones.
    const first = await page('');
    expect(first.found.sort()).toEqual(['th-clinic', 'th-shelter']);
    // The place filter offers the country and its provinces by name, the country chosen.
    expect(first.html).toMatch(/<option value="TH" selected>Thailand</);
    // By area: only health.
    expect((await page('?area=health')).found).toEqual(['th-clinic']);
    // Each card says how to reach the service, its hours, who it serves and its conditions.
    const clinic = (await page('?area=health')).html;
    expect(clinic).toContain('+6620000002');
    expect(clinic).toMatch(/data-referral-hours="1">[^<]*09:00–17:00/);
    expect(clinic).toMatch(/data-referral-eligibility="1">Everyone/);
    expect(clinic).toMatch(/data-referral-conditions="1">[^<]*No police report needed/i);
    // Any place, in the person's language (Khmer): only the Cambodian counselling service.
    expect((await page('?place=&lang=1')).found).toEqual(['kh-counselling']);
    // Nothing found: said, and no empty referral form.
    const none = await page('?area=legal');
    expect(none.found).toEqual([]);
    expect(none.html).toContain('data-referral-none');
    expect(none.html).not.toContain('id="form-referrals"');
    // Unknown filter values are ignored, never an error.
    expect((await page('?area=%3Cx%3E&place=XX-99&lang=zz')).found.length).toBeGreaterThan(0);
  });

  it('rejects a message-left outcome when messages are not allowed, and refers only with consent', async () => {
    const id = await newRequest();
    await call('operator', 'POST', `/console/requests/${id}/claim`);
    expect(
      (await call('operator', 'POST', `/console/requests/${id}/attempts`, { outcome: 'message-left' }))
        .status,
    ).toBe(400);
    expect(
      (await call('operator', 'POST', `/console/requests/${id}/attempts`, { outcome: 'reached' })).status,
    ).toBe(303);
    expect(
      (await call('operator', 'POST', `/console/requests/${id}/referrals`, { serviceId: 'th-clinic' }))
        .status,
    ).toBe(400);
    expect(
      (
        await call('operator', 'POST', `/console/requests/${id}/referrals`, {
          serviceId: 'th-clinic',
          consent: 'yes',
        })
      ).status,
    ).toBe(303);
    const r = await casework.get(id);
    expect(r?.status).toBe('referred');
    expect((await casework.activity(id)).map((a) => a.kind)).toEqual(['ATTEMPT', 'REFERRAL']);
    expect(
      (await call('operator', 'POST', `/console/requests/${id}/close`, { reason: 'failure' })).status,
    ).toBe(400);
    // Closing asks for an outcome and a wrap-up, then for a confirmation.
    expect(
      (await call('operator', 'POST', `/console/requests/${id}/close`, { reason: 'helped' })).status,
    ).toBe(400);
    const asked = await call('operator', 'POST', `/console/requests/${id}/close`, {
      reason: 'helped',
      summary: 'Referred to the clinic',
    });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('data-confirm-close');
    expect((await casework.get(id))?.status).toBe('referred');
    expect(
      (
        await call('operator', 'POST', `/console/requests/${id}/close`, {
          reason: 'helped',
          summary: 'Referred to the clinic',
          confirm: 'yes',
        })
      ).status,
    ).toBe(303);
    expect((await casework.get(id))?.status).toBe('closed');
    // The wrap-up is in the history, stored in the staff-only partition (out of the public
    // function's reach), read back in order with the rest.
    const history = (await casework.activity(id)) as (Activity & { pk?: string })[];
    expect(history.map((a) => a.kind)).toEqual(['ATTEMPT', 'REFERRAL', 'EVENT']);
    expect(history.at(-1)).toMatchObject({
      event: 'close',
      text: 'Referred to the clinic',
      pk: staffNoteKeys.partition(id),
    });
    expect(history.slice(0, 2).every((a) => a.pk === requestKeys.partition(id))).toBe(true);
  });

  it('counts intake anonymously and shows small counts as "<5"', async () => {
    const html = await (await call('supervisor', 'GET', '/console/supervisor')).text();
    expect(html).toMatch(/<td class="count">&lt;5<\/td>|<td class="count">\d+<\/td>/);
    expect(html).toContain('&lt;5');
  });
});

describe('scheduled jobs against DynamoDB Local', () => {
  it('ops:move-notes moves notes and wrap-ups written under REQ# into NOTE#; the history reads the same', async () => {
    const { startFullPortal: start } = await import('../support/portal.js');
    const { DeleteCommand, PutCommand, QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const p = await start({ RATE_LIMIT_SCALE: '1000' });
    try {
      const res = await fetch(`${p.baseUrl}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: `move-notes-${Date.now()}-abcdefgh`,
          consentCallback: true,
          formToken: agedFormToken(),
          channel: 'sms',
          handle: '+66810000001',
          timeZone: 'Asia/Bangkok',
        }),
      });
      const { code } = (await res.json()) as { code: string };
      const id = (await new RequestStore(p.doc, p.appTableName).getCode(code))?.requestId as string;
      const op = { sub: 'op-m', name: 'M', roles: ['operator' as const], childProtection: true };
      const casework = p.consoleDeps.casework;
      await casework.claim(op, id);
      await casework.note(op, id, 'Asks for a woman operator');
      await casework.attempt(op, id, 'reached');
      await casework.close(op, id, 'helped', 'Referred to the clinic');
      const partition = async (pk: string) =>
        (
          await p.doc.send(
            new QueryCommand({
              TableName: p.appTableName,
              KeyConditionExpression: 'pk = :p',
              ExpressionAttributeValues: { ':p': pk },
              ConsistentRead: true,
            }),
          )
        ).Items ?? [];
      // The history as the console shows it, without the partition key it was read from.
      const history = async () =>
        (await casework.open(op, id)).activity.map((a) => {
          const { pk: _pk, ...rest } = a as typeof a & { pk?: string };
          return rest;
        });
      const before = await history();
      // As written before notes had their own partition: the same items under REQ#<id>.
      for (const item of await partition(staffNoteKeys.partition(id))) {
        await p.doc.send(
          new PutCommand({ TableName: p.appTableName, Item: { ...item, pk: requestKeys.partition(id) } }),
        );
        await p.doc.send(new DeleteCommand({ TableName: p.appTableName, Key: { pk: item.pk, sk: item.sk } }));
      }
      expect(await partition(staffNoteKeys.partition(id))).toEqual([]);
      expect(await history()).toEqual(before);

      const store = new CaseworkStore(p.doc, p.appTableName);
      expect(await store.moveLegacyStaffNotes()).toBe(2);
      const moved = await partition(staffNoteKeys.partition(id));
      expect(moved.map((i) => i.entity).sort()).toEqual(['EVENT', 'NOTE']);
      expect(moved.find((i) => i.entity === 'NOTE')?.ciphertext).toEqual(expect.any(String));
      expect(
        (await partition(requestKeys.partition(id))).filter(
          (i) => i.entity === 'NOTE' || i.event === 'close',
        ),
      ).toEqual([]);
      expect(await history()).toEqual(before);
      expect(before.map((a) => a.text)).toContain('Asks for a woman operator');
      expect(await store.moveLegacyStaffNotes()).toBe(0);
    } finally {
      await p.close();
    }
  });

  it('expire-claims gives abandoned claims back to the queue and audits it', async () => {
    const { startFullPortal: start } = await import('../support/portal.js');
    const { AuditLog } = await import('../../functions/data/audit-log.js');
    const { runJob } = await import('../../functions/services/jobs.js');
    const p = await start({ RATE_LIMIT_SCALE: '1000' });
    try {
      const res = await fetch(`${p.baseUrl}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: `job-test-${Date.now()}-abcdefgh`,
          consentCallback: true,
          formToken: agedFormToken(),
          channel: 'sms',
          handle: '+66810000000',
          timeZone: 'Asia/Bangkok',
          dangerNow: true,
        }),
      });
      const { code } = (await res.json()) as { code: string };
      const id = (await new RequestStore(p.doc, p.appTableName).getCode(code))?.requestId as string;
      const store = new CaseworkStore(p.doc, p.appTableName);
      const request = await store.get(id);
      if (!request) throw new Error('request missing');
      const t0 = Date.now();
      await store.claim(request, { sub: 'op-x', name: 'X' }, t0 - 1, t0 - 60_000);
      const metrics: [string, number][] = [];
      const deps = {
        store,
        audit: new AuditLog(p.doc, p.auditTableName),
        loadDirectory: async () => ({ version: '0', organizations: [], services: [], locations: [] }),
        staleAfterDays: 180,
        now: () => new Date(),
        log: () => {},
        metric: (name: string, value: number) => metrics.push([name, value]),
      };
      expect(await runJob('expire-claims', deps)).toMatchObject({ released: 1 });
      const after = await store.get(id);
      expect(after?.claim).toBeUndefined();
      expect(after?.status).toBe('new');
      expect((await new AuditLog(p.doc, p.auditTableName).trail(`REQ#${id}`)).map((e) => e.action)).toContain(
        'release-expired',
      );
      expect(metrics.find(([n]) => n === 'OldestUrgentWaitingMinutes')).toBeDefined();
      expect(await runJob('expire-claims', deps)).toMatchObject({ released: 0 });
    } finally {
      await p.close();
    }
  });
});
