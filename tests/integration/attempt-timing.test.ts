import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { localFields, openWindowAt, WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';
import { startFullPortal } from '../support/portal.js';
import { apiRequestBody } from '../support/requests.js';

/**
 * Attempts through the console on DynamoDB Local: an urgent "no answer" is tried again in the same
 * window after URGENT_RETRY_MINUTES; after "someone else answered" the card and the queue say the
 * window is not safe now and when the next try is, never "safe window closes in … min".
 */
describe('attempt timing in the console', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let casework: CaseworkStore;
  let operator: { cookie: string; csrf: string };
  const tz = 'Asia/Bangkok';
  let seq = 0;

  /** A window open now with at least two hours left: from the hour before to three hours later. */
  function windowAroundNow() {
    const hour = localFields(tz, Date.now()).hour;
    const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
    return [{ days: [...WEEKDAYS], from: hh(hour - 1), to: hh(hour + 3) }];
  }

  async function newRequest(extra: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        apiRequestBody(`timing-${Date.now()}-${seq++}-abcdef`, {
          timeZone: tz,
          safeWindows: windowAroundNow(),
          ...extra,
        }),
      ),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    return (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
  }

  const post = (path: string, form: Record<string, string> = {}) =>
    fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: operator.cookie },
      body: new URLSearchParams({ csrf: operator.csrf, ...form }),
      redirect: 'manual',
    });
  const get = async (path: string) =>
    (await fetch(`${portal.baseUrl}${path}`, { headers: { cookie: operator.cookie } })).text();

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000', URGENT_RETRY_MINUTES: '20' });
    casework = new CaseworkStore(portal.doc, portal.appTableName);
    const s = await portal.consoleDeps.sessions.create(
      { sub: 'op-timing', name: 'op-timing', roles: ['operator'], childProtection: false, locale: 'en' },
      3600,
    );
    operator = { cookie: `wp_session=${s.id}`, csrf: s.csrf };
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('tries an urgent request again after the configured gap, inside the same window', async () => {
    const id = await newRequest({ dangerNow: true });
    expect((await post(`/console/requests/${id}/claim`)).status).toBe(303);
    const before = Date.now();
    expect((await post(`/console/requests/${id}/attempts`, { outcome: 'no-answer' })).status).toBe(303);
    const after = Date.now();
    const stored = await casework.get(id);
    const next = Date.parse(stored?.nextContactableAt ?? '');
    expect(next).toBeGreaterThanOrEqual(before + 20 * 60_000);
    expect(next).toBeLessThanOrEqual(after + 20 * 60_000);
    const window = openWindowAt(stored?.safeWindows ?? [], tz, before);
    expect(window && next < window.end).toBe(true);
    // The card shows the next planned try, not a closing window.
    await post(`/console/requests/${id}/claim`);
    const card = await get(`/console/requests/${id}`);
    expect(card).toContain('data-timing="retry-later"');
    expect(card).toContain('Tried recently. Next try:');
  });

  it('after "someone else answered" the card and the queue say not safe now and give the next try', async () => {
    const id = await newRequest({});
    expect((await post(`/console/requests/${id}/claim`)).status).toBe(303);
    const open = await get(`/console/requests/${id}`);
    expect(open).toMatch(/Safe window closes in \d+ min/);
    expect(
      (await post(`/console/requests/${id}/attempts`, { outcome: 'someone-else-answered' })).status,
    ).toBe(303);
    const stored = await casework.get(id);
    const window = openWindowAt(stored?.safeWindows ?? [], tz, Date.now());
    expect(Date.parse(stored?.nextContactableAt ?? '')).toBeGreaterThanOrEqual(window?.end ?? Number.NaN);

    await post(`/console/requests/${id}/claim`);
    const card = await get(`/console/requests/${id}`);
    expect(card).toContain('data-timing="not-safe-now"');
    expect(card).toContain('Not safe now');
    expect(card).not.toMatch(/Safe window closes in/);

    const queue = await get('/console');
    const row = new RegExp(`<tr[^>]*data-request="${id}"[\\s\\S]*?</tr>`).exec(queue)?.[0] ?? '';
    expect(row).toContain('Not safe now');
    expect(row).not.toMatch(/Safe until/);
  });
});
