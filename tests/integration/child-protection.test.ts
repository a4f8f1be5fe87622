import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import type { CaseRequest } from '../../functions/domain/requests/records.js';
import { RequestStore } from '../../functions/data/request-store.js';
import { StaffStore } from '../../functions/data/staff-store.js';
import type { Role, StaffIdentity } from '../../functions/domain/console/roles.js';
import { createConsoleApp } from '../../functions/http/console-app.js';
import { startFullPortal } from '../support/portal.js';
import { agedFormToken } from '../support/requests.js';

/**
 * Route × role × child: the real console app (`app.request`) on DynamoDB Local, with real sessions
 * and their real CSRF tokens, so every refusal below comes from the access rule and not from a
 * missing token. Requests and check-ins enter through the real public intake and follow-up pages.
 */
const HANDLE = '+66 89 777 0303';
const CODE_WORD = 'marigold';
const FU_HANDLE = '+66 86 555 0101';
const SECRETS = [HANDLE, '897770303', '89 777 0303', CODE_WORD, FU_HANDLE, '86 555 0101', '865550101'];
const ALL_DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];

type Who = 'opIn' | 'opOut' | 'supIn' | 'supOut' | 'editor' | 'admin';
const STAFF: Record<Who, { sub: string; name: string; roles: Role[]; groups: string[] }> = {
  opIn: {
    sub: 'cp-op-in',
    name: 'Operator In',
    roles: ['operator'],
    groups: ['operator', 'child-protection'],
  },
  opOut: { sub: 'cp-op-out', name: 'Operator Out', roles: ['operator'], groups: ['operator'] },
  supIn: {
    sub: 'cp-sup-in',
    name: 'Supervisor In',
    roles: ['supervisor'],
    groups: ['supervisor', 'child-protection'],
  },
  supOut: { sub: 'cp-sup-out', name: 'Supervisor Out', roles: ['supervisor'], groups: ['supervisor'] },
  editor: { sub: 'cp-editor', name: 'Editor', roles: ['directory-editor'], groups: ['directory-editor'] },
  admin: { sub: 'cp-admin', name: 'Admin', roles: ['admin'], groups: ['admin'] },
};
const WHO = Object.keys(STAFF) as Who[];
const AGES = ['under-18', 'not-sure', 'adult'] as const;
type Age = (typeof AGES)[number];
const isChild = (age: Age) => age !== 'adult';
const inGroup = (who: Who) => STAFF[who].groups.includes('child-protection');
const caseworker = (who: Who) => who.startsWith('op') || who.startsWith('sup');

/** Expected answers: 200, or the refusal with the message that names its reason. */
type Answer = 200 | 'role' | 'child';

