import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import * as z from 'zod';
import { lazySchema } from '../domain/lazy-schema.js';
import type { CaseworkStore } from '../data/casework-store.js';
import type { FollowUpStore } from '../data/followup-store.js';
import type { RequestStore } from '../data/request-store.js';
import { assertCaseAccess, caseFacts } from '../domain/console/case-access.js';
import type { StaffIdentity } from '../domain/console/roles.js';
import { FollowUpChangedError } from '../domain/errors.js';
import type { FollowUp } from '../domain/followups/follow-up.js';
import {
  DURATIONS,
  endOf,
  nextCheckInAt,
  OUTCOME_ANSWERS,
  quarterOf,
  REINTEGRATION_OUTCOMES,
  RHYTHMS,
} from '../domain/followups/schedule.js';
import { type AgeBand, basePriority, type TriageFacts } from '../domain/requests/priority.js';
import { generateReferenceCode } from '../domain/requests/reference-code.js';
import { ContactSchema, SafeWindowSchema } from '../domain/requests/request.js';
import { nextSafeInstant } from '../domain/requests/safe-windows.js';
import type { Erasure } from './erasure.js';
import { isTimeZone } from '../domain/time-zone.js';

export const FOLLOWUP_CONSENT_VERSION = 'followup-2026-11';
export const FOLLOWUP_PURPOSE = 'followup-contact';

export const FollowUpInputSchema = lazySchema(() =>
  z
    .object({
      idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
      rhythm: z.enum(RHYTHMS),
      duration: z.enum(DURATIONS),
      timeZone: z.string().refine(isTimeZone),
      safeWindows: z.array(SafeWindowSchema).max(7).default([]),
      mayEscalate: z.boolean().default(false),
      consentFollowup: z.literal(true, { error: 'consent-required' }),
    })
    .and(ContactSchema),
);
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;

export interface FollowUpDeps {
  store: FollowUpStore;
  /** Anonymous outcome counters. */
  casework: Pick<CaseworkStore, 'countIntake' | 'get'>;
  /** Check-ins are request items in the queue. */
  requests: Pick<RequestStore, 'createCheckIn'>;
  /** Stopping reaches the contact details and every queued check-in. */
  erasure: Pick<Erasure, 'stopFollowUp' | 'dropCheckIn'>;
  encrypt: (
    data: Record<string, unknown>,
    context: { requestId: string; purpose: string },
  ) => Promise<string>;
  retentionDays: number;
  now: () => Date;
  randomBytes: (n: number) => Uint8Array;
}

export type OptInResult =
  | { kind: 'created' | 'duplicate'; code: string; linked: boolean; followUp: FollowUp }
  | { kind: 'link-failed' };

const tokenHash = (token: string) => createHash('sha256').update(`setup:${token}`).digest('base64url');
const TWO_YEARS_MS = 730 * 86_400_000;

/**
 * Follow-up check-ins, shaped and stoppable by the person. The public side opts in and controls;
 * a scheduled job puts due check-ins into the operators' queue; operators record each check-in.
 */
export class FollowUps {
  constructor(private readonly deps: FollowUpDeps) {}

  private piiExpiry(f: Pick<FollowUp, 'endsAt'>, now: Date): number {
    const until = f.endsAt ? Date.parse(f.endsAt) : now.getTime() + TWO_YEARS_MS;
    return Math.floor(until / 1000) + this.deps.retentionDays * 86_400;
  }

