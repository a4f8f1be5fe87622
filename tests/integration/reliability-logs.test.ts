import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../../functions/config.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { nodeClientAddress } from '../../functions/http/client-address.js';
import { createPublicApp } from '../../functions/http/public-app.js';
import { listen } from '../../functions/local/server.js';
import { createPublicDeps } from '../../functions/public-deps.js';
import { sharedWebAssets, startFullPortal, testSecrets } from '../support/portal.js';
import { formSendBody, scanAll, agedFormToken, sendForm } from '../support/requests.js';

/**
 * Secrets and personal data in logs: everything written to the console, stdout and stderr is
 * captured while a person submits a request (form and API), sets a PIN, looks it up, changes the
 * contact details, adds a message and withdraws, while wrong PINs are tried, while the table is
 * unreachable, and while an operator opens and works the request (decrypting the contact
 * details). None of the personal values may appear in any captured line, nor in the audit table.
 */
const SECRETS = {
  handle: '+66 81 777 0123',
  handleDigits: '817770123',
  codeWord: 'tamarind-lighthouse',
  ifOther: 'Sorry wrong number, marigold',
  message: 'secret message kingfisher',
  newHandle: 'zebra.contact@example.org',
  newCodeWord: 'papaya-harbour',
  addedMessage: 'added message pelican',
  pin: '9357',
  apiHandle: '+66 89 444 7788',
  apiHandleDigits: '894447788',
  apiCodeWord: 'lantern-quokka',
  invalidHandle: 'not-a-number-okapi',
};

