import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { StaffStore } from '../../functions/data/staff-store.js';
import { ALL_FIELDS } from '../../web/pages/request-form.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken, apiRequestBody, scanAll } from '../support/requests.js';

/**
 * Hostile input: generated bodies (fast-check) against every public endpoint and every console
 * POST route with a valid session: oversized fields, wrong types, Unicode edge cases, markup and
 * script injection, prototype-pollution keys. Every answer is 2xx, 3xx or 4xx; after a 4xx the
 * table is exactly as before (nothing stored from a rejected body); no HTML answer carries the
 * injected markup unescaped; Object.prototype is untouched.
 */
const MARKUP = [
  '<x-evil>',
  '"><x-evil a=1>',
  "'><x-evil>",
  '</textarea><x-evil>',
  '<script>alert(1)</script>',
  '" x-evil-attr="1',
  '<svg onload=alert(1)>',
  'javascript:alert(1)',
];
const EDGE = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '\u202Eevil',
  '\uD800',
  '\uDFFF\uD800',
  'e\u0301'.repeat(300),
  '👩‍👩‍👧‍👦'.repeat(60),
  'ﷺ',
  '๑๒๓๔',
  '၁၂၃၄',
  '__proto__',
  'constructor',
  'toString',
  '{{7*7}}',
  '$' + '{7*7}',
  '%00',
  '../../etc/passwd',
  '9'.repeat(400),
  'x'.repeat(5000),
  'x'.repeat(20_000),
];
const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty'];

const hostileString = fc.oneof(
  fc.constantFrom(...MARKUP, ...EDGE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.constantFrom(...MARKUP), fc.string({ unit: 'grapheme', maxLength: 20 })).map(([a, b]) => a + b),
);
const hostileKey = fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 12 }));
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileKey, hostileString, { maxKeys: 3 }),
);

/** A valid body with some fields replaced or added by hostile ones. */
function mutated(valid: Record<string, unknown>, extraKeys: string[] = []) {
  return fc
    .array(fc.tuple(fc.constantFrom(...Object.keys(valid), ...extraKeys, ...POLLUTING_KEYS), hostileValue), {
      minLength: 1,
      maxLength: 4,
    })
    .map((changes) => {
      const out: Record<string, unknown> = { ...valid };
      // defineProperty, so "__proto__" becomes a real key of the JSON instead of a prototype change.
      for (const [k, v] of changes)
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true });
      return out;
    });
}

/** Raw JSON that carries prototype-pollution keys at several depths. */
const pollutingJson = (valid: Record<string, unknown>) =>
  fc
    .constantFrom(
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      `{"safeWindows":[{"__proto__":{"polluted":"yes"},"days":["mo"],"from":"18:00","to":"21:00"}]}`,
      '{"contact":{"__proto__":{"polluted":"yes"}}}',
    )
    .map((extra) =>
      JSON.stringify({ ...valid, ...JSON.parse(extra) }).replace(/^\{/, `${extra.slice(0, -1)},`),
    );

/** A urlencoded form: known field names and hostile ones, single or repeated values. */
function hostileForm(fields: readonly string[], fixed: Record<string, string> = {}) {
  return fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...fields),
          hostileKey,
          fc.constantFrom('__proto__[polluted]', 'constructor[prototype][polluted]'),
        ),
        hostileString,
      ),
      { maxLength: 10 },
    )
    .map((pairs) => {
      const form = new URLSearchParams(fixed);
      for (const [k, v] of pairs) form.append(k, v);
      return form;
    });
}

/**
 * Percent-encodes any string, lone surrogates included: those go out as the bytes of their 3-byte
 * form (invalid UTF-8), which is what a hostile client can send.
 */
