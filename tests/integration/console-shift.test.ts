import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { createPiiEncryptor, localKeyring } from '../../functions/data/pii-crypto.js';
import { type CaseRequest, NOTE_PURPOSE } from '../../functions/domain/requests/records.js';
import { RequestStore } from '../../functions/data/request-store.js';
import type { Role, StaffIdentity } from '../../functions/domain/console/roles.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken } from '../support/requests.js';

/**
 * A shift's truth on DynamoDB Local: the queue order follows priority overrides (a reason from a
 * list on the request item, details in an encrypted note), the person's
 * changes mark a request, check-ins carry their request, and waiting is measured from what
 * happened to the request (first attempt, last update), not from when it was sent.
 */
const ALL_DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
const ALWAYS = [{ days: ALL_DAYS, from: '00:00', to: '23:59' }];

describe('console shift against DynamoDB Local', { timeout: 120_000 }, () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let store: CaseworkStore;
  let seq = 0;
  const who = {
    opIn: { sub: 'shift-op-in', roles: ['operator'] as Role[], childProtection: true },
    opOut: { sub: 'shift-op-out', roles: ['operator'] as Role[], childProtection: false },
    sup: { sub: 'shift-sup', roles: ['supervisor'] as Role[], childProtection: true },
  };
  const sessions = new Map<keyof typeof who, { cookie: string; csrf: string }>();
  const identity = (w: keyof typeof who): StaffIdentity => ({ ...who[w], name: who[w].sub });

  async function newRequest(extra: Record<string, unknown> = {}): Promise<{ id: string; code: string }> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: `shift-${Date.now()}-${seq++}-abcdef`,
        formToken: agedFormToken(),
        consentCallback: true,
        channel: 'signal',
        handle: '+66 89 111 2233',
        timeZone: 'Asia/Bangkok',
        safeWindows: ALWAYS,
        country: 'TH',
        ...extra,
      }),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const id = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
    return { id, code };
  }

  function call(
    w: keyof typeof who,
    method: 'GET' | 'POST',
    path: string,
    form: Record<string, string> = {},
  ) {
    const s = sessions.get(w);
    if (!s) throw new Error(`no session for ${w}`);
    return fetch(`${portal.baseUrl}/console${path}`, {
      method,
      headers: { cookie: s.cookie },
      ...(method === 'POST' ? { body: new URLSearchParams({ csrf: s.csrf, ...form }) } : {}),
      redirect: 'manual',
    });
  }

  /** Moves a request's clock back: sent `minutes` ago, contactable since then. */
  async function sentAgo(id: string, minutes: number) {
    const at = new Date(Date.now() - minutes * 60_000).toISOString();
    const r = (await store.get(id)) as CaseRequest;
    await portal.doc.send(
      new UpdateCommand({
        TableName: portal.appTableName,
        Key: { pk: `REQ#${id}`, sk: 'REQ' },
        UpdateExpression: 'SET createdAt = :at, nextContactableAt = :at, gsi1sk = :sk',
        ExpressionAttributeValues: { ':at': at, ':sk': `${at}#${at}#${id}` },
      }),
    );
    return r;
  }

  const entryOf = async (id: string) => {
    const { due, later } = await portal.consoleDeps.casework.queue(identity('sup'));
    return [...due, ...later].find((e) => e.request.id === id);
  };

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    store = new CaseworkStore(portal.doc, portal.appTableName);
    for (const [key, w] of Object.entries(who)) {
      const s = await portal.consoleDeps.sessions.create(
        { sub: w.sub, name: w.sub, roles: w.roles, childProtection: w.childProtection, locale: 'en' },
        3600,
      );
      sessions.set(key as keyof typeof who, { cookie: `wp_session=${s.id}`, csrf: s.csrf });
    }
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('a priority override reorders the queue, with its reason on the row', async () => {
    const first = await newRequest({ hurtOrSick: true }); // priority 2
    const second = await newRequest({}); // priority 3
    const order = async () => {
      const { due } = await portal.consoleDeps.casework.queue(identity('sup'));
      return due.map((e) => e.request.id).filter((id) => id === first.id || id === second.id);
    };
    expect(await order()).toEqual([first.id, second.id]);
    expect((await call('opIn', 'POST', `/requests/${second.id}/claim`)).status).toBe(303);
    const changed = await call('opIn', 'POST', `/requests/${second.id}/priority`, {
      priority: '1',
      reason: 'safety-risk',
    });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe(`/console/requests/${second.id}?done=priority`);
    expect(await order()).toEqual([second.id, first.id]);
    expect((await entryOf(second.id))?.priority).toBe(1);
    const queue = await (await call('opIn', 'GET', '')).text();
    const row = new RegExp(`<tr[^>]*data-request="${second.id}"[\\s\\S]*?</tr>`).exec(queue)?.[0] ?? '';
    expect(row).toContain('Priority changed: Safety risk has changed');
  });

  /** Every item of a partition, as stored. */
  const partitionItems = async (pk: string) =>
    (
      await portal.doc.send(
        new QueryCommand({
          TableName: portal.appTableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': pk },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  it('a priority change keeps only the word from the list; typed details become an encrypted note', async () => {
    const { id } = await newRequest({});
    expect((await call('opIn', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    const typed = `Her employer is Blue Harbour Fishing ${Date.now()}`;
    const changed = await call('opIn', 'POST', `/requests/${id}/priority`, {
      priority: '1',
      reason: 'new-information',
      details: typed,
    });
    expect(changed.status).toBe(303);
    // The request item: who, the word, when; nothing the operator typed in its whole partition.
    const stored = (await store.get(id)) as CaseRequest;
    expect(stored.priority).toBe(1);
    expect(stored.priorityOverride).toEqual({
      by: who.opIn.sub,
      reason: 'new-information',
      at: expect.any(String),
    });
    const shared = await partitionItems(`REQ#${id}`);
    expect(JSON.stringify(shared)).not.toContain('Blue Harbour');
    expect(shared.find((i) => i.entity === 'EVENT' && i.event === 'priority')).toMatchObject({
      text: '3 → 1',
      reason: 'new-information',
    });
    // The details: one note in the staff-only partition, encrypted.
    const notes = (await partitionItems(`NOTE#${id}`)).filter((i) => i.entity === 'NOTE');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.text).toBeUndefined();
    expect(typeof notes[0]?.ciphertext).toBe('string');
    expect(JSON.stringify(notes)).not.toContain('Blue Harbour');
    // The page shows the label, and the details in the history (an audited read of notes).
    const page = await (await call('opIn', 'GET', `/requests/${id}`)).text();
    expect(page).toMatch(
      /data-override="new-information"[^>]*>\s*Priority changed: New information about the situation/,
    );
    expect(page).toContain(typed);
    // The audit event carries the word, not what was typed.
    const trail = await portal.consoleDeps.casework.trail(identity('sup'), id);
    const audited = trail.find((e) => e.action === 'priority');
    expect(audited?.details).toEqual({ from: 3, to: 1, reason: 'new-information', note: true });
    expect(JSON.stringify(trail)).not.toContain('Blue Harbour');
    // Without details, no note.
    expect(
      (await call('opIn', 'POST', `/requests/${id}/priority`, { priority: '2', reason: 'other' })).status,
    ).toBe(303);
    expect((await partitionItems(`NOTE#${id}`)).filter((i) => i.entity === 'NOTE')).toHaveLength(1);
    expect((await store.get(id))?.priorityOverride?.reason).toBe('other');
  });

  it('a reason that is free text, missing or not on the list is refused with 400 and nothing is stored', async () => {
    const { id } = await newRequest({});
    expect((await call('opIn', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    const before = await partitionItems(`REQ#${id}`);
    for (const form of <Record<string, string>[]>[
      {
        priority: '1',
        reason: 'Says the employer is coming back tonight',
        details: 'Lives at 12 Soi Ruamrudee',
      },
      { priority: '1', details: 'Lives at 12 Soi Ruamrudee' },
      { priority: '1', reason: 'legacy' },
    ]) {
      const refused = await call('opIn', 'POST', `/requests/${id}/priority`, form);
      expect(refused.status, JSON.stringify(form)).toBe(400);
      const html = await refused.text();
      expect(html).toContain('Choose a reason for the new priority from the list.');
    }
    const tooLong = await call('opIn', 'POST', `/requests/${id}/priority`, {
      priority: '1',
      reason: 'health',
      details: 'x'.repeat(1001),
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('Write at most 1000 characters of details.');
    const stored = (await store.get(id)) as CaseRequest;
    expect(stored.priority).toBe(3);
    expect(stored.priorityOverride).toBeUndefined();
    expect(await partitionItems(`REQ#${id}`)).toEqual(before);
    expect(await partitionItems(`NOTE#${id}`)).toEqual([]);
  });

  it('a priority reason written as free text before the list shows a neutral label; ops:move-notes moves it into an encrypted note', async () => {
    const { id } = await newRequest({});
    expect((await call('opIn', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    // As such a change was stored before: free text on the request item and in the history event.
    const old = `Her employer is Acme Seafood ${Date.now()}`;
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await portal.doc.send(
      new UpdateCommand({
        TableName: portal.appTableName,
        Key: { pk: `REQ#${id}`, sk: 'REQ' },
        UpdateExpression: 'SET priorityOverride = :o',
        ExpressionAttributeValues: { ':o': { by: who.opIn.sub, reason: old, at } },
      }),
    );
    await portal.doc.send(
      new PutCommand({
        TableName: portal.appTableName,
        Item: {
          pk: `REQ#${id}`,
          sk: 'EVENT#01LEGACYPRIORITY0000000000',
          entity: 'EVENT',
          kind: 'EVENT',
          event: 'priority',
          text: `3 → 3: ${old}`,
          at,
          by: who.opIn.sub,
          byName: who.opIn.sub,
        },
      }),
    );
    const queue = await (await call('sup', 'GET', '')).text();
    const row = new RegExp(`<tr[^>]*data-request="${id}"[\\s\\S]*?</tr>`).exec(queue)?.[0] ?? '';
    expect(row).toContain('Priority changed: Reason recorded before (see history)');
    expect(queue).not.toContain('Acme Seafood');
    const page = await (await call('opIn', 'GET', `/requests/${id}`)).text();
    const line = /<p class="hint" data-override="legacy">[\s\S]*?<\/p>/.exec(page)?.[0] ?? '';
    expect(line).toContain('Priority changed: Reason recorded before (see history)');
    expect(line).not.toContain('Acme Seafood');

    // The clean-up counts without a key, and moves with one (the tool passes the key it is given).
    const options = { retentionDays: 180 };
    expect(await store.moveLegacyPriorityReasons(options)).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(await partitionItems(`REQ#${id}`))).toContain('Acme Seafood');
    const encryptor = createPiiEncryptor(localKeyring(portal.config.PII_KEY_FILE as string));
    const encryptNote = (requestId: string, text: string) =>
      encryptor.encrypt({ text }, { requestId, purpose: NOTE_PURPOSE });
    expect(await store.moveLegacyPriorityReasons({ ...options, encryptNote })).toBeGreaterThanOrEqual(1);
    const shared = await partitionItems(`REQ#${id}`);
    expect(JSON.stringify(shared)).not.toContain('Acme Seafood');
    expect(shared.find((i) => i.sk === 'REQ')?.priorityOverride).toEqual({
      by: who.opIn.sub,
      reason: 'other',
      at,
    });
    expect(shared.find((i) => i.sk === 'EVENT#01LEGACYPRIORITY0000000000')).toMatchObject({
      text: '3 → 3',
      reason: 'other',
    });
    // One note (the request item's text was its event's), encrypted, read back by the console.
    const notes = (await partitionItems(`NOTE#${id}`)).filter((i) => i.entity === 'NOTE');
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes)).not.toContain('Acme Seafood');
    expect(notes[0]).toMatchObject({ at, ttl: Math.floor(Date.parse(at) / 1000) + 180 * 86_400 });
    const view = await portal.consoleDeps.casework.open(identity('opIn'), id);
    expect(view.activity.filter((a) => a.kind === 'NOTE').map((a) => a.text)).toEqual([old]);
    // A second run finds nothing left.
    expect(await store.moveLegacyPriorityReasons({ ...options, encryptNote })).toBe(0);
    expect((await partitionItems(`NOTE#${id}`)).filter((i) => i.entity === 'NOTE')).toHaveLength(1);
  });

  it("the person's update marks the request and enters its history until an operator opens it", async () => {
    const { id, code } = await newRequest({ pin: '583920' });
    expect((await entryOf(id))?.request.personUpdate).toBeUndefined();
    const update = await fetch(`${portal.baseUrl}/api/public/requests/update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, pin: '583920', message: 'Better after 8 in the evening' }),
    });
    expect(update.status).toBe(200);
    expect((await entryOf(id))?.request.personUpdate?.kinds).toEqual(['message']);
    const queue = await (await call('opOut', 'GET', '')).text();
    const row = new RegExp(`<tr[^>]*data-request="${id}"[\\s\\S]*?</tr>`).exec(queue)?.[0] ?? '';
    expect(row).toContain('Updated by the person');
    // Someone who cannot act on it (no claim) looking does not clear the mark.
    await call('opOut', 'GET', `/requests/${id}`);
    expect((await store.get(id))?.personUpdate).toBeDefined();
    expect((await call('opOut', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    const page = await (await call('opOut', 'GET', `/requests/${id}`)).text();
    expect(page).toContain('Updated by the person: a new message');
    expect(page).toContain('Better after 8 in the evening');
    expect((await store.get(id))?.personUpdate).toBeUndefined();
    const history = await store.activity(id);
    expect(history.filter((a) => a.event === 'person-update').map((a) => a.reason)).toEqual(['message']);
    const after = await (await call('opOut', 'GET', `/requests/${id}`)).text();
    expect(after).not.toContain('data-person-update');
  });

  it("a child's check-in carries the request's languages and place, and only the group may take it", async () => {
    const pin = '604182';
    const { id: requestId, code } = await newRequest({
      pin,
      ageBand: 'under-18',
      languages: ['my', 'th'],
      province: 'TH-50',
    });
    const form = new URLSearchParams({
      idem: `shift-fu-${Date.now()}-${seq++}-abcdefgh`,
      channel: 'whatsapp',
      handle: '+66 86 555 0199',
      rhythm: 'monthly',
      duration: '6',
      tz: 'Asia/Bangkok',
      consent: 'yes',
      code,
      pin,
      w1from: '00:00',
      w1to: '23:00',
    });
    for (const d of ALL_DAYS) form.append('w1days', d);
    expect((await fetch(`${portal.baseUrl}/en/follow-up`, { method: 'POST', body: form })).status).toBe(201);
    const manage = await fetch(`${portal.baseUrl}/en/follow-up/manage`, {
      method: 'POST',
      body: new URLSearchParams({ code, pin }),
    });
    const token = /name="token" value="([^"]+)"/.exec(await manage.text())?.[1] as string;
    const now = await fetch(`${portal.baseUrl}/en/follow-up/manage/contact-now`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
    });
    expect(now.status).toBe(200);
    const followupId = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.followupId;
    const far = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const checkIn = (await store.queue(1, far, true)).find((r) => r.followupId === followupId);
    expect(checkIn).toBeDefined();
    const id = checkIn?.id as string;
    expect(checkIn).toMatchObject({
      kind: 'check-in',
      languages: ['my', 'th'],
      province: 'TH-50',
      country: 'TH',
      linkedRequestId: requestId,
      priority: 1,
    });
    expect(checkIn?.facts.ageBand).toBe('under-18');

    const refused = await call('opOut', 'POST', `/requests/${id}/claim`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('child-protection team');
    expect((await store.get(id))?.claim).toBeUndefined();
    expect((await call('opIn', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    const page = await (await call('opIn', 'GET', `/requests/${id}`)).text();
    expect(page).toContain('Burmese, Thai');
    expect(page).toContain('Chiang Mai, Thailand');
    expect(page).toContain(`href="/console/requests/${requestId}"`);

    // Closing the check-in needs an outcome; "helped" only after a contact attempt.
    const noOutcome = await call('opIn', 'POST', `/requests/${id}/checkin`, { continue: 'yes' });
    expect(noOutcome.status).toBe(400);
    expect(await noOutcome.text()).toContain('Choose an outcome.');
    const helped = await call('opIn', 'POST', `/requests/${id}/checkin`, {
      continue: 'yes',
      reason: 'helped',
    });
    expect(helped.status).toBe(400);
    expect(await helped.text()).toContain('needs at least one contact attempt');
    expect((await store.get(id))?.status).toBe('claimed');
    expect((await call('opIn', 'POST', `/requests/${id}/attempts`, { outcome: 'reached' })).status).toBe(303);
    const recorded = await call('opIn', 'POST', `/requests/${id}/checkin`, {
      continue: 'yes',
      reason: 'helped',
      summary: 'Doing well, wants the next check-in',
    });
    expect(recorded.status).toBe(303);
    expect((await store.get(id))?.status).toBe('closed');
  });

  it('waiting and overdue count to the first attempt, then from the last update', async () => {
    const { id } = await newRequest({});
    await sentAgo(id, 3 * 24 * 60);
    const before = await entryOf(id);
    expect(before?.waiting.kind).toBe('first-attempt');
    expect(before?.waitingMinutes).toBeGreaterThanOrEqual(3 * 24 * 60 - 1);
    expect(before?.overdue).toBe(true);

    expect((await call('opIn', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    expect((await call('opIn', 'POST', `/requests/${id}/attempts`, { outcome: 'reached' })).status).toBe(303);
    const after = await entryOf(id);
    expect(after?.waiting.kind).toBe('since-update');
    expect(after?.waitingMinutes).toBeLessThan(5);
    expect(after?.overdue).toBe(false);
    expect((await store.get(id))?.firstAttemptAt).toBeDefined();
    // The request was sent three days ago; it is no longer reported as waiting three days.
    const page = await (await call('opIn', 'GET', `/requests/${id}`)).text();
    expect(page).toContain('since the last update');
  });

  it('find by reference code is audited; closed requests are listed with filters', async () => {
    const { id, code } = await newRequest({});
    const found = await call('opOut', 'POST', '/find', { code: code.toLowerCase().replace('-', ' ') });
    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toBe(`/console/requests/${id}?done=found`);
    expect(found.headers.get('location')).not.toContain(code);
    const trail = await new AuditLog(portal.doc, portal.auditTableName).trail(`REQ#${id}`);
    expect(trail.filter((e) => e.action === 'find-by-code').map((e) => e.actor)).toEqual([who.opOut.sub]);

    expect((await call('opIn', 'POST', `/requests/${id}/claim`)).status).toBe(303);
    const closed = await call('opIn', 'POST', `/requests/${id}/close`, {
      reason: 'duplicate',
      summary: 'Same as an earlier request',
      confirm: 'yes',
    });
    expect(closed.status).toBe(303);
    const list = await (await call('opOut', 'GET', '/closed?status=closed&reason=duplicate&days=7')).text();
    expect(list).toContain(`data-request="${id}"`);
    const other = await (await call('opOut', 'GET', '/closed?status=withdrawn&days=7')).text();
    expect(other).not.toContain(`data-request="${id}"`);
    // Reopened: back in the queue, out of the list.
    expect((await call('opIn', 'POST', `/requests/${id}/reopen`)).status).toBe(303);
    const again = await (await call('opOut', 'GET', '/closed?days=7')).text();
    expect(again).not.toContain(`data-request="${id}"`);
  });
});
