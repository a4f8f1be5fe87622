import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { LocalAccounts } from '../../functions/data/local-accounts.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { StaffStore } from '../../functions/data/staff-store.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken } from '../support/requests.js';
import { type Browserish, CookieJar, csrfToken, navigate, signIn } from '../support/staff-http.js';

type Portal = Awaited<ReturnType<typeof startFullPortal>>;

/**
 * The staff area (/console/staff) against DynamoDB Local and the real local OpenID Connect
 * provider: an admin invites, changes groups and languages, disables and re-enables; the staff
 * member signs in with what the admin set, and loses access at their very next request.
 */
describe('staff area against DynamoDB Local and the local sign-in provider', () => {
  let portal: Portal;
  let staff: StaffStore;
  let accounts: LocalAccounts;
  let audit: AuditLog;
  const admin: Browserish = { jar: new CookieJar() };
  let adminCsrf: string;

  const post = (who: Browserish, path: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        cookie: who.jar.header(new URL(portal.baseUrl)),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      redirect: 'manual',
    });
  };
  const trail = (sub: string) => audit.trail(`staff:${sub}`);

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    staff = new StaffStore(portal.doc, portal.appTableName);
    accounts = new LocalAccounts(portal.doc, portal.appTableName);
    audit = new AuditLog(portal.doc, portal.auditTableName);
    const { landing } = await signIn(admin, portal.baseUrl, 'admin');
    expect(landing.status).toBe(200);
    adminCsrf = await csrfToken(admin, portal.baseUrl);
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('invites, the new member signs in with that role, a group change applies at their next request, disabling ends their session', async () => {
    const invited = await post(admin, '/console/staff', {
      csrf: adminCsrf,
      name: 'Ploy (operator)',
      login: 'operator-c',
      roles: 'operator',
      languages: ['th', 'my'],
    });
    expect(invited.status).toBe(303);
    expect(invited.headers.get('location')).toBe('/console/staff?done=invited');
    const list = await navigate(admin, `${portal.baseUrl}/console/staff?done=invited`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('Invitation sent');
    expect(list.text).toContain('data-staff="operator-c"');
    expect(await accounts.get('operator-c')).toEqual({
      login: 'operator-c',
      name: 'Ploy (operator)',
      groups: ['operator'],
      enabled: true,
    });
    expect(await staff.get('operator-c')).toMatchObject({
      roles: ['operator'],
      languages: ['th', 'my'],
      childProtection: false,
      active: true,
    });

    // The new member signs in through the provider with the groups the admin gave, and sees the queue.
    const member: Browserish = { jar: new CookieJar() };
    expect((await signIn(member, portal.baseUrl, 'operator-c')).landing.status).toBe(200);
    const queue = await navigate(member, `${portal.baseUrl}/console`);
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Requests to contact');
    expect((await navigate(member, `${portal.baseUrl}/console/supervisor`)).status).toBe(403);

    // Groups and languages change: the member's existing session has the new role at its next request.
    const changed = await post(admin, '/console/staff/operator-c/groups', {
      csrf: adminCsrf,
      roles: ['operator', 'supervisor'],
      childProtection: 'yes',
      languages: ['th'],
    });
    expect(changed.status).toBe(303);
    expect((await accounts.get('operator-c'))?.groups).toEqual([
      'operator',
      'supervisor',
      'child-protection',
    ]);
    expect(await staff.get('operator-c')).toMatchObject({
      roles: ['operator', 'supervisor'],
      childProtection: true,
      languages: ['th'],
    });
    expect((await navigate(member, `${portal.baseUrl}/console/supervisor`)).status).toBe(200);

    // Disable: the confirmation page first, then the post; the member's very next request is refused.
    const confirm = await navigate(admin, `${portal.baseUrl}/console/staff/operator-c/disable`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('action="/console/staff/operator-c/disable"');
    expect((await accounts.get('operator-c'))?.enabled).toBe(true);
    const memberCsrf = /name="csrf" value="([^"]+)"/.exec(queue.text)?.[1] ?? '';
    const disabled = await post(admin, '/console/staff/operator-c/disable', { csrf: adminCsrf });
    expect(disabled.status).toBe(303);
    const next = await fetch(`${portal.baseUrl}/console`, {
      headers: { cookie: member.jar.header(new URL(portal.baseUrl)) },
      redirect: 'manual',
    });
    expect(next.status).toBe(302);
    expect(next.headers.get('location')).toBe('/console/auth/login');
    expect((await post(member, '/console/auth/logout', { csrf: memberCsrf })).status).toBe(401);
    expect(await staff.get('operator-c')).toMatchObject({ active: false });
    expect((await accounts.get('operator-c'))?.enabled).toBe(false);

    // Signing in again is refused: the provider issues no tokens for a disabled account.
    const again = await signIn({ jar: new CookieJar() }, portal.baseUrl, 'operator-c');
    expect(again.landing.url.pathname).toBe('/console/auth/callback');
    expect(again.landing.url.searchParams.get('error')).toBe('access_denied');
    expect(again.landing.status).toBe(400);
    expect(again.landing.text).toContain('Sign-in did not work');

    // The same browser, still signed in at the provider: asked who is there again, then refused.
    const sameBrowser = await signIn(member, portal.baseUrl, 'operator-c');
    expect(sameBrowser.askedForCredentials).toBe(true);
    expect(sameBrowser.landing.status).toBe(400);

    // Re-enable: signing in works again.
    expect((await post(admin, '/console/staff/operator-c/enable', { csrf: adminCsrf })).status).toBe(303);
    const back = await signIn({ jar: new CookieJar() }, portal.baseUrl, 'operator-c');
    expect(back.landing.status).toBe(200);

    // Every change is in the staff member's audit trail: who, what, whom; never a password.
    const events = await trail('operator-c');
    expect(events.map((e) => e.action).sort()).toEqual(
      ['staff.change', 'staff.disable', 'staff.enable', 'staff.invite'].sort(),
    );
    for (const e of events) {
      expect(e.actor).toBe('admin');
      expect(e.actorName).toBe('Minh (admin)');
      expect(JSON.stringify(e).toLowerCase()).not.toContain('password');
    }
    const change = events.find((e) => e.action === 'staff.change');
    expect(change?.details).toMatchObject({
      groupsBefore: 'operator',
      groupsAfter: 'operator,supervisor,child-protection',
      languagesBefore: 'th,my',
      languagesAfter: 'th',
    });
  });

  it('bad input gets a translated error and stores nothing', async () => {
    const before = (await staff.list()).length;
    const cases: [Record<string, string | string[]>, string][] = [
      [{ name: '  ', login: 'operator-d', roles: 'operator' }, 'Enter a name.'],
      [{ name: 'Someone', login: 'operator-d', roles: 'superuser' }, 'Choose roles from the list.'],
      [{ name: 'Someone', login: 'operator-d' }, 'Choose at least one role.'],
      [{ name: 'Someone', login: 'Not a login!', roles: 'operator' }, 'Enter a login of 2 to 100 characters'],
      [
        { name: 'Someone', login: 'operator-d', roles: 'operator', languages: 'xx' },
        'Choose languages from the list.',
      ],
      // A demo account: taken at the provider (and on the staff list once it signed in).
      [
        { name: 'Someone', login: 'admin', roles: 'operator' },
        'There is already a staff account with this login.',
      ],
    ];
    for (const [form, message] of cases) {
      const res = await post(admin, '/console/staff', { csrf: adminCsrf, ...form });
      expect(res.status, message).toBe(400);
      const text = await res.text();
      expect(text, message).toContain(message);
      expect(text, message).toContain('Nothing was saved');
    }
    expect((await staff.list()).length).toBe(before);
    expect(await accounts.get('operator-d')).toBeUndefined();
    expect(await trail('operator-d')).toEqual([]);
    expect((await accounts.get('admin'))?.name).toBe('Minh (admin)');

    // The same refusal in the admin's language.
    const thai = await portal.consoleDeps.sessions.create(
      { sub: 'admin', name: 'Minh (admin)', roles: ['admin'], childProtection: false, locale: 'th' },
      3600,
    );
    const res = await fetch(`${portal.baseUrl}/console/staff`, {
      method: 'POST',
      headers: { cookie: `wp_session=${thai.id}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: thai.csrf, name: '', login: 'operator-d', roles: 'operator' }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('โปรดใส่ชื่อ');

    // A change with an unknown role changes nothing either.
    const bad = await post(admin, '/console/staff/admin/groups', {
      csrf: adminCsrf,
      roles: ['admin', 'root'],
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Choose roles from the list.');
  });

  it('an admin cannot disable their own account or drop their own admin role', async () => {
    const self = await post(admin, '/console/staff/admin/disable', { csrf: adminCsrf });
    expect(self.status).toBe(400);
    expect(await self.text()).toContain('You cannot disable your own account');
    const demote = await post(admin, '/console/staff/admin/groups', { csrf: adminCsrf, roles: 'operator' });
    expect(demote.status).toBe(400);
    expect(await staff.get('admin')).toMatchObject({ active: true, roles: ['admin'] });
    expect(await trail('admin')).toEqual([]);
  });

  it('the queue filters by "my languages", the languages the staff area set', async () => {
    const send = async (languages: string[], n: number) => {
      const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: `staff-area-${Date.now()}-${n}-abcdef`,
          consentCallback: true,
          formToken: agedFormToken(),
          channel: 'signal',
          handle: '+66 89 000 4242',
          timeZone: 'Asia/Bangkok',
          country: 'TH',
          languages,
        }),
      });
      const { code } = (await res.json()) as { code: string };
      return (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
    };
    const lao = await send(['lo'], 1);
    const burmese = await send(['my'], 2);
    // operator-b's staff record (seeded by sign-in) gets Lao from the staff area.
    const operator: Browserish = { jar: new CookieJar() };
    await signIn(operator, portal.baseUrl, 'operator-b');
    expect(
      (
        await post(admin, '/console/staff/operator-b/groups', {
          csrf: adminCsrf,
          roles: 'operator',
          languages: 'lo',
        })
      ).status,
    ).toBe(303);
    const mine = await navigate(operator, `${portal.baseUrl}/console?language=mine`);
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Your languages: lo');
    expect(mine.text).toContain(`data-request="${lao}"`);
    expect(mine.text).not.toContain(`data-request="${burmese}"`);
    const all = await navigate(operator, `${portal.baseUrl}/console`);
    expect(all.text).toContain(`data-request="${burmese}"`);
    expect(all.text).toContain('href="/console?language=mine"');
  });
});
