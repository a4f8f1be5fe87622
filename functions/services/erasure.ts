import type { CaseworkStore } from '../data/casework-store.js';
import type { FollowUpStore } from '../data/followup-store.js';
import type { RequestStore } from '../data/request-store.js';
import { FollowUpChangedError } from '../domain/errors.js';
import type { FollowUp } from '../domain/followups/follow-up.js';
import { isOpen } from '../domain/requests/lifecycle.js';

export interface ErasureDeps {
  requests: Pick<
    RequestStore,
    'get' | 'getCode' | 'withdraw' | 'forgetCode' | 'deleteUnworked' | 'deleteRequest'
  >;
  casework: Pick<CaseworkStore, 'eraseActivity' | 'markForErasure'>;
  followUps: Pick<FollowUpStore, 'get' | 'save' | 'deletePersonalData' | 'checkIns' | 'deleteAll'>;
  now: () => Date;
}

/**
 * The one place that decides what "cancel", "delete my data" and "stop follow-ups" remove, so each
 * reaches everything linked to the person's code (docs/data-inventory.md, "Deletion"):
 *
 * - cancel: the request leaves the queue, its contact details and messages are deleted, and every
 *   follow-up linked to the code is stopped (see stopFollowUp). The code keeps working.
 * - delete my data: as cancel, plus the details that describe the person, operator notes, the free
 *   text of attempts and events, the consent part of referrals, every linked follow-up with all its
 *   check-ins, and the code with its idempotency marker. Anonymous statistics remain. Operator
 *   notes and wrap-up summaries live in a staff-only partition the public function cannot reach:
 *   a deletion mark is written here and the erase-notes job (every 5 minutes) deletes them; the
 *   console no longer shows them from the moment of the mark.
 * - stop follow-ups: the follow-up stops, its contact details are deleted, queued check-ins nobody
 *   has worked on are deleted and worked ones leave the queue.
 */
export class Erasure {
  constructor(private readonly deps: ErasureDeps) {}

  private nowIso(): string {
    return this.deps.now().toISOString();
  }

  async cancelRequest(requestId: string, code: string): Promise<void> {
    await this.deps.requests.withdraw(requestId, this.nowIso());
    const record = await this.deps.requests.getCode(code);
    for (const followupId of record?.followupIds ?? []) await this.stopFollowUp(followupId);
  }

  async deleteRequestData(requestId: string, code: string): Promise<void> {
    const record = await this.deps.requests.getCode(code);
    await this.deps.requests.withdraw(requestId, this.nowIso(), { forget: true });
    await this.deps.casework.eraseActivity(requestId);
    await this.deps.casework.markForErasure(requestId, this.nowIso());
    for (const followupId of record?.followupIds ?? []) await this.deleteFollowUp(followupId);
    await this.deps.requests.forgetCode(code);
  }

  /**
   * Stops a follow-up and everything it would still cause. `keepCheckIn` is the check-in an
   * operator is recording right now (they close it themselves). Returns the stopped follow-up.
   */
  async stopFollowUp(
    followupId: string,
    options: { keepCheckIn?: string; record?: (f: FollowUp) => FollowUp } = {},
  ): Promise<FollowUp | undefined> {
    let stopped: FollowUp | undefined;
    for (let tries = 0; tries < 5; tries++) {
      const before = await this.deps.followUps.get(followupId);
      if (!before) break;
      const base = options.record ? options.record(before) : before;
      const after: FollowUp =
        before.status === 'stopped'
          ? base
          : { ...base, status: 'stopped', nextDueAt: undefined, stoppedAt: this.nowIso() };
      try {
        if (after !== before) await this.deps.followUps.save(before, after);
        stopped = after;
        break;
      } catch (error) {
        // The job planned the next check-in meanwhile: read again and stop that one.
        if (!(error instanceof FollowUpChangedError)) throw error;
      }
    }
    await this.deps.followUps.deletePersonalData(followupId);
    for (const checkIn of await this.deps.followUps.checkIns(followupId)) {
      if (checkIn === options.keepCheckIn) continue;
      await this.dropCheckIn(checkIn);
    }
    return stopped;
  }

  /** A check-in that must not lead to contact: deleted if nobody worked on it, else out of the queue. */
  async dropCheckIn(checkInId: string): Promise<void> {
    if (await this.deps.requests.deleteUnworked(checkInId)) {
      // Unworked, but a handover note may have been written before it went back to the queue.
      await this.deps.casework.markForErasure(checkInId, this.nowIso(), { all: true });
      return;
    }
    const r = await this.deps.requests.get(checkInId);
    if (r && isOpen(r.status)) await this.deps.requests.withdraw(checkInId, this.nowIso());
  }

  /** Deletes a follow-up with every item in its partition and every check-in it created. */
  async deleteFollowUp(followupId: string): Promise<void> {
    for (const checkIn of await this.deps.followUps.checkIns(followupId)) {
      await this.deps.casework.eraseActivity(checkIn, { all: true });
      await this.deps.casework.markForErasure(checkIn, this.nowIso(), { all: true });
      await this.deps.requests.deleteRequest(checkIn);
    }
    await this.deps.followUps.deleteAll(followupId);
  }
}
