import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config.js';
import type { StaffSession } from '../../functions/domain/console/staff.js';
import { lambdaClientAddress, nodeClientAddress } from '../../functions/http/client-address.js';
import { type ConsoleAppDeps, createConsoleApp } from '../../functions/http/console-app.js';
import { mountLazyArea, routesHiddenByAreas } from '../../functions/http/lazy-area.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { FAKE_WEB_ASSETS } from '../support/fake-assets.js';
import { fakePublicDeps } from '../support/fake-public-deps.js';

/**
 * The lazy route areas keep the parent's protections: the security headers, the console's no-store
 * and no-index, body limits, the CSRF check and the session's role re-check, the client address for
 * rate limits, and the normal error page (and a new try) when an area fails to load.
 */

const CSP = "default-src 'none'";

// --- the staff console, with its staff area (a lazy area) -------------------------------------

const CSRF = 'c'.repeat(43);

function consoleApp(options: { failedLoads?: number; rolesNow?: StaffSession['roles'] } = {}) {
  const session: StaffSession = {
    id: 'sid',
    sub: 'admin-1',
    name: 'Ada',
    roles: ['admin'],
    childProtection: false,
    csrf: CSRF,
    locale: 'en',
    expiresAt: Date.now() + 3_600_000,
    lastSeenAt: Date.now(),
    rolesCheckedAt: Date.now(),
  };
  const changes: { action: string; actor: unknown; sub: string }[] = [];
  const logs: { event: string; fields?: Record<string, unknown> }[] = [];
  let failedLoads = options.failedLoads ?? 0;
  const deps: ConsoleAppDeps = {
    config: loadRuntimeConfig({}),
    webAssets: FAKE_WEB_ASSETS,
    sessions: {
      get: async (id: string | undefined) => (id === session.id ? session : undefined),
      refresh: async () => {},
      delete: async () => {},
    } as unknown as ConsoleAppDeps['sessions'],
    oidc: async () => {
      throw new Error('no sign-in in these tests');
    },
    services: async () => {
      if (failedLoads > 0) {
        failedLoads -= 1;
        throw new Error('could not load the services of ada@example.org');
      }
      return {
        casework: {} as never,
        followUps: {} as never,
        directory: { get: async () => Promise.reject(new Error('no directory in these tests')) },
        staffAdmin: {
          loginKind: 'local',
          list: async () => [
            {
              sub: 'staff-2',
              name: 'Bo',
              login: 'bo',
              roles: ['operator'],
              groups: [],
              active: true,
              languages: [],
            },
          ],
          setActive: async (actor: unknown, sub: string, active: boolean) => {
            changes.push({ action: active ? 'enable' : 'disable', actor, sub });
          },
        } as never,
      };
    },
    areas: { directoryEditing: false, staffAdmin: true },
    secureCookies: false,
    sessionHours: 8,
    staff: {
      upsert: async () => Promise.reject(new Error('no sign-in in these tests')),
      get: async () => ({
        active: true,
        roles: options.rolesNow ?? ['admin'],
        childProtection: false,
        languages: ['th'],
      }),
    },
    now: () => new Date(),
    log: (event, fields) => logs.push({ event, ...(fields ? { fields } : {}) }),
  };
  const app = createConsoleApp(deps);
  const send = (path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { cookie: 'wp_session=sid', ...init.headers } });
  return { app, send, changes, logs };
}

function expectConsoleHeaders(res: Response) {
  expect(res.headers.get('content-security-policy')).toContain(CSP);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
}