function q(s: string): string {
  let out = '';
  for (const ch of s) {
    const unit = ch.charCodeAt(0);
    out +=
      ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff
        ? [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(ch);
  }
  return out;
}

let seq = 0;
const NUM_RUNS = Number(process.env.HOSTILE_RUNS ?? 60);

describe('reliability: hostile input', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let requestId: string;
  let code: string;
  const pin = '3817';
  let session: { cookie: string; csrf: string };
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '100000' });
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(apiRequestBody(`hostile-${Date.now()}-abcdefgh`, { pin })),
    });
    code = ((await res.json()) as { code: string }).code;
    requestId = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
    const s = await portal.consoleDeps.sessions.create(
      {
        sub: 'sup',
        name: 'Supervisor',
        roles: ['supervisor', 'operator'],
        childProtection: true,
        locale: 'en',
      },
      3600,
    );
    session = { cookie: `wp_session=${s.id}`, csrf: s.csrf };
    // Reassignment accepts only staff on the list (written at sign-in).
    await new StaffStore(portal.doc, portal.appTableName).upsert({
      sub: 'op-b',
      name: 'Operator B',
      login: 'op-b',
      roles: ['operator'],
      groups: ['operator', 'child-protection'],
    });
    const claim = await fetch(`${portal.baseUrl}/console/requests/${requestId}/claim`, {
      method: 'POST',
      headers: { cookie: session.cookie },
      body: new URLSearchParams({ csrf: session.csrf }),
    });
    expect(claim.status).toBe(200);
  });
  afterAll(async () => {
    await portal?.close();
  });

  /**
   * The stored state that a request may change: everything but rate-limit counters, sessions and
   * the record of used single-use tokens (a token is used up before its change is checked).
   */
  async function state(): Promise<string> {
    const items = await scanAll(portal.doc, portal.appTableName);
    return JSON.stringify(
      items
        .filter((i) => !/^(RATE|SESSION|AUTHTX|TOKEN)#/.test(String(i.pk)))
        .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`)),
    );
  }

  const problems: string[] = [];
  /** Answers per endpoint and status, printed at the end (what the generated bodies reached). */
  const tally = new Map<string, Map<number, number>>();
  /** Sends one request and checks the answer; after a 4xx, nothing stored may have changed. */
  /** The table as it was after the last answer (read again only after something was accepted). */
  let known: string | undefined;
  async function probe(label: string, path: string, init: RequestInit = {}): Promise<number> {
    known ??= await state();
    const before = known;
    const res = await fetch(`${portal.baseUrl}${path}`, { redirect: 'manual', ...init });
    let text = await res.text();
    let type = res.headers.get('content-type') ?? '';
    // A form step answers with a redirect to the next page (post/redirect/get): the values sent
    // are shown there, so that page is read too and must escape them.
    const location = res.headers.get('location') ?? '';
    if (res.status === 303 && location.startsWith('/') && !location.startsWith('//')) {
      const shown = await fetch(`${portal.baseUrl}${location}`, { redirect: 'manual' });
      if (shown.status >= 500) problems.push(`${label}: ${shown.status} for the page after ${path}`);
      text += await shown.text();
      type = shown.headers.get('content-type') ?? '';
    }
    const counts = tally.get(label) ?? new Map<number, number>();
    counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    tally.set(label, counts);
    if (res.status >= 500)
      problems.push(`${label}: ${res.status} for ${path} ${String(init.body).slice(0, 300)}`);
    if (/html/.test(type)) {
      for (const marker of ['<x-evil', '" x-evil-attr', '<script>alert', '<svg onload', 'href="javascript:'])
        if (text.includes(marker)) problems.push(`${label}: unescaped ${marker} in ${path}`);
    } else if (text.length > 0 && !/json|javascript|svg|manifest|text\/plain/.test(type)) {
      problems.push(`${label}: unexpected content type ${type}`);
    }
    if (res.status >= 400) {
      known = await state();
      if (known !== before)
        problems.push(
          `${label}: a rejected body (${res.status}) changed the table: ${String(init.body).slice(0, 300)}`,
        );
    } else known = undefined;
    return res.status;
  }
  const json = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const form = (body: URLSearchParams, cookie?: string) => ({
    method: 'POST',
    body,
    ...(cookie ? { headers: { cookie } } : {}),
  });
  const run = async <T>(arb: fc.Arbitrary<T>, check: (value: T) => Promise<unknown>, numRuns = NUM_RUNS) => {
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        await check(v);
      }),
      { numRuns },
    );
    expect(problems.splice(0)).toEqual([]);
  };

  it('JSON API: new requests', async () => {
    const valid = apiRequestBody('hostile-valid-key-0123');
    await run(
      fc.oneof(
        mutated(valid, ['pin', 'locale', 'dangerNow', 'ageBand', 'languages', 'helpKinds']),
        pollutingJson(valid),
        hostileValue,
      ),
      (body) => {
        // A new key each run, unless the key itself was replaced: accepted bodies are really stored.
        const fresh = `hostile-${Date.now()}-${seq++}-abcdefgh`;
        // Likewise a new form token (one token admits one request).
        const token = agedFormToken();
        if (typeof body === 'string')
          body = body.replaceAll(valid.idempotencyKey, fresh).replaceAll(valid.formToken, token);
        else {
          if ((body as { idempotencyKey?: unknown } | null)?.idempotencyKey === valid.idempotencyKey)
            Object.assign(body as object, { idempotencyKey: fresh });
          if ((body as { formToken?: unknown } | null)?.formToken === valid.formToken)
            Object.assign(body as object, { formToken: token });
        }
        return probe('POST /api/public/requests', '/api/public/requests', json(body));
      },
      NUM_RUNS * 2,
    );
  }, 120_000);

  it('JSON API: status, update and withdraw', async () => {
    await run(mutated({ code: 'ZZZZ-ZZZZ', pin: '2580' }), (body) =>
      probe('status', '/api/public/requests/status', json(body)),
    );
    // The right code and PIN, so the hostile parts reach the update itself. (A wrong PIN for the
    // real code counts towards its lockout by design: that is the PIN-guessing test's subject.)
    await run(
      mutated({ message: 'hello', contact: { channel: 'sms', handle: '+66 81 555 0101' } }, ['when']),
      (body) => probe('update', '/api/public/requests/update', json({ ...body, code, pin })),
    );
    await run(mutated({ code: 'ZZZZ-ZZZZ', pin: '2580', deleteData: false }), (body) =>
      probe('withdraw', '/api/public/requests/withdraw', json(body)),
    );
  }, 120_000);

  it('HTML forms: request steps, PIN, status look-up and changes, listing report, remove saved', async () => {
    const lang = fc.constantFrom('en', 'th', 'my', 'km');
    await run(
      fc.tuple(lang, hostileForm([...ALL_FIELDS, 'idem', 'started', 'step', 'action', 'website'])),
      ([l, body]) => probe('form step', `/${l}/help/request`, form(body)),
    );
    await run(fc.tuple(lang, hostileForm(['code', 'token', 'pin', 'pin2', 'urgent'])), ([l, body]) =>
      probe('pin', `/${l}/help/pin`, form(body)),
    );
    await run(fc.tuple(lang, hostileForm(['code', 'pin'])), ([l, body]) =>
      probe('status', `/${l}/help/status`, form(body)),
    );
    // A real action token: the hostile fields reach the change handlers.
    // Tokens are single-use: each run gets a fresh one in place of the placeholder.
    const freshToken = async () => {
      const page = await (
        await fetch(`${portal.baseUrl}/en/help/status`, {
          method: 'POST',
          body: new URLSearchParams({ code, pin }),
        })
      ).text();
      return /name="token" value="([^"]+)"/.exec(page)?.[1] as string;
    };
    expect(await freshToken()).toBeTruthy();
    const placeholder = 'fresh-token-placeholder';
    await run(
      fc.tuple(
        fc.constantFrom('safe-times', 'contact', 'message', 'nonsense', '%3Cx-evil%3E'),
        hostileForm([...ALL_FIELDS, 'token'], { token: placeholder }),
      ),
      async ([action, body]) => {
        if (body.get('token') === placeholder) body.set('token', await freshToken());
        return probe('status change', `/en/help/status/${action}`, form(body));
      },
    );
    await run(
      fc.tuple(
        lang,
        fc.oneof(
          hostileForm(['reason', 'message', 'website']),
          hostileForm(['message'], { reason: 'closed-or-moved' }),
        ),
      ),
      ([l, body]) => probe('report', `/${l}/services/th-shelter/report`, form(body)),
    );
    // The search form posts, then shows the results at a sealed address (followed by probe).
    await run(
      fc.tuple(lang, hostileForm(['q', 'place', 'area', 'group', 'language', 'free', 'page'])),
      ([l, body]) => probe('search', `/${l}/services`, form(body)),
    );
    await run(hostileForm(['x']), (body) => probe('remove saved', '/en/safety/remove-saved', form(body)), 10);
  }, 180_000);

  it('HTML forms: follow-up check-ins (opt in, look-up, changes)', async () => {
    const lang = fc.constantFrom('en', 'th', 'my');
    const optIn = ['idem', 'channel', 'handle', 'rhythm', 'duration', 'tz', 'w1days', 'w1from', 'w1to'];
    await run(
      fc.tuple(
        lang,
        fc.oneof(
          hostileForm([...optIn, 'escalate', 'consent', 'code', 'pin']),
          // Valid except for one field, so the hostile value reaches the service.
          fc
            .tuple(fc.constantFrom('handle', 'tz', 'code', 'pin', 'rhythm', 'w1from', 'idem'), hostileString)
            .map(([field, value]) => {
              const body = new URLSearchParams({
                idem: `hostile-fu-${Date.now()}-${seq++}-abcd`,
                channel: 'sms',
                handle: '+66 81 555 0101',
                rhythm: 'monthly',
                duration: '3',
                tz: 'Asia/Bangkok',
                consent: 'yes',
              });
              body.set(field, value);
              return body;
            }),
        ),
      ),
      ([l, body]) => probe('follow-up opt-in', `/${l}/follow-up`, form(body)),
    );
    await run(fc.tuple(lang, hostileForm(['code', 'pin'])), ([l, body]) =>
      probe('follow-up look-up', `/${l}/follow-up/manage`, form(body)),
    );
    await run(
      fc.tuple(
        fc.constantFrom('pause', 'resume', 'stop', 'change', 'nonsense'),
        hostileForm(['token', ...optIn]),
      ),
      ([action, body]) => probe('follow-up change', `/en/follow-up/manage/${action}`, form(body)),
    );
  }, 180_000);

  it('pages and read APIs with hostile query strings and ids', async () => {
    await run(
      fc.tuple(
        hostileString,
        hostileString,
        fc.constantFrom(
          (a: string, b: string) => `/en/services?q=${q(a)}&place=${q(b)}`,
          (a: string, b: string) => `/th/services?area=${q(a)}&group=${q(b)}&page=${q(b)}`,
          (a: string) => `/en/services/${q(a)}`,
          (a: string, b: string) => `/en/services/r/${q(a)}?page=${q(b)}`,
          (a: string, b: string) => `/en/card?id=${q(a)}&id=${q(b)}`,
          (a: string) => `/my/urgent?country=${q(a)}`,
          (a: string) => `/km/rights?country=${q(a)}`,
          (a: string) => `/${q(a)}/`,
          (a: string, b: string) => `/api/public/services?q=${q(a)}&lang=${q(b)}`,
          (a: string, b: string) => `/api/public/services/${q(a)}?lang=${q(b)}`,
          (a: string, b: string) => `/hsds/services?search=${q(a)}&page=${q(b)}&per_page=${q(b)}`,
          (a: string) => `/hsds/services/${q(a)}`,
          (a: string) => `/hsds/taxonomy_terms?taxonomy_id=${q(a)}`,
        ),
      ),
      ([a, b, path]) => probe('GET', path(a, b)),
      NUM_RUNS * 2,
    );
  }, 120_000);

  it('console POST routes with a valid session and CSRF token, then the pages that show what was saved', async () => {
    const actions = [
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
      'checkin',
    ];
    const fields = [
      'continue',
      'saConsent',
      'sa-safe',
      'outcome',
      'text',
      'needs',
      'serviceId',
      'consent',
      'priority',
      'reason',
      'to',
      'sub',
      'name',
    ];
    await run(
      fc.tuple(
        fc.constantFrom(...actions.filter((a) => a !== 'release' && a !== 'claim')),
        fc.oneof({ weight: 4, arbitrary: fc.constant(requestId) }, hostileString),
        fc.oneof(
          hostileForm(fields, { csrf: session.csrf }),
          // A valid form except one field, so the hostile value gets past the first checks.
          fc
            .tuple(
              fc.constantFrom('text', 'sub', 'name', 'reason', 'serviceId', 'needs', 'outcome'),
              hostileString,
            )
            .map(([field, value]) => {
              const body = new URLSearchParams({
                csrf: session.csrf,
                outcome: 'no-answer',
                text: 'Called, no answer',
                needs: 'health',
                serviceId: 'th-clinic',
                consent: 'yes',
                priority: '2',
                reason: 'person-declined',
                to: 'waiting',
                sub: 'op-b',
                name: 'Operator B',
              });
              body.set(field, value);
              return body;
            }),
        ),
      ),
      ([action, id, body]) =>
        probe(`console ${action}`, `/console/requests/${q(id)}/${action}`, form(body, session.cookie)),
      NUM_RUNS * 2,
    );
    // Whatever was accepted is shown escaped: the request, its audit trail, the queue with filters.
    await run(
      fc.tuple(hostileString, hostileString),
      ([a, b]) =>
        Promise.all([
          probe('console request', `/console/requests/${requestId}?svc=${q(a)}`, {
            headers: { cookie: session.cookie },
          }),
          probe('console queue', `/console?language=${q(a)}&region=${q(b)}`, {
            headers: { cookie: session.cookie },
          }),
        ]),
      20,
    );
    expect(
      await probe('audit', `/console/requests/${requestId}/audit`, { headers: { cookie: session.cookie } }),
    ).toBe(200);
    expect(await probe('supervisor', '/console/supervisor', { headers: { cookie: session.cookie } })).toBe(
      200,
    );
  }, 180_000);

  it('no prototype was polluted', () => {
    console.info(
      [...tally]
        .map(([label, counts]) => `${label}: ${[...counts].map(([st, n]) => `${n}×${st}`).join(' ')}`)
        .join('\n'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(problems).toEqual([]);
  });
});
