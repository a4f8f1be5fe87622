import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCES } from '../../locales/index.js';
import { referenceData } from '../../functions/reference/index.js';
import { startPortalWithOwnDatabase } from '../support/own-database.js';
import { apiRequestBody, formSendBody, itemsOf, scanAll, sendForm } from '../support/requests.js';

/**
 * Database down: DynamoDB Local is stopped under a running portal. Directory pages and APIs keep
 * working from the copy in memory; sending a request answers 503 with a translated message, the
 * urgent numbers and every answer kept in the form; when the database is back the same send
 * succeeds exactly once.
 */
const thErrors = (RESOURCES.th.request as { errors: Record<string, string> }).errors;
const thaiNumbers = referenceData().emergency.find((e) => e.country === 'TH')?.numbers ?? [];

describe('reliability: database down', () => {
  let portal: Awaited<ReturnType<typeof startPortalWithOwnDatabase>>;
  beforeAll(async () => {
    portal = await startPortalWithOwnDatabase({ RATE_LIMIT_SCALE: '1000' });
  });
  afterAll(async () => {
    await portal?.close();
  });

  // Status and content only: how long a page takes with the database down is for `npm run bench`.
  const get = async (path: string) => {
    const res = await fetch(`${portal.baseUrl}${path}`);
    return { status: res.status, body: await res.text() };
  };
  const DIRECTORY_PAGES: [string, string][] = [
    ['/en/services', 'Find services'],
    ['/en/services?area=housing', 'North Safe Stay'],
    ['/th/services?q=ที่พัก', 'บ้านพักปลอดภัยภาคเหนือ'],
    ['/en/services/th-shelter', 'North Safe Stay'],
    // The card shows a neutral label and the numbers, not what the service is for.
    ['/en/card?id=th-shelter', 'tel:+6620000001'],
    ['/en/urgent?country=TH', 'tel:'],
    ['/api/public/services?area=housing', 'North Safe Stay'],
    ['/hsds/services', 'North Safe Stay'],
  ];

  it('serves the directory from memory, refuses requests with 503, and takes the retry once back', async () => {
    for (const [path, text] of DIRECTORY_PAGES) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.body.includes(text), `${path} shows ${text}`).toBe(true);
    }
    expect((await get('/healthz')).status).toBe(200);

    await portal.stopDatabase();
    // Past the directory's check interval, so every page below tries the table first.
    await new Promise((r) => setTimeout(r, 1200));
    for (const [path, text] of DIRECTORY_PAGES) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.body.includes(text), `${path} shows ${text}`).toBe(true);
    }
    expect((await get('/healthz')).status).toBe(503);

    // The HTML form (Thai): 503, the translated message, urgent numbers, every answer still in the form.
    const idem = 'down-form-0123456789abcdef';
    const send = () =>
      fetch(`${portal.baseUrl}/th/help/request`, {
        method: 'POST',
        body: formSendBody(portal.config.APP_SECRET as string, idem, { handle: '+66 81 555 0142' }),
      });
    const refused = await send();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const html = await refused.text();
    expect(html).toContain('<html lang="th"');
    expect(html).toContain(thErrors.unavailableTitle);
    expect(html).toContain(thErrors.unavailable);
    expect(thaiNumbers.length).toBeGreaterThan(0);
    for (const n of thaiNumbers) expect(html).toContain(`href="tel:${n.number.replace(/[^\d+]/g, '')}"`);
    expect(html).toContain('value="+66 81 555 0142"');
    expect(html).toContain(`name="idem" value="${idem}"`);
    expect(html).toMatch(/id="consent"[^>]*checked/);

    // The JSON API: 503 with a code the client can act on, and a hint when to retry.
    const apiKey = 'down-api-0123456789abcdef';
    const post = () =>
      fetch(`${portal.baseUrl}/api/public/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(apiRequestBody(apiKey)),
      });
    const apiRefused = await post();
    expect(apiRefused.status).toBe(503);
    expect(await apiRefused.json()).toEqual({ error: { code: 'unavailable', issues: [] } });
    expect(apiRefused.headers.get('retry-after')).toBe('30');

    await portal.startDatabase();
    // Back up: the same answers are stored once; the form answers with a redirect to the code page.
    const resend = () =>
      sendForm(
        `${portal.baseUrl}/th/help/request`,
        formSendBody(portal.config.APP_SECRET as string, idem, { handle: '+66 81 555 0142' }),
      );
    const stored = await resend();
    expect(stored.outcome).toBe('created');
    const code = stored.code;
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const again = await resend();
    expect(again.outcome).toBe('duplicate');
    expect(again.code).toBe(code);
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(200);

    const items = await scanAll(portal.doc, portal.appTableName);
    expect(itemsOf(items, 'REQ')).toHaveLength(2);
    expect(itemsOf(items, 'IDEMP').map((i) => i.pk)).toEqual(
      expect.arrayContaining([`IDEMP#${idem}`, `IDEMP#${apiKey}`]),
    );
    expect((await get('/healthz')).status).toBe(200);
  }, 400_000); // restarts DynamoDB Local, which can take minutes on a busy machine
});
