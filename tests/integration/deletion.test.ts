import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicDeps } from '../../functions/public-deps.js';
import type { PublicServices } from '../../functions/http/public-app.js';
import { AuditLog } from '../../functions/data/audit-log.js';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { DirectoryStore } from '../../functions/data/directory-store.js';
import {
  auditSubject,
  codeKey,
  erasureMarkKey,
  followUpKeys,
  idempotencyKey,
  INDEX_PK,
  queuePartition,
  requestKeys,
  staffNoteKeys,
} from '../../functions/data/keys.js';
import { runJob } from '../../functions/services/jobs.js';
import { nodeClientAddress } from '../../functions/http/client-address.js';
import { CallbackRequestSchema } from '../../functions/domain/requests/request.js';
import type { StaffIdentity } from '../../functions/domain/console/roles.js';
import { ForbiddenError } from '../../functions/domain/errors.js';
import { FollowUpInputSchema } from '../../functions/services/followups.js';
import { FIXTURE_LOCATIONS, FIXTURE_ORGANIZATIONS, FIXTURE_SERVICES } from '../fixtures/directory-fixture.js';
import { sharedWebAssets, startFullPortal } from '../support/portal.js';
import { apiRequestBody, scanAll } from '../support/requests.js';

const ALWAYS = [{ days: ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'], from: '00:00', to: '23:59' }];
const HANDLE = '+66 81 555 7777';
const FU_HANDLE = '+66 81 555 8888';
const PIN = '4826';
const operator: StaffIdentity = { sub: 'op-a', name: 'Op A', roles: ['operator'], childProtection: true };

type Portal = Awaited<ReturnType<typeof startFullPortal>>;

/**
 * Acceptance of "deletion reaches everything": a person with every kind of linked item (request,
 * contact details, messages, operator notes (one in the staff-only partition NOTE#<id>, one written
 * before notes moved there, under REQ#<id>), attempts, a referral, events, a follow-up with a queued
 * check-in and a worked check-in), then cancel or "delete my data" (and the erase-notes job the
 * jobs function runs every 5 minutes), then every partition and index those items touched is read
 * back.
 */

describe('cancel and "delete my data" reach everything linked to the code', () => {
  let portal: Portal;
  let services: PublicServices['requests'];
  let n = 0;

  /** Code + PIN as the routes check them (verify, then open); `ok: false` for unknown, wrong or locked. */
  async function openByPin(code: string, pin: string) {
    const record = await services.requests.verifyCode(code, pin);
    const opened = record ? await services.requests.forRecord(record) : undefined;
    return opened ? ({ ok: true, ...opened } as const) : ({ ok: false } as const);
  }

  beforeAll(async () => {
    portal = await startFullPortal({ RATE_LIMIT_SCALE: '1000' });
    services = (
      await createPublicDeps(portal.config, await sharedWebAssets(), nodeClientAddress, portal.doc).services()
    ).requests;
    await new DirectoryStore(portal.doc, portal.appTableName).saveRecord({
      organization: FIXTURE_ORGANIZATIONS[0],
      services: FIXTURE_SERVICES,
      locations: FIXTURE_LOCATIONS,
    });
  });
  afterAll(async () => {
    await portal.close();
  });

  const casework = () => portal.consoleDeps.casework;

  async function person() {
    n++;
    const idem = `deletion-test-${Date.now()}-${n}-request`;
    const submitted = await services.requests.submit(
      CallbackRequestSchema.parse(
        apiRequestBody(idem, { handle: HANDLE, safeWindows: ALWAYS, timeZone: 'Asia/Bangkok' }),
      ),
      'en',
    );
    const code = submitted.code;
    expect(await services.requests.setPin(code, idem, PIN)).toBe('ok');
    const access = await openByPin(code, PIN);
    if (!access.ok) throw new Error('no access');
    const requestId = access.request.id;
    await services.requests.addMessage(access.request, 'Only after eight, please');

    // The operator's record: claim, note, needs, priority with a reason and details, attempt, referral.
    await casework().claim(operator, requestId);
    const tag = `(person ${n}, ${Date.now()})`;
    await casework().note(operator, requestId, `Lives near the market, sister answers ${tag}`);
    await casework().recordNeeds(operator, requestId, ['shelter']);
    await casework().overridePriority(
      operator,
      requestId,
      1,
      'safety-risk',
      `Said the boss took her passport ${tag}`,
    );
    await casework().attempt(operator, requestId, 'reached');
    await casework().refer(operator, requestId, 'th-clinic', true);

    // A follow-up linked to the same code, with a queued check-in and one an operator worked on.
    const opted = await services.followUps.optIn(
      FollowUpInputSchema.parse({
        idempotencyKey: `deletion-test-${Date.now()}-${n}-followup`,
        rhythm: 'monthly',
        duration: '6',
        timeZone: 'Asia/Bangkok',
        safeWindows: ALWAYS,
        consentFollowup: true,
        channel: 'whatsapp',
        handle: FU_HANDLE,
      }),
      'en',
      { code, requestId },
    );
    if (opted.kind === 'link-failed') throw new Error('link failed');
    const followupId = opted.followUp.id;
    await services.followUps.contactNow(opted.followUp);
    await new Promise((r) => setTimeout(r, 5)); // distinct ids
    await services.followUps.contactNow(opted.followUp);
    const checkIns = await checkInsOf(followupId);
    expect(checkIns).toHaveLength(2);
    const [worked, queued] = checkIns as [string, string];
    await casework().claim(operator, worked);
    await casework().note(operator, worked, `Check-in: doing better, new job ${tag}`);
    await casework().attempt(operator, worked, 'reached');
    const view = await casework().open(operator, worked);
    expect(view.contact?.handle).toBe(FU_HANDLE);
    expect(view.activity.find((a) => a.kind === 'NOTE')?.text).toBe(`Check-in: doing better, new job ${tag}`);
    // Seeing notes is audited, and notes are stored only as ciphertext with the personal-data expiry,
    // in the staff-only partition (the public function has no right on NOTE#), not in REQ#.
    const workedTrail = await new AuditLog(portal.doc, portal.auditTableName).trail(auditSubject(worked));
    expect(workedTrail.map((e) => e.action)).toContain('view-notes');
    expect((await partition(requestKeys.partition(requestId))).filter((i) => i.entity === 'NOTE')).toEqual(
      [],
    );
    const stored = (await partition(staffNoteKeys.partition(requestId))).filter((i) => i.entity === 'NOTE');
    // The note and the priority change's details, both encrypted.
    expect(stored).toHaveLength(2);
    for (const note of stored) {
      expect(note.text).toBeUndefined();
      expect(note.ttl).toBeGreaterThan(Date.now() / 1000 + 86_400);
    }
    expect(JSON.stringify(stored)).not.toContain('market');
    expect(JSON.stringify(stored)).not.toContain('passport');
    expect(await partition(staffNoteKeys.partition(worked))).toHaveLength(1);

    // A note written before notes had their own partition: an item under REQ#<id>, read the same way.
    await casework().note(operator, requestId, `Prefers Karen, not Thai ${tag}`);
    const second = (await partition(staffNoteKeys.partition(requestId))).find(
      (i) => i.entity === 'NOTE' && !stored.some((n) => n.sk === i.sk),
    );
    if (!second) throw new Error('second note missing');
    await portal.doc.send(
      new PutCommand({
        TableName: portal.appTableName,
        Item: { ...second, pk: requestKeys.partition(requestId) },
      }),
    );
    await portal.doc.send(
      new DeleteCommand({ TableName: portal.appTableName, Key: { pk: second.pk, sk: second.sk } }),
    );
    const notes = (await casework().open(operator, requestId)).activity.filter((a) => a.kind === 'NOTE');
    expect(notes.map((a) => a.text)).toEqual([
      `Lives near the market, sister answers ${tag}`,
      `Said the boss took her passport ${tag}`,
      `Prefers Karen, not Thai ${tag}`,
    ]);
    return { code, idem, requestId, followupId, worked, queued, tag };
  }

  /** The erase-notes job, as the jobs function runs it (every 5 minutes; every minute with npm start). */
  async function eraseNotesJob() {
    return runJob('erase-notes', {
      store: new CaseworkStore(portal.doc, portal.appTableName),
      audit: new AuditLog(portal.doc, portal.auditTableName),
      loadDirectory: async () => ({ version: '0', organizations: [], services: [], locations: [] }),
      staleAfterDays: 180,
      now: () => new Date(),
      log: () => {},
      metric: () => {},
    });
  }

  async function partition(pk: string) {
    const { Items } = await portal.doc.send(
      new QueryCommand({
        TableName: portal.appTableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
        ConsistentRead: true,
      }),
    );
    return Items ?? [];
  }

  async function index(name: 'gsi1' | 'gsi2', pk: string) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await portal.doc.send(
        new QueryCommand({
          TableName: portal.appTableName,
          IndexName: name,
          KeyConditionExpression: `${name}pk = :p`,
          ExpressionAttributeValues: { ':p': pk },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async function checkInsOf(followupId: string): Promise<string[]> {
    const queue = [...(await index('gsi1', queuePartition(3))), ...(await index('gsi2', INDEX_PK.held))];
    return [...new Set(queue.filter((i) => i.followupId === followupId).map((i) => i.id as string))].sort();
  }

  async function get(doc: DynamoDBDocumentClient, key: { pk: string; sk: string }) {
    const { Item } = await doc.send(
      new GetCommand({ TableName: portal.appTableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  /** Every index partition a request or check-in can be in, with the ids found there. */
  async function idsInIndexes(): Promise<string[]> {
    const parts = await Promise.all([
      ...[1, 2, 3].map((p) => index('gsi1', queuePartition(p))),
      index('gsi2', INDEX_PK.held),
    ]);
    return parts.flat().map((i) => i.id as string);
  }

  it('cancel: no more contact — contact details, messages, the follow-up and its queued check-ins are gone', async () => {
    const p = await person();
    const access = await openByPin(p.code, PIN);
    if (!access.ok) throw new Error('no access');
    await services.requests.withdraw(access.request, p.code);

    // The request's partition: closed, out of the queue, no contact details or messages.
    const req = await partition(requestKeys.partition(p.requestId));
    const main = req.find((i) => i.sk === 'REQ');
    expect(main?.status).toBe('withdrawn');
    // Out of the queue; listed with the closed and withdrawn requests until the data is deleted.
    expect(main?.gsi1pk).toBe(INDEX_PK.closed);
    expect(main?.gsi2pk).toBeUndefined();
    expect(main?.claim).toBeUndefined();
    expect(req.filter((i) => i.entity === 'PII' || i.entity === 'MSG')).toEqual([]);
    // Notes stay encrypted with the personal-data expiry (they go with "delete my data" or TTL).
    const staffNotes = await partition(staffNoteKeys.partition(p.requestId));
    expect(staffNotes.filter((i) => i.entity === 'NOTE')).toHaveLength(2);
    expect(await get(portal.doc, erasureMarkKey(p.requestId))).toBeUndefined();
    for (const note of [...req, ...staffNotes].filter((i) => i.entity === 'NOTE')) {
      expect(note.text).toBeUndefined();
      expect(typeof note.ciphertext).toBe('string');
      expect(note.ttl).toBeGreaterThan(Date.now() / 1000);
    }

    // The follow-up: stopped, out of the due index, contact details gone.
    const fu = await partition(followUpKeys.partition(p.followupId));
    expect(fu.find((i) => i.sk === 'FU')?.status).toBe('stopped');
    expect(fu.find((i) => i.sk === 'FU')?.gsi1pk).toBeUndefined();
    expect(fu.filter((i) => i.sk === 'PII')).toEqual([]);
    expect((await index('gsi1', INDEX_PK.followUpsDue)).map((i) => i.id)).not.toContain(p.followupId);

    // The queued check-in is deleted; the worked one is closed and out of queue and held index.
    expect(await partition(requestKeys.partition(p.queued))).toEqual([]);
    expect((await get(portal.doc, requestKeys.request(p.worked)))?.status).toBe('withdrawn');
    const queued = await idsInIndexes();
    for (const id of [p.requestId, p.queued, p.worked]) expect(queued).not.toContain(id);
    const due = await casework().queue(operator);
    expect([...due.due, ...due.later].map((e) => e.request.id)).not.toContain(p.queued);

    // Nobody can read a contact detail any more: no contact item of this person anywhere.
    const all = await scanAll(portal.doc, portal.appTableName);
    const mine = all.filter((i) =>
      [p.requestId, p.followupId, p.worked, p.queued].some((id) => String(i.pk).endsWith(id)),
    );
    expect(mine.filter((i) => i.sk === 'PII' || i.entity === 'MSG')).toEqual([]);
    expect((await casework().open(operator, p.worked)).contact).toBeUndefined();
    // The code still answers, so the person sees it is closed.
    const after = await openByPin(p.code, PIN);
    expect(after.ok && after.status).toBe('closed');
  });

  it('delete my data: only anonymous statistics remain, in every partition and index the person touched', async () => {
    const p = await person();
    const access = await openByPin(p.code, PIN);
    if (!access.ok) throw new Error('no access');
    await services.requests.deleteData(access.request, p.code);

    // The request item keeps only what counts (status, dates, priority, kinds of help, country).
    const req = await partition(requestKeys.partition(p.requestId));
    const main = req.find((i) => i.sk === 'REQ') as Record<string, unknown>;
    expect(main.status).toBe('withdrawn');
    expect(main.dataDeletedAt).toBeDefined();
    for (const field of [
      'safeWindows',
      'timeZone',
      'languages',
      'operatorGender',
      'province',
      'channel',
      'interpreter',
      'mayLeaveMessage',
      'mayNameOrganisation',
      'statedNeeds',
      'priorityOverride',
      'claim',
      'gsi1pk',
      'gsi1sk',
      'gsi2pk',
      'gsi2sk',
    ])
      expect(main[field], field).toBeUndefined();
    // No contact details, messages or notes (the one written before notes moved went at once);
    // attempts, events and referrals without text or consent.
    expect(req.filter((i) => ['PII', 'MSG', 'NOTE'].includes(String(i.entity)))).toEqual([]);
    const activity = req.filter((i) => ['ATTEMPT', 'EVENT', 'REFERRAL'].includes(String(i.entity)));
    expect(activity.map((i) => i.entity).sort()).toEqual(
      expect.arrayContaining(['ATTEMPT', 'EVENT', 'EVENT', 'REFERRAL']),
    );
    for (const item of activity) {
      expect(item.text, String(item.sk)).toBeUndefined();
      expect(item.consentAt, String(item.sk)).toBeUndefined();
      expect(item.ciphertext, String(item.sk)).toBeUndefined();
    }

    // The staff notes are out of the public function's reach: it left deletion marks, and from
    // now on the console no longer shows them.
    expect(await partition(staffNoteKeys.partition(p.requestId))).toHaveLength(2);
    expect(await get(portal.doc, erasureMarkKey(p.requestId))).toMatchObject({ requestId: p.requestId });
    expect(await get(portal.doc, erasureMarkKey(p.worked))).toMatchObject({ requestId: p.worked, all: true });
    const shown = await casework().open(operator, p.requestId);
    expect(shown.activity.filter((a) => a.kind === 'NOTE')).toEqual([]);
    // The erase-notes job (jobs function) deletes them and the marks; a second run finds nothing.
    const erased = await eraseNotesJob();
    expect(erased.requests).toBeGreaterThanOrEqual(2);
    expect(await partition(staffNoteKeys.partition(p.requestId))).toEqual([]);
    expect(await partition(staffNoteKeys.partition(p.worked))).toEqual([]);
    expect(await get(portal.doc, erasureMarkKey(p.requestId))).toBeUndefined();
    expect(await get(portal.doc, erasureMarkKey(p.worked))).toBeUndefined();
    expect((await index('gsi1', INDEX_PK.erasures)).map((i) => i.requestId)).not.toContain(p.requestId);
    expect(await eraseNotesJob()).toMatchObject({ requests: 0, notes: 0 });

    // The code, its idempotency marker, the follow-up and both check-ins are gone.
    expect(await get(portal.doc, codeKey(p.code))).toBeUndefined();
    expect(await get(portal.doc, idempotencyKey(p.idem))).toBeUndefined();
    expect(await partition(followUpKeys.partition(p.followupId))).toEqual([]);
    expect(await partition(requestKeys.partition(p.queued))).toEqual([]);
    expect(await partition(requestKeys.partition(p.worked))).toEqual([]);
    expect((await index('gsi1', INDEX_PK.followUpsDue)).map((i) => i.id)).not.toContain(p.followupId);
    const queued = await idsInIndexes();
    for (const id of [p.requestId, p.queued, p.worked]) expect(queued).not.toContain(id);

    // Nothing anywhere in the table still names the code, the follow-up or a handle, or holds ciphertext of theirs.
    const all = (await scanAll(portal.doc, portal.appTableName)).filter(
      (i) => i.gsi1pk !== INDEX_PK.directory,
    );
    const text = JSON.stringify(all);
    for (const s of [p.code, p.followupId, p.worked, p.queued, HANDLE, FU_HANDLE, p.tag])
      expect(text, s).not.toContain(s);
    const theirs = all.filter((i) =>
      [requestKeys.partition(p.requestId), staffNoteKeys.partition(p.requestId)].includes(String(i.pk)),
    );
    expect(theirs.some((i) => 'ciphertext' in i)).toBe(false);
    // The code no longer opens anything.
    expect((await openByPin(p.code, PIN)).ok).toBe(false);
    // The audit trail keeps staff actions only, and says the job deleted the two notes.
    const trail = await new AuditLog(portal.doc, portal.auditTableName).trail(auditSubject(p.requestId));
    expect(JSON.stringify(trail)).not.toContain(HANDLE);
    expect(JSON.stringify(trail)).not.toContain(p.tag);
    expect(trail.filter((e) => e.action === 'erase-notes')).toEqual([
      expect.objectContaining({ actor: 'system', details: { notes: 2 } }),
    ]);
  });

  it('stopping a follow-up on its own page takes its queued check-ins out of the queue', async () => {
    const opted = await services.followUps.optIn(
      FollowUpInputSchema.parse({
        idempotencyKey: `deletion-test-${Date.now()}-stop-only`,
        rhythm: 'monthly',
        duration: '6',
        timeZone: 'Asia/Bangkok',
        safeWindows: ALWAYS,
        consentFollowup: true,
        channel: 'sms',
        handle: FU_HANDLE,
      }),
      'en',
    );
    if (opted.kind === 'link-failed') throw new Error('unexpected');
    await services.followUps.contactNow(opted.followUp);
    const [checkIn] = await checkInsOf(opted.followUp.id);
    expect(checkIn).toBeDefined();
    const stopped = await services.followUps.stop(opted.followUp);
    expect(stopped.status).toBe('stopped');
    expect(await partition(requestKeys.partition(checkIn as string))).toEqual([]);
    expect(await get(portal.doc, followUpKeys.personal(opted.followUp.id))).toBeUndefined();
    expect(await idsInIndexes()).not.toContain(checkIn);
    // "Contact me now" after stopping (an old page) queues nothing.
    await services.followUps.contactNow(opted.followUp);
    expect(await checkInsOf(opted.followUp.id)).toEqual([]);
  });

  it('reopens only what an operator closed: withdrawn and deleted requests stay closed', async () => {
    const submit = async (tag: string) => {
      const idem = `deletion-test-${Date.now()}-${tag}`;
      const { code } = await services.requests.submit(
        CallbackRequestSchema.parse(apiRequestBody(idem, { safeWindows: ALWAYS })),
        'en',
      );
      await services.requests.setPin(code, idem, PIN);
      const access = await openByPin(code, PIN);
      if (!access.ok) throw new Error('no access');
      return { code, request: access.request };
    };
    // Closed by an operator: reopens into the queue.
    const closed = await submit('closed');
    await casework().claim(operator, closed.request.id);
    await casework().close(operator, closed.request.id, 'no-longer-needed');
    await casework().reopen(operator, closed.request.id);
    expect((await get(portal.doc, requestKeys.request(closed.request.id)))?.status).toBe('new');
    expect(await idsInIndexes()).toContain(closed.request.id);

    // Withdrawn by the person, and deleted: refused, still closed, not in the queue.
    const withdrawn = await submit('withdrawn');
    await services.requests.withdraw(withdrawn.request, withdrawn.code);
    const deleted = await submit('deleted');
    await services.requests.deleteData(deleted.request, deleted.code);
    // Closed by an operator first, then the person deleted their data: also refused.
    const closedThenDeleted = await submit('closed-deleted');
    await casework().claim(operator, closedThenDeleted.request.id);
    await casework().close(operator, closedThenDeleted.request.id, 'no-longer-needed');
    await services.requests.deleteData(closedThenDeleted.request, closedThenDeleted.code);
    for (const id of [withdrawn.request.id, deleted.request.id, closedThenDeleted.request.id]) {
      await expect(casework().reopen(operator, id)).rejects.toBeInstanceOf(ForbiddenError);
      expect((await get(portal.doc, requestKeys.request(id)))?.status).toBe('withdrawn');
      expect(await idsInIndexes()).not.toContain(id);
    }
  });
});
