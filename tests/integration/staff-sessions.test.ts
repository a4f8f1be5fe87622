import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { startFullPortal } from '../support/portal.js';

type Portal = Awaited<ReturnType<typeof startFullPortal>>;

describe('staff sessions and the audit trail against DynamoDB Local', () => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startFullPortal({ SESSION_IDLE_MINUTES: '30' });
  });
  afterAll(async () => {
    await portal?.close();
  });

  async function sessionFor(sub: string) {
    const s = await portal.consoleDeps.sessions.create(
      { sub, name: sub, roles: ['supervisor'], childProtection: false, locale: 'en' },
      10 * 3600,
    );
    return s;
  }
  const get = (id: string, path = '/console/supervisor') =>
    fetch(`${portal.baseUrl}${path}`, { headers: { cookie: `wp_session=${id}` }, redirect: 'manual' });
  const setLastSeen = (id: string, minutesAgo: number) =>
    portal.doc.send(
      new UpdateCommand({
        TableName: portal.appTableName,
        Key: { pk: `SESSION#${id}`, sk: 'SESSION' },
        UpdateExpression: 'SET lastSeenAt = :t',
        ExpressionAttributeValues: { ':t': Date.now() - minutesAgo * 60_000 },
      }),
    );

  it('refuses a session left idle past the timeout, well before its absolute limit', async () => {
    const idle = await sessionFor('sup-idle');
    const busy = await sessionFor('sup-busy');
    await setLastSeen(idle.id, 31);
    await setLastSeen(busy.id, 29);

    const refused = await get(idle.id);
    expect(refused.status).toBe(302);
    expect(refused.headers.get('location')).toBe('/console/auth/login');
    // The idle session is gone for good: using it again later does not revive it.
    const item = await portal.doc.send(
      new GetCommand({ TableName: portal.appTableName, Key: { pk: `SESSION#${idle.id}`, sk: 'SESSION' } }),
    );
    expect(item.Item).toBeUndefined();

    const allowed = await get(busy.id);
    expect(allowed.status).toBe(200);
    // Using a session restarts its idle clock.
    const after = await portal.consoleDeps.sessions.get(busy.id);
    expect(Date.now() - (after?.lastSeenAt ?? 0)).toBeLessThan(5 * 60_000);
  });

  it("the queue page's background alert poll does not keep a session alive; a page view does", async () => {
    const left = await sessionFor('sup-left-open');
    await setLastSeen(left.id, 20);
    const before = (await portal.consoleDeps.sessions.get(left.id))?.lastSeenAt ?? 0;
    // The open queue tab polls for urgent arrivals: answered, but the idle clock stays where it was.
    const poll = await get(left.id, '/console/alerts');
    expect(poll.status).toBe(200);
    expect((await portal.consoleDeps.sessions.get(left.id))?.lastSeenAt).toBe(before);
    const head = await fetch(`${portal.baseUrl}/console/alerts`, {
      method: 'HEAD',
      headers: { cookie: `wp_session=${left.id}` },
      redirect: 'manual',
    });
    expect(head.status).toBe(200);
    expect((await portal.consoleDeps.sessions.get(left.id))?.lastSeenAt).toBe(before);
    // Nor does the queue page's own reload without JavaScript (its meta refresh, marked auto=1).
    const reload = await get(left.id, '/console?language=my&auto=1');
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('url=/console?language=my&amp;auto=1');
    expect((await portal.consoleDeps.sessions.get(left.id))?.lastSeenAt).toBe(before);
    // Past the timeout the poll is refused like anything else (and the island stops asking).
    await setLastSeen(left.id, 31);
    expect((await get(left.id, '/console/alerts')).status).toBe(302);
    expect((await get(left.id, '/console?auto=1')).status).toBe(302);
    // A page view is use: it moves the clock.
    const used = await sessionFor('sup-used');
    await setLastSeen(used.id, 20);
    expect((await get(used.id, '/console')).status).toBe(200);
    expect(Date.now() - ((await portal.consoleDeps.sessions.get(used.id))?.lastSeenAt ?? 0)).toBeLessThan(
      5 * 60_000,
    );
  });

  it('a change (POST) from an idle session is refused too', async () => {
    const idle = await sessionFor('sup-idle-post');
    await setLastSeen(idle.id, 45);
    const res = await fetch(`${portal.baseUrl}/console/auth/logout`, {
      method: 'POST',
      headers: { cookie: `wp_session=${idle.id}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: idle.csrf }),
      redirect: 'manual',
    });
    expect(res.status).toBe(401);
  });

  it('an audit event cannot be overwritten: a second write with the same key fails and the first stays', async () => {
    const log = new AuditLog(portal.doc, portal.auditTableName, () => 'fixed');
    const event = {
      subject: 'REQ#audit-overwrite',
      actor: 'sup',
      actorName: 'Supervisor',
      action: 'request.viewed',
      at: '2026-12-01T10:00:00.000Z',
    };
    await log.write(event);
    await expect(log.write({ ...event, action: 'request.nothing-happened' })).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    const trail = await log.trail('REQ#audit-overwrite');
    expect(trail.map((e) => e.action)).toEqual(['request.viewed']);
  });
});
