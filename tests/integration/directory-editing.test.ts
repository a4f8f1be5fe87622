import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { ListingConflictError } from '../../functions/domain/errors.js';
import { ReportStore } from '../../functions/data/report-store.js';
import { type DirectoryEnv, createDirectoryRoutes } from '../../functions/http/console/directory-routes.js';
import { HsdsView } from '../../functions/domain/directory/hsds/index.js';
import type { Role } from '../../functions/domain/console/roles.js';
import { translatorFor } from '../../web/i18n.js';
import { hsdsTestDirectory, SECRET_STREET } from '../support/hsds-directory.js';
import { freshTables } from '../support/tables.js';

/**
 * The directory editors' area against DynamoDB Local: optimistic concurrency, audit events with
 * before and after, and the confidential address kept out of everything public. Session and CSRF
 * checks belong to the console app and are tested with it; here an identity is set directly.
 */
async function setup(roles: Role[] = ['directory-editor']) {
  const tables = await freshTables();
  const store = new DirectoryStore(tables.doc, tables.appTableName);
  await store.saveRecord(hsdsTestDirectory());
  const audit = new AuditLog(tables.doc, tables.auditTableName);
  const app = new Hono<DirectoryEnv>();
  let who = { sub: 'editor-1', name: 'Editor One' };
  app.use('*', async (c, next) => {
    c.set('identity', { ...who, roles, childProtection: false });
    await next();
  });
  const t = await translatorFor('en');
  app.route(
    '/console/directory',
    createDirectoryRoutes({
      store,
      audit,
      auditTableName: tables.auditTableName,
      staleAfterDays: 180,
      now: () => new Date('2026-12-06T08:00:00Z'),
      context: async () => ({
        t,
        locale: 'en',
        siteName: 'Waypoint',
        css: '',
        scripts: [],
        user: { name: who.name, supervisor: false, csrf: 'x' },
      }),
    }),
  );
  const post = (path: string, form: Record<string, string>) =>
    app.request(path, { method: 'POST', body: new URLSearchParams(form) });
  return {
    store,
    audit,
    app,
    post,
    auditTableName: tables.auditTableName,
    as: (sub: string, name: string) => (who = { sub, name }),
  };
}

describe('directory editing', () => {
  it('two editors save the same listing: the second gets a conflict, nothing is lost, each change is audited', async () => {
    const { store, audit, post, as, auditTableName } = await setup();
    const opened = await store.getServiceForEdit('shelter-north');
    expect(opened).toBeDefined();
    const rev = String(opened?.rev);

    const first = await post('/console/directory/services/shelter-north/texts', {
      rev,
      'text.description.th': 'คำอธิบายใหม่',
      'status.description.th': 'reviewed',
    });
    expect(first.status).toBe(303);

    as('editor-2', 'Editor Two');
    const second = await post('/console/directory/services/shelter-north/texts', {
      rev,
      'text.description.en': 'A different English text',
    });
    expect(second.status).toBe(409);
    const page = await second.text();
    expect(page).toContain('A different English text'); // the second editor's text is kept in the form
    expect(page).toContain('คำอธิบายใหม่'); // and the first editor's change is shown

    const saved = await store.getServiceForEdit('shelter-north');
    expect(saved?.service.description?.th).toBe('คำอธิบายใหม่');
    expect(saved?.service.description?.en).not.toBe('A different English text');
    expect(saved?.service.translationStatus?.description?.th).toBe('reviewed');
    expect(saved?.service.translationReviews?.description?.th).toEqual({
      by: 'Editor One',
      at: '2026-12-06T08:00:00.000Z',
    });

    const events = await audit.trail('listing:shelter-north');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'editor-1', action: 'directory.texts' });
    expect(JSON.parse(String(events[0]?.details?.before)).description).toEqual(opened?.service.description);
    expect(JSON.parse(String(events[0]?.details?.after)).description.th).toBe('คำอธิบายใหม่');

    // Saving directly with a stale revision is refused by the database itself.
    await expect(
      store.saveServiceEdit({
        after: saved?.service as never,
        expectedRev: Number(rev),
        audit: {
          tableName: auditTableName,
          event: { subject: 'x', actor: 'a', actorName: 'a', action: 'x', at: new Date().toISOString() },
        },
      }),
    ).rejects.toBeInstanceOf(ListingConflictError);
  });

  it('verify, deactivate and reactivate are versioned and audited; editing English marks translations for review', async () => {
    const { store, audit, post } = await setup(['admin']);
    let rev = String((await store.getServiceForEdit('shelter-north'))?.rev);
    expect((await post('/console/directory/services/shelter-north/verify', { rev })).status).toBe(303);
    let s = await store.getServiceForEdit('shelter-north');
    expect(s?.service.lastVerified).toEqual({ on: '2026-12-06', by: 'Editor One' });
    rev = String(s?.rev);
    expect(
      (await post('/console/directory/services/shelter-north/status', { rev, active: '0' })).status,
    ).toBe(303);
    s = await store.getServiceForEdit('shelter-north');
    expect(s?.service.status).toBe('inactive');
    expect(
      (await post('/console/directory/services/shelter-north/status', { rev: String(s?.rev), active: '1' }))
        .status,
    ).toBe(303);
    s = await store.getServiceForEdit('shelter-north');
    expect(s?.service.status).toBe('active');
    const th = s?.service.name.th;
    await post('/console/directory/services/shelter-north/texts', {
      rev: String(s?.rev),
      'text.name.en': 'Shelter north (new name)',
    });
    s = await store.getServiceForEdit('shelter-north');
    if (th) expect(s?.service.translationStatus?.name?.th).toBe('needs-review');
    const actions = (await audit.trail('listing:shelter-north')).map((e) => e.action).sort();
    expect(actions).toEqual(['directory.status', 'directory.status', 'directory.texts', 'directory.verify']);
    // The public directory reads the new version.
    const snapshot = await store.loadSnapshot();
    expect(snapshot.services.find((x) => x.id === 'shelter-north')?.name.en).toBe('Shelter north (new name)');
  });

  it('an operator cannot open the area; bad input gets errors and stores nothing', async () => {
    const { app, store, post } = await setup(['operator']);
    expect((await app.request('/console/directory')).status).toBe(403);
    expect((await post('/console/directory/services/shelter-north/verify', { rev: '0' })).status).toBe(403);
    const editor = await setup(['directory-editor']);
    const rev = String((await editor.store.getServiceForEdit('shelter-north'))?.rev);
    const res = await editor.post('/console/directory/services/shelter-north/texts', {
      rev,
      'text.name.en': '',
    });
    expect(res.status).toBe(400);
    expect((await editor.store.getServiceForEdit('shelter-north'))?.service.name.en).not.toBe('');
    void store;
  });

  it('the confidential street address is in no public output after edits', async () => {
    const { store, post } = await setup();
    const rev = String((await store.getServiceForEdit('shelter-north'))?.rev);
    await post('/console/directory/services/shelter-north/verify', { rev });
    const snapshot = await store.loadSnapshot();
    expect(JSON.stringify(snapshot)).not.toContain(SECRET_STREET);
    const view = new HsdsView(snapshot);
    expect(JSON.stringify(snapshot.services.map((s) => view.service(s)))).not.toContain(SECRET_STREET);
  });
});

