import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../functions/data/audit-log.js';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import { REPORTS_AUDIT_SUBJECT } from '../../functions/data/keys.js';
import { RequestStore } from '../../functions/data/request-store.js';
import type { Role } from '../../functions/domain/console/roles.js';
import { isoWeek } from '../../functions/domain/requests/aggregates.js';
import { reportCells, reportCounters, weekBefore } from '../../functions/domain/requests/reporting.js';
import { localFields, WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { startFullPortal } from '../support/portal.js';
import { apiRequestBody } from '../support/requests.js';

/**
 * Reporting on DynamoDB Local: requests sent through the public API and worked through the console
 * (claim, attempts, referral, close) write the counters; a week before is added through the same
 * store. The page and the CSV show the hand-computed figures with small counts suppressed, every
 * view and download is audited, and an operator is refused.
 */
describe('reporting against DynamoDB Local', () => {
  let portal: Awaited<ReturnType<typeof startFullPortal>>;
  let store: CaseworkStore;
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  const tz = 'Asia/Bangkok';
  let seq = 0;
  let thisWeek = '';
  let lastWeek = '';

  const hh = (h: number) => `${String((h + 24) % 24).padStart(2, '0')}:00`;
  /** A safe window open now (the hour before to three hours later), and one that is not. */
  const openNow = () => {
    const hour = localFields(tz, Date.now()).hour;
    return [{ days: [...WEEKDAYS], from: hh(hour - 1), to: hh(hour + 3) }];
  };
  const closedNow = () => {
    const hour = localFields(tz, Date.now()).hour;
    return [{ days: [...WEEKDAYS], from: hh(hour + 6), to: hh(hour + 8) }];
  };

  async function newRequest(extra: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${portal.baseUrl}/api/public/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        apiRequestBody(`report-${Date.now()}-${seq++}-abcdef`, { timeZone: tz, ...extra }),
      ),
    });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    return (await new RequestStore(portal.doc, portal.appTableName).getCode(code))?.requestId as string;
  }

  async function session(sub: string, roles: Role[]) {
    const s = await portal.consoleDeps.sessions.create(
      { sub, name: sub, roles, childProtection: false, locale: 'en' },
      3600,
    );
    sessions.set(sub, { cookie: `wp_session=${s.id}`, csrf: s.csrf });
  }

  const post = async (who: string, path: string, form: Record<string, string> = {}) => {
    const s = sessions.get(who) as { cookie: string; csrf: string };
    const res = await fetch(`${portal.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: s.cookie },
      body: new URLSearchParams({ csrf: s.csrf, ...form }),
      redirect: 'manual',
    });
    expect(res.status, path).toBe(303);
  };
  const get = (who: string, path: string) =>
    fetch(`${portal.baseUrl}${path}`, {
      headers: { cookie: sessions.get(who)?.cookie ?? '' },
      redirect: 'manual',
    });

  /** The rows of one table of the page as plain cell texts. */
  function tableRows(html: string, section: string): string[][] {
    const start = html.indexOf(`data-section="${section}"`);
    const table = html.slice(start, html.indexOf('</table>', start));
    return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
        (c[1] ?? '')
          .replace(/<[^>]+>/g, '')
          .replace(/&lt;/g, '<')
          .replace(/&amp;/g, '&')
          .trim(),
      ),
    );
  }

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    store = new CaseworkStore(portal.doc, portal.appTableName);
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
    await session('op-r', ['operator']);
    await session('sup-r', ['supervisor']);
    await session('adm-r', ['admin']);
    thisWeek = isoWeek(new Date());
    lastWeek = weekBefore(new Date(), 1);

    // This week, Thailand: six Thai-speaking requests for housing, safe window open now; five of
    // them are reached now (within the window) and closed "helped", one is referred first.
    const thai: string[] = [];
    for (let i = 0; i < 6; i++)
      thai.push(await newRequest({ languages: ['th'], helpKinds: ['housing'], safeWindows: openNow() }));
    for (const id of thai.slice(0, 5)) {
      await post('op-r', `/console/requests/${id}/claim`);
      await post('op-r', `/console/requests/${id}/attempts`, { outcome: 'reached' });
    }
    await post('op-r', `/console/requests/${thai[0]}/referrals`, { serviceId: 'th-shelter', consent: 'yes' });
    for (const id of thai.slice(0, 5))
      await post('op-r', `/console/requests/${id}/close`, {
        reason: 'helped',
        summary: 'Talked it through',
        confirm: 'yes',
      });
    // A Burmese-speaking request in Thailand for legal help, reached outside its safe window.
    const burmese = await newRequest({ languages: ['my'], helpKinds: ['legal'], safeWindows: closedNow() });
    await post('op-r', `/console/requests/${burmese}/claim`);
    await post('op-r', `/console/requests/${burmese}/attempts`, { outcome: 'reached' });
    // One from Myanmar, not tried yet.
    await newRequest({ country: 'MM', languages: ['my'], helpKinds: ['safety'], safeWindows: openNow() });
    // Last week: two Thai-speaking requests in Thailand asking for health care (same store, same cells).
    for (let i = 0; i < 2; i++)
      await store.countReport(
        lastWeek,
        reportCells({ country: 'TH', languages: ['th'] }),
        reportCounters({ kind: 'intake', helpKinds: ['health'] }),
      );
  });
  afterAll(async () => {
    await portal.close();
  });

  it('shows the hand-computed figures for Thailand, small counts suppressed', async () => {
    const res = await get('sup-r', `/console/reports?from=${lastWeek}&to=${thisWeek}&region=TH&language=*`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // intake [2, 7] of 9: 2 is "<5", so 7 is hidden ("x"); first attempts [0, 6]; reached safely
    // [0, 5]; 5 of 9 = 56 %. The first attempts came within seconds: 0.0 hours on average.
    const weeks = tableRows(html, 'weeks');
    expect(weeks.slice(1)).toEqual([
      [expect.stringContaining(`Week ${Number(lastWeek.slice(6))}`), '<5', '0', 'x', '0', 'x'],
      [expect.stringContaining(`Week ${Number(thisWeek.slice(6))}`), 'x', '6', '0', '5', 'x'],
      ['Total', '9', '6', '0', '5', '56%'],
    ]);
    expect(tableRows(html, 'first-attempt').slice(1)).toContainEqual(['Within 1 hour', '6']);
    const areas = tableRows(html, 'areas');
    expect(areas).toContainEqual(['A safe place to stay', '6']);
    expect(areas).toContainEqual(['Health care', '<5']);
    expect(areas).toContainEqual(['Legal help', '<5']);
    const referrals = tableRows(html, 'referrals');
    expect(referrals).toContainEqual(['A safe place to stay', '<5']);
    expect(referrals).toContainEqual(['Total', '<5']);
    const outcomes = tableRows(html, 'outcomes');
    expect(outcomes).toContainEqual(['Helped', '5']);
    expect(outcomes).toContainEqual(['Total', '5']);
    // Nothing about a person: no contact details, no reference code, no request id.
    expect(html).not.toContain('81 555 0101');
    expect(html).not.toContain('mango-sky');
  });

  it('narrows to a language and a region', async () => {
    const thai = await (
      await get('sup-r', `/console/reports?from=${lastWeek}&to=${thisWeek}&region=TH&language=th`)
    ).text();
    // intake [2, 6] of 8: "<5" and "x"; 5 of 8 reached safely = 62.5 → 63 %.
    expect(tableRows(thai, 'weeks').at(-1)).toEqual(['Total', '8', '5', '0', '5', '63%']);
    const myanmar = await (
      await get('adm-r', `/console/reports?from=${thisWeek}&to=${thisWeek}&region=MM`)
    ).text();
    expect(tableRows(myanmar, 'weeks').at(-1)).toEqual(['Total', '<5', '0', 'x', '0', 'x']);
    const burmese = await (
      await get('adm-r', `/console/reports?from=${thisWeek}&to=${thisWeek}&region=*&language=my`)
    ).text();
    // Two Burmese speakers (Thailand and Myanmar), one first attempt, none reached in a safe time.
    expect(tableRows(burmese, 'weeks').at(-1)).toEqual(['Total', '<5', '<5', 'x', '0', 'x']);
  });

  it('downloads the same figures as CSV (UTF-8 with BOM, neutral name) and audits it', async () => {
    const res = await get('sup-r', `/console/reports/download?from=${lastWeek}&to=${thisWeek}&region=TH`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="figures-${lastWeek}-${thisWeek}.csv"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).split('\r\n');
    expect(lines).toContain('Region,Thailand');
    // Weeks by their ISO code in the file (sortable); the heading names the period in words.
    expect(lines.filter((l) => l.startsWith('Requests by week,'))).toEqual([
      `Requests by week,${lastWeek},<5,0,x,0,x`,
      `Requests by week,${thisWeek},x,6,0,5,x`,
      'Requests by week,Total,9,6,0,5,56',
    ]);
    expect(lines).toContain('Kinds of help asked for,Health care,<5');
    expect(lines).toContain('Outcomes when closed,Helped,5');

    const trail = await new AuditLog(portal.doc, portal.auditTableName).trail(REPORTS_AUDIT_SUBJECT);
    const exports = trail.filter((e) => e.action === 'export-report');
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({
      actor: 'sup-r',
      details: { from: lastWeek, to: thisWeek, region: 'TH', language: '*' },
    });
    expect(trail.some((e) => e.action === 'view-report' && e.actor === 'adm-r')).toBe(true);
  });

  it('refuses operators, audits nothing for them, and answers bad filters with a translated 400', async () => {
    const before = (await new AuditLog(portal.doc, portal.auditTableName).trail(REPORTS_AUDIT_SUBJECT))
      .length;
    for (const path of ['/console/reports', `/console/reports/download?from=${thisWeek}&to=${thisWeek}`]) {
      const res = await get('op-r', path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).not.toContain('figures-');
    }
    const bad = await get('sup-r', `/console/reports?from=${thisWeek}&to=${lastWeek}`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('The last week must not be before the first one.');
    const badCsv = await get('sup-r', '/console/reports/download?region=%3Cscript%3E');
    expect(badCsv.status).toBe(400);
    expect(badCsv.headers.get('content-disposition')).toBeNull();
    const th = await get('sup-r', '/console/reports?from=2026-W99');
    expect(th.status).toBe(400);
    const after = (await new AuditLog(portal.doc, portal.auditTableName).trail(REPORTS_AUDIT_SUBJECT)).length;
    expect(after).toBe(before);
  });
});