describe('a lazy console area keeps the console’s protections', () => {
  it('hides no ordinary console route behind an area', async () => {
    expect(await routesHiddenByAreas(consoleApp().app)).toEqual([]);
  });

  it('answers its pages, its HEAD and its unknown paths with the console’s headers', async () => {
    const { send } = consoleApp();
    const page = await send('/console/staff');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Staff</h1>');
    expectConsoleHeaders(page);
    const head = await send('/console/staff', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expectConsoleHeaders(head);
    // The same translated page inside an area and outside every area.
    const english = JSON.parse(
      readFileSync(new URL('../../locales/en/common.json', import.meta.url), 'utf8'),
    );
    for (const path of ['/console/staff/', '/console/staff/staff-2/nothing-here', '/console/nothing-here']) {
      const missing = await send(path);
      expect(missing.status, path).toBe(404);
      expectConsoleHeaders(missing);
      const html = await missing.text();
      expect(html, path).toContain('<html lang="en"');
      expect(html, path).toContain(english.errors.notFoundTitle);
      expect(html, path).toContain('href="/console"');
    }
    // An address that only starts like the console's (/consolex: CloudFront's /console* and the local
    // server send it here) is outside the base path, where no middleware runs: the same page, with the
    // console's headers, signed in or not, and nothing of the session.
    for (const path of ['/consolex', '/console-admin', '/console.php', '/consoleauth/login']) {
      for (const cookie of ['wp_session=sid', '']) {
        const missing = await send(path, { headers: { cookie } });
        expect(missing.status, path).toBe(404);
        expectConsoleHeaders(missing);
        const html = await missing.text();
        expect(html, path).toContain(english.errors.notFoundTitle);
        expect(html, path).not.toContain('Ada');
        expect(html, path).not.toContain(CSRF);
      }
    }
    const signedOut = await send('/console/staff', { headers: { cookie: '' } });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get('location')).toBe('/console/auth/login');
  });

  it('refuses every change without the CSRF token in a form body, before the area acts', async () => {
    const { send, changes } = consoleApp();
    const refused: [string, RequestInit][] = [
      ['no token', { body: new URLSearchParams({}) }],
      [
        'token in JSON',
        { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ csrf: CSRF }) },
      ],
      ['token as plain text', { headers: { 'content-type': 'text/plain' }, body: `csrf=${CSRF}` }],
      [
        'wrong token, then the right one',
        {
          body: new URLSearchParams([
            ['csrf', 'x'],
            ['csrf', CSRF],
          ]),
        },
      ],
      [
        'right token, then a wrong one',
        {
          body: new URLSearchParams([
            ['csrf', CSRF],
            ['csrf', 'x'],
          ]),
        },
      ],
      [
        'not a readable multipart body',
        { headers: { 'content-type': 'multipart/form-data; boundary=zzz' }, body: `csrf=${CSRF}` },
      ],
    ];
    for (const [label, init] of refused) {
      const res = await send('/console/staff/staff-2/disable', { method: 'POST', ...init });
      expect(res.status, label).toBe(403);
      expect(await res.text(), label).toContain('The form expired');
      expectConsoleHeaders(res);
    }
    const inQuery = await send(`/console/staff/staff-2/disable?csrf=${CSRF}`, { method: 'POST' });
    expect(inQuery.status).toBe(403);
    expect(changes).toEqual([]);

    // With the token, as a urlencoded and as a multipart form (with a file): the form read by the
    // CSRF check reaches the area, which acts as the person signed in.
    const form = await send('/console/staff/staff-2/disable', {
      method: 'POST',
      body: new URLSearchParams({ csrf: CSRF }),
    });
    expect(form.status).toBe(303);
    expectConsoleHeaders(form);
    const multipart = new FormData();
    multipart.append('csrf', CSRF);
    multipart.append('file', new File(['{}'], 'a.json', { type: 'application/json' }));
    expect((await send('/console/staff/staff-2/enable', { method: 'POST', body: multipart })).status).toBe(
      303,
    );
    expect(changes).toEqual([
      {
        action: 'disable',
        actor: { sub: 'admin-1', name: 'Ada', roles: ['admin'], childProtection: false },
        sub: 'staff-2',
      },
      {
        action: 'enable',
        actor: { sub: 'admin-1', name: 'Ada', roles: ['admin'], childProtection: false },
        sub: 'staff-2',
      },
    ]);
  });

  it('sees the roles the staff record has now, not those the session started with', async () => {
    const { send, changes } = consoleApp({ rolesNow: ['operator'] });
    expect((await send('/console/staff')).status).toBe(403);
    const res = await send('/console/staff/staff-2/disable', {
      method: 'POST',
      body: new URLSearchParams({ csrf: CSRF }),
    });
    expect(res.status).toBe(403);
    expect(changes).toEqual([]);
  });

  it('refuses a body over the form limit with a 413 that has the console’s headers, chunked or not', async () => {
    const { app, send, changes } = consoleApp();
    const big = `csrf=${CSRF}&pad=${'a'.repeat(70 * 1024)}`;
    const sized = await send('/console/staff/staff-2/disable', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: big,
    });
    expect(sized.status).toBe(413);
    expectConsoleHeaders(sized);
    const chunked = await app.fetch(
      new Request('http://localhost/console/staff/staff-2/disable', {
        method: 'POST',
        headers: { cookie: 'wp_session=sid', 'content-type': 'application/x-www-form-urlencoded' },
        body: streamOf(big),
        duplex: 'half',
      } as RequestInit),
    );
    expect(chunked.headers.get('content-length')).toBeNull();
    expect(chunked.status).toBe(413);
    expectConsoleHeaders(chunked);
    expect(changes).toEqual([]);
  });

  it('shows the normal error page when the area fails to load, logs no message, and loads it at the next request', async () => {
    const { send, logs } = consoleApp({ failedLoads: 1 });
    const failed = await send('/console/staff');
    expect(failed.status).toBe(500);
    const page = await failed.text();
    expect(page).toContain('Something went wrong');
    expect(page).not.toContain('ada@example.org');
    expectConsoleHeaders(failed);
    expect(logs).toEqual([{ event: 'console.unhandled_error', fields: { error: 'Error' } }]);
    expect(JSON.stringify(logs)).not.toContain('example.org');
    expect((await send('/console/staff')).status).toBe(200);
  });
});