describe('problem reports inbox', () => {
  it('editors see every open report by listing; supervisors only "treated badly"; closing records who and when', async () => {
    const tables = await freshTables();
    const store = new DirectoryStore(tables.doc, tables.appTableName);
    await store.saveRecord(hsdsTestDirectory());
    const reports = new ReportStore(tables.doc, tables.appTableName);
    const numberId = await reports.save('shelter-north', {
      reason: 'number-not-working',
      message: 'No answer',
    });
    await reports.save('shelter-north', { reason: 'treated-badly', message: '' });
    const t = await translatorFor('en');
    const appFor = (roles: Role[], name: string) => {
      const app = new Hono<DirectoryEnv>();
      app.use('*', async (c, next) => {
        c.set('identity', { sub: name, name, roles, childProtection: false });
        await next();
      });
      app.route(
        '/console/directory',
        createDirectoryRoutes({
          store,
          reports,
          audit: new AuditLog(tables.doc, tables.auditTableName),
          auditTableName: tables.auditTableName,
          staleAfterDays: 180,
          now: () => new Date('2026-12-06T09:00:00Z'),
          context: async () => ({
            t,
            locale: 'en',
            siteName: 'Waypoint',
            css: '',
            scripts: [],
            user: { name, supervisor: false, csrf: 'x' },
          }),
        }),
      );
      return app;
    };
    const editor = appFor(['directory-editor'], 'Editor One');
    const supervisor = appFor(['supervisor'], 'Sup One');
    const operator = appFor(['operator'], 'Op One');

    const editorPage = await (await editor.request('/console/directory/reports')).text();
    expect(editorPage).toContain('The phone number did not work');
    expect(editorPage).toContain('I was treated badly');
    const supervisorPage = await (await supervisor.request('/console/directory/reports')).text();
    expect(supervisorPage).toContain('I was treated badly');
    expect(supervisorPage).not.toContain('The phone number did not work');
    expect((await operator.request('/console/directory/reports')).status).toBe(403);
    // A supervisor cannot close a report that is not theirs to see.
    const refused = await supervisor.request(`/console/directory/reports/${numberId}/close`, {
      method: 'POST',
      body: new URLSearchParams({ status: 'resolved', note: 'x' }),
    });
    expect(refused.status).toBe(403);

    const closed = await editor.request(`/console/directory/reports/${numberId}/close`, {
      method: 'POST',
      body: new URLSearchParams({ status: 'resolved', note: 'Number fixed' }),
    });
    expect(closed.status).toBe(303);
    expect(await reports.get(numberId)).toMatchObject({
      closedStatus: 'resolved',
      closedNote: 'Number fixed',
      closedBy: 'Editor One',
      closedAt: '2026-12-06T09:00:00.000Z',
    });
    expect((await reports.listOpen()).map((r) => r.reason)).toEqual(['treated-badly']);
  });
});