// Each matrix test walks 18 cells, many through the real public follow-up pages: generous time on a busy machine.
describe('child protection: route × role × child against DynamoDB Local', { timeout: 300_000 }, () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let app: Hono;
  let store: CaseworkStore;
  let audit: AuditLog;
  const sessions = new Map<Who, { cookie: string; csrf: string }>();
  let seq = 0;

  const identity = (who: Who): StaffIdentity => ({
    sub: STAFF[who].sub,
    name: STAFF[who].name,
    roles: STAFF[who].roles,
    childProtection: inGroup(who),
  });

  async function call(who: Who, method: 'GET' | 'POST', path: string, form: Record<string, string> = {}) {
    const s = sessions.get(who);
    if (!s) throw new Error(`no session for ${who}`);
    const res = await app.request(`/console${path}`, {
      method,
      headers: { cookie: s.cookie },
      ...(method === 'POST' ? { body: new URLSearchParams({ csrf: s.csrf, ...form }) } : {}),
    });
    // A change answers 303 to the request's page (post/redirect/get): followed as a browser does.
    const location = res.headers.get('location');
    if (res.status === 303 && location?.startsWith('/console/')) {
      const page = await app.request(location, { headers: { cookie: s.cookie } });
      return { status: page.status, html: await page.text() };
    }
    return { status: res.status, html: await res.text() };
  }

  function expectAnswer(res: { status: number; html: string }, answer: Answer, label: string) {
    if (answer === 200) {
      expect(res.status, label).toBe(200);
      return;
    }
    expect(res.status, label).toBe(403);
    // The refusal names the rule's reason, never the CSRF check.
    expect(res.html, label).not.toContain('The form expired');
    expect(res.html, label).toContain(
      answer === 'child' ? 'child-protection team' : 'You cannot do this with your role',
    );
    for (const secret of SECRETS) expect(res.html, `${label}: no personal data`).not.toContain(secret);
  }

  async function newRequest(ageBand: Age, pin?: string): Promise<{ id: string; code: string }> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: `cp-matrix-${Date.now()}-${seq++}-abcdef`,
        formToken: agedFormToken(),
        consentCallback: true,
        channel: 'signal',
        handle: HANDLE,
        timeZone: 'Asia/Bangkok',
        codeWord: CODE_WORD,
        country: 'TH',
        ageBand,
        ...(pin ? { pin } : {}),
      }),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    const id = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
    return { id, code };
  }

  /** A request with a follow-up linked by code + PIN, and a check-in asked for from the manage page. */
  async function newCheckIn(ageBand: Age): Promise<CaseRequest> {
    const pin = '482916';
    const { code } = await newRequest(ageBand, pin);
    const form = new URLSearchParams({
      idem: `cp-fu-${Date.now()}-${seq++}-abcdefgh`,
      channel: 'whatsapp',
      handle: FU_HANDLE,
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
    const optIn = await fetch(`${portal.baseUrl}/en/follow-up`, { method: 'POST', body: form });
    expect(optIn.status).toBe(201);
    const manage = await fetch(`${portal.baseUrl}/en/follow-up/manage`, {
      method: 'POST',
      body: new URLSearchParams({ code, pin }),
    });
    const token = /name="token" value="([^"]+)"/.exec(await manage.text())?.[1];
    expect(token).toBeDefined();
    const now = await fetch(`${portal.baseUrl}/en/follow-up/manage/contact-now`, {
      method: 'POST',
      body: new URLSearchParams({ token: token as string }),
    });
    expect(now.status).toBe(200);
    const followupId = (await new RequestStore(portal.doc, portal.appTableName).getCode(code))
      ?.followupId as string;
    const far = new Date(Date.now() + 30 * 86_400_000).toISOString();
    for (const p of [1, 2, 3] as const) {
      const found = (await store.queue(p, far, true)).find((r) => r.followupId === followupId);
      if (found) return found;
    }
    throw new Error('the check-in is not in the queue');
  }

  async function heldBy(who: Who, id: string) {
    const r = await store.get(id);
    if (!r) throw new Error('missing');
    await store.claim(r, { sub: STAFF[who].sub, name: STAFF[who].name }, Date.now() + 3_600_000, Date.now());
  }

  const contactViews = async (id: string) =>
    (await audit.trail(`REQ#${id}`)).filter((e) => e.action === 'view-contact').map((e) => e.actor);

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    app = createConsoleApp(portal.consoleDeps);
    store = new CaseworkStore(portal.doc, portal.appTableName);
    audit = new AuditLog(portal.doc, portal.auditTableName);
    const staff = new StaffStore(portal.doc, portal.appTableName);
    for (const who of WHO) {
      const m = STAFF[who];
      await staff.upsert({ ...m, login: m.sub, languages: ['en'] }, new Date().toISOString());
      const s = await portal.consoleDeps.sessions.create(
        { sub: m.sub, name: m.name, roles: m.roles, childProtection: inGroup(who), locale: 'en' },
        3600,
      );
      sessions.set(who, { cookie: `wp_session=${s.id}`, csrf: s.csrf });
    }
    await staff.upsert(
      {
        sub: 'cp-op-gone',
        name: 'Operator Gone',
        login: 'gone',
        roles: ['operator'],
        groups: ['operator', 'child-protection'],
      },
      new Date().toISOString(),
    );
    await staff.setActive('cp-op-gone', false);
  });
  afterAll(async () => {
    await portal?.close();
  });

  /** Claim and reopen: caseworkers; a child's case only for the child-protection group. */
  const caseworkAnswer = (who: Who, age: Age): Answer =>
    !caseworker(who) ? 'role' : isChild(age) && !inGroup(who) ? 'child' : 200;
  /** Work on a case held by the child-protection operator: the holder or a supervisor (the group for a child). */
  const workAnswer = (who: Who, age: Age): Answer =>
    who === 'opOut' ? (isChild(age) ? 'child' : 'role') : caseworkAnswer(who, age);
  const supervisorAnswer = (who: Who, age: Age): Answer =>
    !who.startsWith('sup') ? 'role' : isChild(age) && !inGroup(who) ? 'child' : 200;

  for (const kind of ['request', 'check-in'] as const) {
    const make = (age: Age) =>
      kind === 'request' ? newRequest(age).then((r) => r.id) : newCheckIn(age).then((r) => r.id);

    it(`claim a ${kind}`, async () => {
      for (const age of AGES)
        for (const who of WHO) {
          const id = await make(age);
          const label = `claim ${kind} ${age} as ${who}`;
          const res = await call(who, 'POST', `/requests/${id}/claim`);
          const answer = caseworkAnswer(who, age);
          expectAnswer(res, answer, label);
          const after = await store.get(id);
          if (answer === 200) {
            expect(after?.claim?.by, label).toBe(STAFF[who].sub);
            // The new holder sees the safe-contact card, and that look is audited.
            expect(res.html, label).toContain(kind === 'request' ? HANDLE : FU_HANDLE);
            expect(await contactViews(id), label).toEqual([STAFF[who].sub]);
          } else {
            expect(after?.claim, label).toBeUndefined();
            expect(await contactViews(id), label).toEqual([]);
          }
        }
    });

    it(`open the card of a ${kind} held by a child-protection operator`, async () => {
      for (const age of AGES) {
        const id = await make(age);
        await heldBy('opIn', id);
        for (const who of WHO) {
          const label = `open ${kind} ${age} as ${who}`;
          const res = await call(who, 'GET', `/requests/${id}`);
          const card = who === 'opIn' || who === 'supIn' || (who === 'supOut' && !isChild(age));
          expect(res.status, label).toBe(caseworker(who) ? 200 : 403);
          expect(res.html.includes('class="card safe-card"'), label).toBe(card);
          if (!card) for (const secret of SECRETS) expect(res.html, label).not.toContain(secret);
          if (caseworker(who) && !inGroup(who) && isChild(age))
            expect(res.html, label).toContain('child-protection team');
          // Every open of personal data is audited; a refused open reads nothing.
          const views = (await contactViews(id)).filter((a) => a === STAFF[who].sub).length;
          expect(views, label).toBe(card ? 1 : 0);
        }
      }
    });

    it(`reopen a closed ${kind}`, async () => {
      for (const age of AGES)
        for (const who of WHO) {
          const id = await make(age);
          await heldBy('opIn', id);
          const closed = await call('opIn', 'POST', `/requests/${id}/close`, {
            reason: 'no-longer-needed',
            summary: 'No longer needed',
            confirm: 'yes',
          });
          expect(closed.status).toBe(200);
          const label = `reopen ${kind} ${age} as ${who}`;
          const answer = caseworkAnswer(who, age);
          expectAnswer(await call(who, 'POST', `/requests/${id}/reopen`), answer, label);
          expect((await store.get(id))?.status, label).toBe(answer === 200 ? 'new' : 'closed');
        }
    });

    it(`reassign a ${kind}: who may reassign it`, async () => {
      for (const age of AGES)
        for (const who of WHO) {
          const id = await make(age);
          const label = `reassign ${kind} ${age} as ${who}`;
          const answer = supervisorAnswer(who, age);
          expectAnswer(
            await call(who, 'POST', `/requests/${id}/reassign`, { sub: STAFF.opIn.sub }),
            answer,
            label,
          );
          expect((await store.get(id))?.claim?.by, label).toBe(answer === 200 ? STAFF.opIn.sub : undefined);
        }
    });
  }

  it('log a check-in: the holder or a supervisor, a child only by the child-protection group', async () => {
    for (const age of AGES)
      for (const who of WHO) {
        const checkIn = await newCheckIn(age);
        await heldBy('opIn', checkIn.id);
        const label = `log check-in ${age} as ${who}`;
        const res = await call(who, 'POST', `/requests/${checkIn.id}/checkin`, {
          continue: 'yes',
          reason: 'other',
        });
        const answer = workAnswer(who, age);
        expectAnswer(res, answer, label);
        expect((await store.get(checkIn.id))?.status, label).toBe(answer === 200 ? 'closed' : 'claimed');
      }
  });

  it('check-ins carry the age band of the request they follow', async () => {
    for (const age of AGES) {
      const checkIn = await newCheckIn(age);
      expect(checkIn.facts.ageBand).toBe(age);
      expect(checkIn.priority).toBe(isChild(age) ? 1 : 3);
    }
  });

  it('note on a held request: the holder or a supervisor, a child only by the group', async () => {
    for (const age of AGES) {
      const { id } = await newRequest(age);
      await heldBy('opIn', id);
      for (const who of WHO) {
        const label = `note ${age} as ${who}`;
        const res = await call(who, 'POST', `/requests/${id}/notes`, { text: 'Tried, line busy' });
        expectAnswer(res, workAnswer(who, age), label);
      }
    }
  });

  it('reassign: who may receive it, offered from the staff list by name', async () => {
    for (const age of AGES) {
      const cases: [string, number, string?][] = [
        [STAFF.opIn.sub, 200],
        [
          STAFF.opOut.sub,
          isChild(age) ? 403 : 200,
          isChild(age) ? 'choose an operator in the child-protection team' : undefined,
        ],
        [STAFF.supIn.sub, 400, 'Choose an active operator from the staff list'],
        [STAFF.editor.sub, 400, 'Choose an active operator from the staff list'],
        ['cp-op-gone', 400, 'Choose an active operator from the staff list'],
        ['made-up-id', 400, 'Choose an active operator from the staff list'],
      ];
      for (const [target, status, message] of cases) {
        const { id } = await newRequest(age);
        const label = `reassign ${age} to ${target}`;
        const res = await call('supIn', 'POST', `/requests/${id}/reassign`, { sub: target });
        expect(res.status, label).toBe(status);
        if (message) expect(res.html.toLowerCase(), label).toContain(message.toLowerCase());
        expect((await store.get(id))?.claim?.by, label).toBe(status === 200 ? target : undefined);
      }
      // The list offers names of active operators who may take this request, never a raw id field.
      const { id } = await newRequest(age);
      const page = (await call('supIn', 'GET', `/requests/${id}`)).html;
      const options = [...page.matchAll(/<option[^>]*value="([^"]+)"[^>]*>([^<]+)<\/option>/g)]
        .filter(([, v]) => v?.startsWith('cp-'))
        .map(([, v, name]) => `${v}:${name}`);
      expect(options, age).toEqual(
        isChild(age) ? ['cp-op-in:Operator In'] : ['cp-op-in:Operator In', 'cp-op-out:Operator Out'],
      );
      expect(page).not.toContain('name="name"');
    }
  });

  it('supervisor views: workload and audit trail for supervisors, never contact details', async () => {
    const ids: string[] = [];
    for (const age of AGES) {
      const { id } = await newRequest(age);
      await heldBy('opIn', id);
      ids.push(id);
    }
    for (const who of WHO) {
      const page = await call(who, 'GET', '/supervisor');
      expect(page.status, `supervisor page as ${who}`).toBe(who.startsWith('sup') ? 200 : 403);
      for (const secret of SECRETS) expect(page.html, who).not.toContain(secret);
      for (const id of ids) {
        const trail = await call(who, 'GET', `/requests/${id}/audit`);
        // The trail names staff and actions only: every supervisor may read it, also for a child.
        expect(trail.status, `audit as ${who}`).toBe(who.startsWith('sup') ? 200 : 403);
        for (const secret of SECRETS) expect(trail.html, who).not.toContain(secret);
      }
    }
    // Reading the trail is audited too.
    const views = (await audit.trail(`REQ#${ids[0]}`)).filter((e) => e.action === 'view-audit');
    expect(new Set(views.map((e) => e.actor))).toEqual(new Set([STAFF.supIn.sub, STAFF.supOut.sub]));
  });

  it('the service asks the same rule when called directly', async () => {
    const { id } = await newRequest('not-sure');
    await expect(portal.consoleDeps.casework.claim(identity('supOut'), id)).rejects.toThrow(
      'child-protection',
    );
    await heldBy('opIn', id);
    const view = await portal.consoleDeps.casework.open(identity('supOut'), id);
    expect(view.mayWork).toBe(false);
    expect(view.contact).toBeUndefined();
    expect(view.childOnly).toBe(true);
    await expect(portal.consoleDeps.casework.release(identity('supOut'), id)).rejects.toThrow(
      'child-protection',
    );
  });
});
