import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestStore } from '../../functions/data/request-store.js';
import { BASE_LOCKOUT_MINUTES, MAX_FAILURES } from '../../functions/domain/requests/pin-policy.js';
import { LIMITS } from '../../functions/http/abuse.js';
import { startPortal } from '../support/portal.js';
import { apiRequestBody } from '../support/requests.js';

/**
 * PIN guessing: a script that tries PINs against the status lookup (JSON API and HTML form) is
 * locked out as specified: 5 wrong PINs lock the code for 15 minutes, then 30, 60 …; while locked
 * even the right PIN is refused, and a locked code looks exactly like an unknown one. Guesses sent
 * in parallel are counted like guesses sent one by one. Per client, at most 20 look-ups per
 * 15 minutes whatever the code.
 */
let seq = 0;

describe('reliability: PIN guessing', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let store: RequestStore;
  beforeAll(async () => {
    // Per-client limits out of the way: this part is about the per-code lockout.
    portal = await startPortal({ RATE_LIMIT_SCALE: '100000' });
    store = new RequestStore(portal.doc, portal.appTableName);
  });
  afterAll(async () => {
    await portal?.close();
  });

  const post = (base: string, path: string, json: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
  const status = (code: string, pin: string) =>
    post(portal.baseUrl, '/api/public/requests/status', { code, pin });

  async function newCode(pin: string): Promise<string> {
    const res = await post(
      portal.baseUrl,
      '/api/public/requests',
      apiRequestBody(`pin-guess-${Date.now()}-${seq++}-abcdefgh`, { pin }),
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { code: string }).code;
  }

  /** Every 4-digit PIN in order except the right one: what a guessing script would send. */
  function* guesses(right: string) {
    for (let n = 0; n < 10_000; n++) {
      const pin = String(n).padStart(4, '0');
      if (pin !== right) yield pin;
    }
  }

  /** Moves the end of the current lockout into the past, as if its time had passed. */
  async function endLockout(code: string) {
    await portal.doc.send(
      new UpdateCommand({
        TableName: portal.appTableName,
        Key: { pk: `CODE#${code}`, sk: 'CODE' },
        UpdateExpression: 'SET lockedUntil = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );
  }

  const minutesLocked = async (code: string) =>
    (((await store.getCode(code))?.lockedUntil ?? 0) - Date.now()) / 60_000;

  it('a script trying PINs one after another is locked out after 5, and locked looks like unknown', async () => {
    const right = '7391';
    const code = await newCode(right);
    const answers: { status: number; body: string }[] = [];
    const script = guesses(right);
    for (let i = 0; i < 12; i++) {
      const res = await status(code, script.next().value as string);
      answers.push({ status: res.status, body: await res.text() });
    }
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const locked = await status(code, right);
    expect(locked.status).toBe(401);
    const unknown = await status('AAAA-AAAA', right);
    expect(await locked.text()).toBe(await unknown.text());
    const state = await store.getCode(code);
    expect(state?.lockouts).toBe(1);
    expect(await minutesLocked(code)).toBeGreaterThan(BASE_LOCKOUT_MINUTES - 0.5);
    expect(await minutesLocked(code)).toBeLessThanOrEqual(BASE_LOCKOUT_MINUTES);
  });

  it('each further lockout is twice as long (15, 30, 60 minutes), and the right PIN works once it ends', async () => {
    const right = '4826';
    const code = await newCode(right);
    const script = guesses(right);
    for (const [round, minutes] of [15, 30, 60].entries()) {
      if (round > 0) await endLockout(code);
      for (let i = 0; i < MAX_FAILURES; i++)
        expect((await status(code, script.next().value as string)).status).toBe(401);
      expect((await status(code, right)).status).toBe(401);
      expect(await minutesLocked(code)).toBeGreaterThan(minutes - 0.5);
      expect(await minutesLocked(code)).toBeLessThanOrEqual(minutes);
    }
    await endLockout(code);
    const res = await status(code, right);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'received' });
    expect(await store.getCode(code)).toMatchObject({ failedAttempts: 0, lockouts: 0 });
  });

  it('40 guesses sent at once are counted like guesses one by one: locked, and the right PIN refused', async () => {
    const right = '5173';
    const code = await newCode(right);
    const script = guesses(right);
    const burst = Array.from({ length: 40 }, () => script.next().value as string);
    const answers = await Promise.all(burst.map((pin) => status(code, pin)));
    expect(answers.map((a) => a.status)).toEqual(burst.map(() => 401));
    const state = await store.getCode(code);
    expect(state?.lockouts, JSON.stringify(state)).toBe(1);
    expect(state?.lockedUntil ?? 0).toBeGreaterThan(Date.now());
    expect((await status(code, right)).status).toBe(401);

    // A burst of 10 wrong guesses with the right PIN among them: whatever order they are counted in,
    // at least 6 wrong ones are counted without a reset in between, so the code ends up locked.
    const other = await newCode(right);
    const mixed = [...Array.from({ length: 10 }, () => script.next().value as string), right];
    await Promise.all(mixed.map((pin) => status(other, pin)));
    const after = await store.getCode(other);
    expect(after?.lockouts, JSON.stringify(after)).toBe(1);
    expect(after?.lockedUntil ?? 0).toBeGreaterThan(Date.now());
  });

  it('the HTML status form: locked after 5 wrong PINs, and the same page for locked, wrong and unknown', async () => {
    const right = '6048';
    const code = await newCode(right);
    const form = (c: string, pin: string) =>
      fetch(`${portal.baseUrl}/en/help/status`, {
        method: 'POST',
        body: new URLSearchParams({ code: c, pin }),
      });
    const pages: string[] = [];
    const script = guesses(right);
    for (let i = 0; i < MAX_FAILURES; i++) {
      const res = await form(code, script.next().value as string);
      expect(res.status).toBe(401);
      pages.push(await res.text());
    }
    const locked = await form(code, right);
    expect(locked.status).toBe(401);
    const unknown = await form('AAAA-AAAA', right);
    expect(unknown.status).toBe(401);
    expect(new Set([...pages, await locked.text(), await unknown.text()]).size).toBe(1);
  });

  describe('with the real per-client limits (RATE_LIMIT_SCALE=1)', () => {
    let limited: Awaited<ReturnType<typeof startPortal>>;
    beforeAll(async () => {
      limited = await startPortal();
    });
    afterAll(async () => {
      await limited?.close();
    });

    it(`one client gets ${LIMITS.status.limit} look-ups per ${LIMITS.status.windowSeconds / 60} minutes, over the API and the form together`, async () => {
      const codes: number[] = [];
      for (let i = 0; i < LIMITS.status.limit + 5; i++) {
        const code = `B${String(i).padStart(3, '0')}-CDEF`;
        const res =
          i % 2 === 0
            ? await post(limited.baseUrl, '/api/public/requests/status', { code, pin: '2580' })
            : await fetch(`${limited.baseUrl}/en/help/status`, {
                method: 'POST',
                body: new URLSearchParams({ code, pin: '2580' }),
              });
        codes.push(res.status);
      }
      expect(codes.slice(0, LIMITS.status.limit).every((s) => s === 401)).toBe(true);
      expect(codes.slice(LIMITS.status.limit).every((s) => s === 429)).toBe(true);
    });
  });
});
