import type { AuditLog } from '../data/audit-log.js';
import { auditSubject } from '../data/keys.js';
import type { CaseworkStore } from '../data/casework-store.js';
import { isStale } from '../domain/directory/editing.js';
import type { DirectorySnapshot } from '../domain/directory/model.js';
import { StaleRequestError } from '../domain/errors.js';
import type { JobName } from '../domain/jobs.js';
import type { LogFn } from '../logger.js';

/**
 * Scheduled jobs (EventBridge Scheduler in AWS, timers with `npm start`). Each is safe to run twice
 * and reads no personal data (erase-notes deletes some, unread). Their names are listed in
 * domain/jobs.ts.
 */

export interface JobDeps {
  store: CaseworkStore;
  audit: AuditLog;
  loadDirectory: () => Promise<DirectorySnapshot>;
  staleAfterDays: number;
  now: () => Date;
  log: LogFn;
  /** Moves due follow-up check-ins into the queue (FollowUps.runDue). */
  dueFollowUps?: () => Promise<number>;
  /** Writes a CloudWatch metric (embedded metric format in AWS, a log line locally). */
  metric: (name: string, value: number, unit: 'Count' | 'None') => void;
}

/** Gives abandoned claims back to the queue and reports how long the oldest urgent request has waited. */
export async function expireClaims(
  deps: JobDeps,
): Promise<{ released: number; oldestUrgentMinutes: number }> {
  const now = deps.now();
  let released = 0;
  for (const request of await deps.store.held()) {
    if (!request.claim || request.claim.until > now.getTime()) continue;
    try {
      await deps.store.release(request, now.toISOString(), request.claim.by);
      await deps.audit.write({
        subject: auditSubject(request.id),
        actor: 'system',
        actorName: 'system',
        action: 'release-expired',
        at: now.toISOString(),
      });
      released++;
    } catch (error) {
      // Claimed again or changed meanwhile: nothing to do.
      if (!(error instanceof StaleRequestError)) throw error;
    }
  }
  const urgent = await deps.store.queue(1, now.toISOString(), true);
  const oldest = urgent.reduce((min, r) => Math.min(min, Date.parse(r.createdAt)), now.getTime());
  const oldestUrgentMinutes = Math.floor((now.getTime() - oldest) / 60_000);
  deps.metric('OldestUrgentWaitingMinutes', oldestUrgentMinutes, 'None');
  deps.log('job.expire_claims', { released, oldestUrgentMinutes });
  return { released, oldestUrgentMinutes };
}

/**
 * Counts active listings not verified for too long (the StaleListings metric, for an alarm). They
 * are marked on the public pages, and editors work them from the console's stale queue
 * (/console/directory/stale), which applies the same rule (isStale) when it is opened.
 */
export async function staleListings(deps: JobDeps): Promise<{ stale: number }> {
  const snapshot = await deps.loadDirectory();
  const now = deps.now();
  const stale = snapshot.services.filter(
    (s) => s.status === 'active' && isStale(s, now, deps.staleAfterDays),
  ).length;
  deps.metric('StaleListings', stale, 'Count');
  deps.log('job.stale_listings', { stale });
  return { stale };
}

/**
 * Deletes the staff notes (NOTE#<id>) of every request whose data was deleted: "delete my data"
 * and deleted check-ins leave a deletion mark, because the public function cannot reach the notes.
 * Each request's audit trail records it (how many notes; never what they said). The mark goes last,
 * so a run that stops half-way is finished by the next one.
 * Runs every 5 minutes (cdk/constructs/job-schedules.ts; every minute with `npm start`).
 */
export async function eraseNotes(deps: JobDeps): Promise<{ requests: number; notes: number }> {
  let requests = 0;
  let notes = 0;
  for (const mark of await deps.store.erasureMarks()) {
    const erased = await deps.store.eraseStaffNotes(mark.requestId, { all: mark.all });
    await deps.audit.write({
      subject: auditSubject(mark.requestId),
      actor: 'system',
      actorName: 'system',
      action: 'erase-notes',
      at: deps.now().toISOString(),
      details: { notes: erased },
    });
    await deps.store.clearErasureMark(mark.requestId, mark.at);
    notes += erased;
    requests++;
  }
  deps.log('job.erase_notes', { requests, notes });
  return { requests, notes };
}

export async function runJob(name: JobName, deps: JobDeps): Promise<Record<string, number>> {
  switch (name) {
    case 'expire-claims':
      return expireClaims(deps);
    case 'stale-listings':
      return staleListings(deps);
    case 'erase-notes':
      return eraseNotes(deps);
    case 'due-follow-ups': {
      const moved = (await deps.dueFollowUps?.()) ?? 0;
      deps.log('job.due_follow_ups', { moved });
      return { moved };
    }
  }
}

/** CloudWatch embedded metric format: a log line that CloudWatch turns into a metric. */
export function emfMetric(
  namespace: string,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
) {
  return (name: string, value: number, unit: 'Count' | 'None') => {
    write(
      JSON.stringify({
        _aws: {
          Timestamp: Date.now(),
          CloudWatchMetrics: [
            { Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: name, Unit: unit }] },
          ],
        },
        [name]: value,
      }),
    );
  };
}
