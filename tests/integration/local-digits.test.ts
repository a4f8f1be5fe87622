import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestStore } from '../../functions/data/request-store.js';
import { startFullPortal } from '../support/portal.js';
import { apiRequestBody, formSendBody, sendForm } from '../support/requests.js';

/**
 * Numbers typed with the digits of a Burmese or Thai keyboard: accepted by the public form and the
 * JSON API, stored in ASCII, and shown to the operator in ASCII on the decrypted safe-contact card.
 * The PIN and the reference code may be typed in local or full-width digits too.
 */
describe('local digits end to end (DynamoDB Local)', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let operator: { cookie: string; csrf: string };
  const secret = 'integration-test-secret-0123456789abcdef';

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    const s = await portal.consoleDeps.sessions.create(
      { sub: 'op-digits', name: 'op-digits', roles: ['operator'], childProtection: false, locale: 'en' },
      3600,
    );
    operator = { cookie: `wp_session=${s.id}`, csrf: s.csrf };
  });
  afterAll(async () => {
    await portal?.close();
  });

  async function cardOf(code: string): Promise<string> {
    const id = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId;
    expect(id).toBeTruthy();
    const post = (path: string) =>
      fetch(`${portal.baseUrl}/console/requests/${id}/${path}`, {
        method: 'POST',
        headers: { cookie: operator.cookie },
        body: new URLSearchParams({ csrf: operator.csrf }),
        redirect: 'manual',
      });
    expect((await post('claim')).status).toBe(303);
    const page = await fetch(`${portal.baseUrl}/console/requests/${id}`, {
      headers: { cookie: operator.cookie },
    });
    expect(page.status).toBe(200);
    return page.text();
  }

  it('accepts ၀၉၇၈၁၂၃၄၅၆ through the Burmese form and shows 0978123456 on the card', async () => {
    const idem = `digits-form-${Date.now()}-abcdef`;
    const sent = await sendForm(
      `${portal.baseUrl}/my/help/request`,
      formSendBody(secret, idem, { country: 'MM', channel: 'phone', handle: '၀၉၇၈၁၂၃၄၅၆' }),
    );
    expect(sent.outcome).toBe('created');
    const code = sent.code as string;
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    // The PIN typed in Burmese digits once and ASCII the second time is the same PIN.
    const pin = await fetch(`${portal.baseUrl}/my/help/pin`, {
      method: 'POST',
      body: new URLSearchParams({ code, token: idem, pin: '၂၅၈၀', pin2: '2580' }),
    });
    expect(pin.status).toBe(200);
    // The status look-up with the code's digits in Thai and full-width, the PIN in Thai digits.
    const typedCode = code
      .replace(/[0-9]/g, (d) => String.fromCodePoint(0x0e50 + Number(d)))
      .replace(/[A-Z]/g, (ch) => String.fromCodePoint((ch.codePointAt(0) as number) + 0xfee0));
    const status = await fetch(`${portal.baseUrl}/th/help/status`, {
      method: 'POST',
      body: new URLSearchParams({ code: typedCode, pin: '๒๕๘๐' }),
    });
    expect(status.status).toBe(200);

    const card = await cardOf(code);
    expect(card).toContain('<dd class="handle">0978123456</dd>');
    expect(card).not.toMatch(/[\u1040-\u1049]/);
  });

  it('accepts ๐๘๑๒๓๔๕๖๗๘ through the JSON API and shows 0812345678 on the card', async () => {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        apiRequestBody(`digits-api-${Date.now()}-abcdef`, { channel: 'phone', handle: '๐๘๑๒๓๔๕๖๗๘' }),
      ),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const card = await cardOf(code);
    expect(card).toContain('<dd class="handle">0812345678</dd>');
    expect(card).not.toMatch(/[\u0e50-\u0e59]/);
  });
});