  /**
   * Starts check-ins. `link` is the code record of an earlier request, already verified with code +
   * PIN (http/code-pin.ts); without it the follow-up gets a code of its own.
   */
  async optIn(
    input: FollowUpInput,
    locale: string,
    link?: { code: string; requestId?: string | undefined },
  ): Promise<OptInResult> {
    let linkedCode: string | undefined;
    let linkedRequestId: string | undefined;
    let ageBand: AgeBand | undefined;
    if (link) {
      if (!link.requestId) return { kind: 'link-failed' };
      linkedCode = link.code;
      linkedRequestId = link.requestId;
      // A child's follow-up stays a child's: its check-ins carry the request's age band.
      ageBand = (await this.deps.casework.get(link.requestId))?.facts.ageBand;
    } else {
      const existing = await this.deps.store.byIdempotencyKey(input.idempotencyKey);
      if (existing) {
        const f = await this.deps.store.get(existing.followupId);
        if (f) return { kind: 'duplicate', code: existing.code, linked: false, followUp: f };
      }
    }
    const now = this.deps.now();
    const startedAt = now.getTime();
    const endsAt = endOf(startedAt, input.duration, input.timeZone);
    const next = nextCheckInAt({
      rhythm: input.rhythm,
      safeWindows: input.safeWindows,
      timeZone: input.timeZone,
      from: startedAt,
      endsAt,
    });
    const followUp: FollowUp = {
      id: ulid(startedAt),
      status: 'active',
      rhythm: input.rhythm,
      duration: input.duration,
      startedAt: now.toISOString(),
      endsAt: endsAt ? new Date(endsAt).toISOString() : undefined,
      timeZone: input.timeZone,
      safeWindows: input.safeWindows,
      channel: input.channel,
      mayEscalate: input.mayEscalate,
      nextDueAt: next ? new Date(next).toISOString() : undefined,
      history: [],
      locale,
      consent: { followup: { version: FOLLOWUP_CONSENT_VERSION, locale, at: now.toISOString() } },
      linkedRequestId,
      ...(ageBand ? { ageBand } : {}),
    };
    const ciphertext = await this.deps.encrypt(
      { channel: input.channel, handle: input.handle },
      { requestId: followUp.id, purpose: FOLLOWUP_PURPOSE },
    );
    for (let i = 0; i < 5; i++) {
      const code = linkedCode ?? generateReferenceCode(this.deps.randomBytes);
      const outcome = await this.deps.store.create(
        followUp,
        ciphertext,
        this.piiExpiry(followUp, now),
        linkedCode
          ? { kind: 'link', code }
          : {
              kind: 'new',
              code,
              setupTokenHash: tokenHash(input.idempotencyKey),
              idempotencyKey: input.idempotencyKey,
            },
      );
      if (outcome === 'created') return { kind: 'created', code, linked: Boolean(linkedCode), followUp };
      if (outcome === 'duplicate') {
        const existing = await this.deps.store.byIdempotencyKey(input.idempotencyKey);
        const f = existing && (await this.deps.store.get(existing.followupId));
        if (existing && f) return { kind: 'duplicate', code: existing.code, linked: false, followUp: f };
      }
    }
    throw new Error('Could not store the follow-up');
  }

  /** The follow-up behind a verified code record (http/code-pin.ts), if the code has one. */
  async forRecord(record: { followupId?: string | undefined }): Promise<FollowUp | undefined> {
    return record.followupId ? this.deps.store.get(record.followupId) : undefined;
  }

  private scheduleFrom(f: FollowUp, from: number): string | undefined {
    const next = nextCheckInAt({
      rhythm: f.rhythm,
      safeWindows: f.safeWindows,
      timeZone: f.timeZone,
      from,
      endsAt: f.endsAt ? Date.parse(f.endsAt) : undefined,
    });
    return next ? new Date(next).toISOString() : undefined;
  }

  async pause(f: FollowUp): Promise<FollowUp> {
    const after: FollowUp = { ...f, status: 'paused', nextDueAt: undefined };
    await this.deps.store.save(f, after);
    return after;
  }

  async resume(f: FollowUp): Promise<FollowUp> {
    const after: FollowUp = {
      ...f,
      status: 'active',
      nextDueAt: this.scheduleFrom(f, this.deps.now().getTime()),
    };
    await this.deps.store.save(f, after);
    return after;
  }

  async change(
    f: FollowUp,
    changes: Partial<Pick<FollowUp, 'rhythm' | 'safeWindows' | 'timeZone'>>,
  ): Promise<FollowUp> {
    const merged: FollowUp = { ...f, ...changes };
    const after: FollowUp = {
      ...merged,
      nextDueAt:
        merged.status === 'active' ? this.scheduleFrom(merged, this.deps.now().getTime()) : undefined,
    };
    await this.deps.store.save(f, after);
    return after;
  }

  async changeContact(f: FollowUp, contact: { channel: string; handle: string }): Promise<FollowUp> {
    const now = this.deps.now();
    await this.deps.store.replacePersonalData(
      f.id,
      await this.deps.encrypt(contact, { requestId: f.id, purpose: FOLLOWUP_PURPOSE }),
      this.piiExpiry(f, now),
    );
    const after = { ...f, channel: contact.channel };
    await this.deps.store.save(f, after);
    return after;
  }

  /**
   * Stopping deletes the contact details at once and takes every queued check-in out of the queue;
   * the door stays open for a new start.
   */
  async stop(f: FollowUp): Promise<FollowUp> {
    return (
      (await this.deps.erasure.stopFollowUp(f.id)) ?? {
        ...f,
        status: 'stopped',
        nextDueAt: undefined,
        stoppedAt: this.deps.now().toISOString(),
      }
    );
  }

  /** "Ask for contact now": a check-in in the queue at the next safe time. */
  async contactNow(f: FollowUp): Promise<void> {
    await this.createCheckIn(f, this.deps.now());
  }