describe('reliability: no personal data in logs', () => {
  const captured: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const originals = methods.map((m) => console[m]);
  const writes = [process.stdout.write, process.stderr.write];
  let portal: Awaited<ReturnType<typeof startFullPortal>>;

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    for (const m of methods) {
      console[m] = (...args: unknown[]) => {
        captured.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' '));
      };
    }
    const capture = (chunk: unknown) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
  });
  afterAll(async () => {
    methods.forEach((m, i) => {
      console[m] = originals[i] as (typeof console)[typeof m];
    });
    [process.stdout.write, process.stderr.write] = writes as [
      typeof process.stdout.write,
      typeof process.stderr.write,
    ];
    await portal?.close();
  });

  const post = (path: string, body: URLSearchParams | Record<string, unknown>, cookie?: string) =>
    fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      ...(body instanceof URLSearchParams
        ? { body, headers: cookie ? { cookie } : {} }
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });

  it('a whole request, its changes, errors and casework leave no personal value in any log line', async () => {
    const secret = portal.config.APP_SECRET as string;
    // The HTML form: a wrong step first (the invalid value is echoed back in the page only).
    const wrong = await post(
      '/en/help/request',
      new URLSearchParams({
        idem: 'logs-form-0123456789abcdef',
        step: 'contact',
        action: 'next',
        channel: 'sms',
        handle: SECRETS.invalidHandle,
      }),
    );
    // Answered with a redirect to the same step, which shows the message (post/redirect/get).
    expect(wrong.status).toBe(303);
    const idem = 'logs-form-0123456789abcdef';
    const sent = await sendForm(
      `${portal.baseUrl}/en/help/request`,
      formSendBody(secret, idem, {
        handle: SECRETS.handle,
        codeWord: SECRETS.codeWord,
        ifOther: SECRETS.ifOther,
        message: SECRETS.message,
      }),
    );
    expect(sent.outcome).toBe('created');
    const code = sent.code as string;
    expect(
      (
        await post(
          '/en/help/pin',
          new URLSearchParams({ code, token: idem, pin: SECRETS.pin, pin2: SECRETS.pin }),
        )
      ).headers.get('location'),
    ).toBe('/en/help/pin/saved'); // saved, then a redirect (post/redirect/get)
    for (const pin of ['1111', '2468', '1357'])
      expect((await post('/en/help/status', new URLSearchParams({ code, pin }))).status).toBe(401);
    const status = await post('/en/help/status', new URLSearchParams({ code, pin: SECRETS.pin }));
    expect(status.status).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(await status.text())?.[1] as string;
    // Each page carries a fresh, single-use action token.
    const changed = await post(
      '/en/help/status/contact',
      new URLSearchParams({
        token,
        channel: 'email',
        handle: SECRETS.newHandle,
        codeWord: SECRETS.newCodeWord,
      }),
    );
    expect(changed.status).toBe(200);
    const next = /name="token" value="([^"]+)"/.exec(await changed.text())?.[1] as string;
    expect(
      (
        await post(
          '/en/help/status/message',
          new URLSearchParams({ token: next, message: SECRETS.addedMessage }),
        )
      ).status,
    ).toBe(200);

    // The JSON API.
    const api = await post('/api/public/requests', {
      idempotencyKey: 'logs-api-0123456789abcdef',
      consentCallback: true,
      formToken: agedFormToken(),
      channel: 'signal',
      handle: SECRETS.apiHandle,
      codeWord: SECRETS.apiCodeWord,
      timeZone: 'Asia/Bangkok',
      country: 'TH',
      pin: SECRETS.pin,
    });
    expect(api.status).toBe(201);
    const apiCode = ((await api.json()) as { code: string }).code;
    expect((await post('/api/public/requests/status', { code: apiCode, pin: '0000' })).status).toBe(401);
    expect(
      (
        await post('/api/public/requests/update', {
          code: apiCode,
          pin: SECRETS.pin,
          message: SECRETS.addedMessage,
        })
      ).status,
    ).toBe(200);

    // An operator opens and works the form's request: the contact details are decrypted.
    const requestId = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))
      ?.requestId as string;
    const s = await portal.consoleDeps.sessions.create(
      { sub: 'op-logs', name: 'Operator', roles: ['operator'], childProtection: true, locale: 'en' },
      3600,
    );
    const cookie = `wp_session=${s.id}`;
    expect(
      (await post(`/console/requests/${requestId}/claim`, new URLSearchParams({ csrf: s.csrf }), cookie))
        .status,
    ).toBe(303);
    const casePage = await (
      await fetch(`${portal.baseUrl}/console/requests/${requestId}`, { headers: { cookie } })
    ).text();
    expect(casePage).toContain(SECRETS.newHandle);
    expect(
      (
        await post(
          `/console/requests/${requestId}/attempts`,
          new URLSearchParams({ csrf: s.csrf, outcome: 'no-answer' }),
          cookie,
        )
      ).status,
    ).toBe(303);

    expect(
      (await post('/api/public/requests/withdraw', { code: apiCode, pin: SECRETS.pin, deleteData: true }))
        .status,
    ).toBe(200);

    // The table unreachable: the failure is logged (by its class name only).
    const broken = loadRuntimeConfig({
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
      AWS_REGION: 'local',
      APP_TABLE_NAME: 'no-such-table',
      AUDIT_TABLE_NAME: 'no-such-audit',
      ...testSecrets(),
    });
    const down = await listen(
      createPublicApp(createPublicDeps(broken, await sharedWebAssets(), nodeClientAddress)),
      0,
    );
    try {
      const base = `http://127.0.0.1:${down.port}`;
      const refused = await fetch(`${base}/en/help/request`, {
        method: 'POST',
        body: formSendBody(secret, 'logs-down-0123456789abcdef', {
          handle: SECRETS.handle,
          codeWord: SECRETS.codeWord,
        }),
      });
      expect(refused.status).toBe(503);
      const apiRefused = await fetch(`${base}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          idempotencyKey: 'logs-down-api-0123456789ab',
          consentCallback: true,
          formToken: agedFormToken(),
          channel: 'sms',
          handle: SECRETS.apiHandle,
          codeWord: SECRETS.apiCodeWord,
          timeZone: 'Asia/Bangkok',
        }),
      });
      expect(apiRefused.status).toBe(503);
      const lookup = await fetch(`${base}/en/help/status`, {
        method: 'POST',
        body: new URLSearchParams({ code, pin: SECRETS.pin }),
      });
      // The translated 503 page with every served country's urgent numbers, not a 500.
      expect(lookup.status).toBe(503);
      const page = await lookup.text();
      expect(page).toContain('We cannot look up your request right now');
      expect(page).toMatch(/href="tel:\d+"/);
    } finally {
      await down.close();
    }

    const all = captured.join('\n');
    // The capture works: the unreachable table was logged.
    expect(all).toContain('request.store_failed');
    for (const [name, value] of Object.entries(SECRETS))
      expect(all.includes(value), `${name} in the logs`).toBe(false);
    expect(all.includes(code), 'reference code in the logs').toBe(false);
    expect(all.includes(apiCode), 'reference code in the logs').toBe(false);

    // The audit trail records who saw the contact details, never the details themselves.
    const audit = JSON.stringify(await scanAll(portal.doc, portal.auditTableName));
    expect(audit).toContain('view-contact');
    for (const [name, value] of Object.entries(SECRETS))
      expect(audit.includes(value), `${name} in the audit table`).toBe(false);
  }, 120_000);
});
