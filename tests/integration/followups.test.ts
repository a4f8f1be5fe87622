import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { FollowUpStore } from '../../functions/data/followup-store.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { Erasure } from '../../functions/services/erasure.js';
import { FollowUps } from '../../functions/services/followups.js';
import { startFullPortal } from '../support/portal.js';

const ALWAYS = [{ days: ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'], from: '00:00', to: '23:00' }];

describe('follow-up check-ins against DynamoDB Local', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  const supervisor = { sub: 'sup', name: 'Sup', roles: ['supervisor' as const], childProtection: true };
  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
  });
  afterAll(async () => {
    await portal.close();
  });

  function followUpsAt(now: Date) {
    const requestStore = new RequestStore(portal.doc, portal.appTableName);
    const store = new FollowUpStore(portal.doc, portal.appTableName);
    const casework = new CaseworkStore(portal.doc, portal.appTableName);
    return new FollowUps({
      store,
      casework,
      requests: requestStore,
      erasure: new Erasure({ requests: requestStore, casework, followUps: store, now: () => now }),
      encrypt: async () => {
        throw new Error('not used');
      },
      retentionDays: 30,
      now: () => now,
      randomBytes: (n) => new Uint8Array(n),
    });
  }

  async function optIn(extra: Record<string, string> = {}) {
    const form = new URLSearchParams({
      idem: `fu-${Date.now()}-${Math.random().toString(36).slice(2)}-abcdef`,
      channel: 'whatsapp',
      handle: '+66 86 123 4567',
      rhythm: 'monthly',
      duration: '6',
      tz: 'Asia/Bangkok',
      consent: 'yes',
      ...extra,
    });
    for (const d of ALWAYS[0]?.days ?? []) form.append('w1days', d);
    form.set('w1from', '00:00');
    form.set('w1to', '23:00');
    const res = await fetch(`${portal.baseUrl}/en/follow-up`, { method: 'POST', body: form });
    const html = await res.text();
    const code = /class="reference-code"[^>]*>([A-Z0-9-]{9})</.exec(html)?.[1] as string;
    const record = await new RequestStore(portal.doc, portal.appTableName).getCode(code);
    return { res, code, followupId: record?.followupId as string, idem: form.get('idem') as string };
  }

  it('refuses an opt-in without the separate follow-up consent, storing nothing', async () => {
    const { res, code } = await optIn({ consent: '' });
    expect(res.status).toBe(400);
    expect(code).toBeUndefined();
  });

  it('a due check-in appears in the operator queue (clock advanced in the job), then continues on schedule', async () => {
    const { res, followupId } = await optIn();
    expect(res.status).toBe(201);
    const store = new FollowUpStore(portal.doc, portal.appTableName);
    const f = await store.get(followupId);
    const due = Date.parse(f?.nextDueAt as string);
    expect(due).toBeGreaterThan(Date.now() + 27 * 86_400_000);

    // Nothing is due today.
    expect(await followUpsAt(new Date()).runDue()).toBe(0);
    // A month later the job moves it into the queue, once.
    const later = new Date(due + 60_000);
    expect(await followUpsAt(later).runDue()).toBe(1);
    expect(await followUpsAt(later).runDue()).toBe(0);
    // The queue as it stands at that time: the check-in is contactable (its safe window is open).
    const queue = await new CaseworkStore(portal.doc, portal.appTableName).queue(
      3,
      later.toISOString(),
      true,
    );
    const checkIn = queue.find((r) => r.kind === 'check-in' && r.followupId === followupId);
    expect(checkIn).toBeDefined();
    // The operator sees the follow-up's contact details on the check-in card.
    const casework = portal.consoleDeps.casework;
    const view = await casework.open(supervisor, checkIn?.id as string);
    expect(view.contact?.handle).toBe('+66 86 123 4567');
    const next = await store.get(followupId);
    expect(Date.parse(next?.nextDueAt as string)).toBeGreaterThan(due + 27 * 86_400_000);
  });

  it('pause, resume and stop; stopping deletes the contact details at once and nothing more is queued', async () => {
    const { followupId } = await optIn({ rhythm: 'quarterly' });
    const followUps = portal.consoleDeps.followUps;
    const store = new FollowUpStore(portal.doc, portal.appTableName);
    const f0 = await store.get(followupId);
    if (!f0) throw new Error('missing');
    const publicSide = followUpsAt(new Date());
    const paused = await publicSide.pause(f0);
    expect((await store.get(followupId))?.status).toBe('paused');
    expect((await store.get(followupId))?.nextDueAt).toBeUndefined();
    await followUpsAt(new Date(Date.now() + 200 * 86_400_000)).runDue();
    const queued = async () =>
      (
        await new CaseworkStore(portal.doc, portal.appTableName).queue(
          3,
          new Date(Date.now() + 500 * 86_400_000).toISOString(),
          true,
        )
      ).filter((r) => r.followupId === followupId);
    expect(await queued()).toEqual([]);
    const resumed = await publicSide.resume(paused);
    expect((await store.get(followupId))?.nextDueAt).toBeDefined();
    expect(await store.personalCiphertext(followupId)).toBeDefined();
    await publicSide.stop(resumed);
    expect(await store.personalCiphertext(followupId)).toBeUndefined();
    expect((await store.get(followupId))?.status).toBe('stopped');
    await followUpsAt(new Date(Date.now() + 400 * 86_400_000)).runDue();
    expect(await queued()).toEqual([]);
    expect(followUps).toBeDefined();
  });

  it('records outcomes only in aggregate and shows small counts as "<5"', async () => {
    const { followupId } = await optIn();
    const f = await new FollowUpStore(portal.doc, portal.appTableName).get(followupId);
    if (!f) throw new Error('missing');
    await followUpsAt(new Date()).contactNow(f);
    const checkIn = (
      await new CaseworkStore(portal.doc, portal.appTableName).queue(
        3,
        new Date(Date.now() + 30 * 86_400_000).toISOString(),
        true,
      )
    ).find((r) => r.followupId === followupId);
    if (!checkIn) throw new Error('no check-in');
    expect(
      await portal.consoleDeps.followUps.recordCheckIn(supervisor, followupId, 'yes'),
      'a follow-up id is not a check-in',
    ).toBe('not-a-check-in');
    await portal.consoleDeps.followUps.recordCheckIn(supervisor, checkIn.id, 'yes', {
      'safe-living': 'better',
      health: 'same',
    });
    const rows = await portal.consoleDeps.casework.aggregates(supervisor);
    const outcome = rows.filter((r) => r.dimension === 'outcome');
    expect(outcome.map((r) => r.value).sort()).toEqual(['health:same', 'safe-living:better']);
    expect(outcome.every((r) => r.count === '<5')).toBe(true);
    expect((await new FollowUpStore(portal.doc, portal.appTableName).get(followupId))?.history).toHaveLength(
      1,
    );
  });
});