  /** A check-in in the queue, contactable from `from` (its due time) in the person's safe windows. */
  private async createCheckIn(f: FollowUp, now: Date, from = now.getTime()): Promise<string> {
    const id = ulid(now.getTime());
    const createdAt = now.toISOString();
    const next = new Date(nextSafeInstant(f.safeWindows, f.timeZone, from)).toISOString();
    // A check-in linked to a request carries that request's languages, place, age band and rules
    // for contact (message, naming the organisation); the operator sees its history through the link.
    const linked = f.linkedRequestId ? await this.deps.casework.get(f.linkedRequestId) : undefined;
    const facts: TriageFacts = {
      dangerNow: false,
      hurtOrSick: false,
      threats: false,
      shelterTonight: false,
      ageBand: f.ageBand ?? linked?.facts.ageBand ?? (await this.ageBandOf(f)),
    };
    // A child's check-in is a child's request: child-protection group only, and first in the queue.
    const priority = basePriority(facts);
    // The link first: stopping or deleting the follow-up then always finds the check-in.
    await this.deps.store.linkCheckIn(f.id, id, this.piiExpiry(f, now));
    await this.deps.requests.createCheckIn({
      id,
      kind: 'check-in',
      followupId: f.id,
      status: 'new',
      priority,
      facts,
      createdAt,
      updatedAt: createdAt,
      locale: f.locale,
      channel: f.channel,
      timeZone: f.timeZone,
      safeWindows: f.safeWindows,
      mayLeaveMessage: linked?.mayLeaveMessage ?? false,
      mayNameOrganisation: linked?.mayNameOrganisation ?? false,
      languages: linked?.languages ?? [],
      interpreter: linked?.interpreter ?? false,
      operatorGender: linked?.operatorGender ?? 'any',
      helpKinds: linked?.helpKinds ?? [],
      ...(linked?.country ? { country: linked.country } : {}),
      ...(linked?.province ? { province: linked.province } : {}),
      ...(linked ? { linkedRequestId: linked.id } : {}),
      attempts: 0,
      nextContactableAt: next,
      consent: {},
    });
    // Stopped (or deleted) while the check-in was being written: it must not lead to contact.
    const latest = await this.deps.store.get(f.id);
    if (!latest || latest.status === 'stopped') await this.deps.erasure.dropCheckIn(id);
    return id;
  }

  /** The age band a check-in inherits: the follow-up's, else its linked request's (older follow-ups). */
  private async ageBandOf(f: FollowUp): Promise<AgeBand> {
    if (f.ageBand) return f.ageBand;
    if (f.linkedRequestId) {
      const linked = await this.deps.casework.get(f.linkedRequestId);
      if (linked) return linked.facts.ageBand;
    }
    return 'prefer-not-to-say';
  }

  /** The job: every due follow-up becomes a check-in in the queue, and its next one is planned. */
  async runDue(): Promise<number> {
    const now = this.deps.now();
    let moved = 0;
    for (const f of await this.deps.store.due(now.toISOString())) {
      const after: FollowUp = {
        ...f,
        nextDueAt: this.scheduleFrom(f, Date.parse(f.nextDueAt ?? now.toISOString())),
      };
      try {
        await this.deps.store.save(f, after);
      } catch (error) {
        if (error instanceof FollowUpChangedError) continue; // another run or the person changed it
        throw error;
      }
      await this.createCheckIn(f, now, Math.min(now.getTime(), Date.parse(f.nextDueAt ?? now.toISOString())));
      moved++;
    }
    return moved;
  }

  /**
   * An operator records a check-in: whether the person wants to continue, and an optional,
   * consented self-assessment counted only in aggregate (per outcome and quarter).
   */
  async recordCheckIn(
    identity: StaffIdentity,
    checkInId: string,
    continued: 'yes' | 'pause' | 'stop',
    assessment?: Record<string, string>,
  ): Promise<'recorded' | 'not-a-check-in'> {
    const now = this.deps.now();
    const checkIn = await this.deps.casework.get(checkInId);
    if (!checkIn) return 'not-a-check-in';
    // The same rule as every other piece of casework: holder or supervisor, child protection.
    assertCaseAccess(identity, 'work', caseFacts(checkIn, now.getTime()));
    if (checkIn.kind !== 'check-in' || !checkIn.followupId) return 'not-a-check-in';
    const f = await this.deps.store.get(checkIn.followupId);
    if (!f) return 'not-a-check-in';
    const withHistory: FollowUp = {
      ...f,
      history: [...f.history, { at: now.toISOString(), continued, by: identity.sub }],
    };
    if (continued === 'stop') {
      await this.deps.erasure.stopFollowUp(f.id, {
        keepCheckIn: checkInId,
        record: (current) => ({
          ...current,
          history: [...current.history, { at: now.toISOString(), continued, by: identity.sub }],
        }),
      });
    } else if (continued === 'pause') {
      await this.deps.store.save(f, { ...withHistory, status: 'paused', nextDueAt: undefined });
    } else {
      await this.deps.store.save(f, withHistory);
    }
    if (assessment) {
      const dims = Object.entries(assessment)
        .filter(
          ([k, v]) =>
            (REINTEGRATION_OUTCOMES as readonly string[]).includes(k) &&
            (OUTCOME_ANSWERS as readonly string[]).includes(v),
        )
        .map(([k, v]) => `outcome#${k}:${v}`);
      if (dims.length) await this.deps.casework.countIntake(quarterOf(now), dims);
    }
    return 'recorded';
  }
}