// --- the public side ----------------------------------------------------------------------------

/** A body sent in chunks, without a Content-Length. */
function streamOf(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}

/** The public app whose limiter records the key each hit is counted under. */
function publicApp(clientAddress: typeof lambdaClientAddress) {
  const { deps } = fakePublicDeps();
  const keys: (string | undefined)[] = [];
  const services = deps.services;
  const app = createPublicApp({
    ...deps,
    services: async () => {
      const built = await services();
      return {
        ...built,
        requests: {
          ...built.requests,
          clientAddress,
          limiter: {
            hit: async (_scope: string, key: string | undefined) => {
              keys.push(key);
              return { allowed: true };
            },
          },
        },
      };
    },
  });
  return { app, keys };
}

const report = () =>
  new Request('http://localhost/en/services/th-clinic/report', {
    method: 'POST',
    body: new URLSearchParams({ reason: 'other', message: 'The number does not answer.' }),
  });

describe('a lazy public area keeps the public protections', () => {
  it('rate-limits by the address from the Lambda event (an IPv6 client by its /64)', async () => {
    const { app, keys } = publicApp(lambdaClientAddress);
    const res = await app.fetch(report(), {
      event: {},
      requestContext: { http: { sourceIp: '2001:db8:1:2::9' } },
      lambdaContext: {},
    });
    expect(res.status).toBe(200);
    expect(keys).toEqual(['2001:db8:1:2::/64']);
  });

  it('rate-limits by the socket address under the Node server', async () => {
    const { app, keys } = publicApp(nodeClientAddress);
    const res = await app.fetch(report(), {
      incoming: { socket: { remoteAddress: '::ffff:198.51.100.7', remotePort: 4000, remoteFamily: 'IPv6' } },
    });
    expect(res.status).toBe(200);
    expect(keys).toEqual(['198.51.100.7']);
  });

  it('refuses a chunked body over the form limit with the translated 413 page', async () => {
    const { app, keys } = publicApp(lambdaClientAddress);
    const res = await app.fetch(
      new Request('http://localhost/th/services/th-clinic/report', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: streamOf(`reason=other&message=${'a'.repeat(70 * 1024)}`),
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('<html lang="th"');
    expect(res.headers.get('content-security-policy')).toContain(CSP);
    expect(keys).toEqual([]);
  });

  it('answers HEAD, trailing slashes, encoded paths and prefixes that are not languages as before', async () => {
    const { deps } = fakePublicDeps();
    const app = createPublicApp(deps);
    const head = await app.request('/en/services', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-security-policy')).toContain(CSP);
    expect(head.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    expect((await app.request('/en/%73ervices')).status).toBe(200);
    for (const path of [
      '/en/services/',
      '/api/services',
      '/xx/services',
      '/EN/services',
      '/en/help',
      '/en/follow-up/',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toContain('<html lang="en"');
      expect(res.headers.get('content-security-policy'), path).toContain(CSP);
      expect(res.headers.get('set-cookie'), path).toBeNull();
    }
  });

  it('shows the error page when an area fails to load, logs no message, and loads it at the next request', async () => {
    const { deps } = fakePublicDeps();
    const logs: unknown[] = [];
    let failures = 1;
    const app = createPublicApp({
      ...deps,
      log: (event, fields) => logs.push({ event, fields }),
      services: async () => {
        if (failures-- > 0) throw new Error('table waypoint-app unreachable from 203.0.113.9');
        return deps.services();
      },
    });
    const failed = await app.request('/th/services');
    expect(failed.status).toBe(500);
    const page = await failed.text();
    expect(page).toContain('<html lang="th"');
    expect(page).not.toContain('203.0.113.9');
    expect(logs).toEqual([{ event: 'public.unhandled_error', fields: { error: 'Error' } }]);
    expect((await app.request('/th/services')).status).toBe(200);
  });
});

// --- the mechanism itself -------------------------------------------------------------------------

describe('what a lazy area receives from its parent', () => {
  /** A parent that reads the form first (as the console's CSRF check does) and sets a variable. */
  function parent() {
    const app = new Hono<{ Variables: { who: string } }>();
    app.use('*', async (c, next) => {
      if (c.req.method === 'POST') await c.req.parseBody({ all: true });
      c.set('who', 'parent');
      await next();
    });
    mountLazyArea(
      app,
      {
        base: '/a',
        paths: ['/*'],
        load: async () =>
          new Hono().route(
            '/',
            new Hono<{ Variables: { who?: string; session?: unknown } }>()
              .post('/echo', async (c) => {
                const entries: unknown[] = [];
                for (const [name, value] of (await c.req.formData()).entries())
                  entries.push([
                    name,
                    typeof value === 'string'
                      ? value
                      : { name: value.name, type: value.type, text: await value.text() },
                  ]);
                return c.json(entries);
              })
              .get('/vars', (c) =>
                c.json({
                  who: c.get('who') ?? null,
                  session: c.get('session') ?? null,
                  env: Object.keys((c.env ?? {}) as object).sort(),
                }),
              ),
          ),
      },
      (c) => c.text('not found', 404),
    );
    return app;
  }

  it('gets the same fields, repeated fields and files the parent read, in order', async () => {
    const form = new FormData();
    form.append('csrf', 'token');
    form.append('tag', 'one');
    form.append('tag', 'two');
    form.append('file', new File(['{"k":1}\n'], 'lista é.json', { type: 'application/json' }));
    const res = await parent().request('/a/echo', { method: 'POST', body: form });
    expect(await res.json()).toEqual([
      ['csrf', 'token'],
      ['tag', 'one'],
      ['tag', 'two'],
      ['file', { name: 'lista é.json', type: 'application/json', text: '{"k":1}\n' }],
    ]);
    const urlencoded = await parent().request('/a/echo', {
      method: 'POST',
      body: new URLSearchParams([
        ['csrf', 'token'],
        ['q', 'a+b %'],
        ['q', ''],
      ]),
    });
    expect(await urlencoded.json()).toEqual([
      ['csrf', 'token'],
      ['q', 'a+b %'],
      ['q', ''],
    ]);
  });

  it('gets its variables from the parent only, never from what the caller passes as bindings', async () => {
    const res = await parent().fetch(new Request('http://localhost/a/vars'), {
      requestContext: { http: { sourceIp: '192.0.2.1' } },
      session: { sub: 'forged' },
      who: 'forged',
    });
    expect(await res.json()).toEqual({
      who: 'parent',
      session: null,
      env: ['requestContext', 'session', 'who'],
    });
  });
});
