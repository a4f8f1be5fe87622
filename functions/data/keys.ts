import type { ActivityKind } from '../domain/requests/records.js';

/**
 * Every key and index attribute of Waypoint's tables is built here and nowhere else. Each item type
 * has its own builder below; the data inventory (`inventory.ts`) lists the same item types with their
 * personal fields, TTL, access and deletion, and a test checks the two against each other and that no
 * other source file writes a key string by hand.
 *
 * Partition-key prefixes are chosen so that per-function IAM rules can use `dynamodb:LeadingKeys`:
 * things the public function must never read (sessions, confidential addresses, the staff side) live
 * under partitions of their own.
 */

/** Partition-key prefixes and fixed partition keys, by item type family. */
export const PK = {
  request: 'REQ#',
  /** Staff-only casework of a request (operator notes, wrap-up summaries): never the public function's. */
  staffNotes: 'NOTE#',
  /** A deletion mark: the staff-only casework of a request is to be deleted (by the jobs function). */
  erasure: 'ERASE#',
  code: 'CODE#',
  idempotency: 'IDEMP#',
  followUp: 'FU#',
  stat: 'STAT#',
  rate: 'RATE#',
  session: 'SESSION#',
  authTx: 'AUTHTX#',
  staff: 'STAFF#',
  localAccount: 'LOCALACCT#',
  token: 'TOKEN#',
  draft: 'DRAFT#',
  organization: 'ORG#',
  service: 'SVC#',
  location: 'LOC#',
  report: 'REPORT#',
  directory: 'DIRECTORY',
  health: 'HEALTH',
} as const;

/** Index partition keys (gsi1pk / gsi2pk values or prefixes). */
export const INDEX_PK = {
  queue: 'QUEUE#',
  held: 'HELD',
  closed: 'CLOSED',
  followUpsDue: 'FOLLOWUP#due',
  directory: 'DIRECTORY',
  openReports: 'REPORT#open',
  staffList: 'STAFF',
  erasures: 'ERASE',
} as const;

/** Sort-key prefixes of the items that share a request's partition. */
export const REQUEST_SK = {
  request: 'REQ',
  personal: 'PII',
  message: 'MSG#',
  attempt: 'ATTEMPT#',
  note: 'NOTE#',
  referral: 'REFERRAL#',
  event: 'EVENT#',
} as const;

/** Sort keys of the items that share a follow-up's partition. */
export const FOLLOWUP_SK = {
  followUp: 'FU',
  personal: 'PII',
  checkIn: 'CHECKIN#',
} as const;

export interface ItemKey {
  pk: string;
  sk: string;
}

/** Days an idempotency marker is kept: a retry after that is a new request. */
export const IDEMPOTENCY_TTL_DAYS = 2;
/** Days a reference code outlives the personal data it opens (so "deleted" can still be answered). */
export const CODE_GRACE_DAYS = 30;
/** Minutes a sign-in transaction may take. */
export const AUTH_TX_MINUTES = 10;
/** Days a listing problem report is kept. */
export const REPORT_TTL_DAYS = 365;

// --- callback requests (request-store.ts, casework-store.ts) -------------------------------------

export const requestKeys = {
  request: (id: string): ItemKey => ({ pk: `${PK.request}${id}`, sk: REQUEST_SK.request }),
  personal: (id: string): ItemKey => ({ pk: `${PK.request}${id}`, sk: REQUEST_SK.personal }),
  message: (id: string, at: string): ItemKey => ({
    pk: `${PK.request}${id}`,
    sk: `${REQUEST_SK.message}${at}`,
  }),
  /** The time a message was added, from its sort key. */
  messageAt: (sk: string): string => sk.slice(REQUEST_SK.message.length),
  activity: (id: string, kind: ActivityKind, itemId: string): ItemKey => ({
    pk: `${PK.request}${id}`,
    sk: `${kind}#${itemId}`,
  }),
  partition: (id: string): string => `${PK.request}${id}`,
  /** The request id from its partition key. */
  idOf: (pk: string): string => pk.slice(PK.request.length),
};

/**
 * The staff-only partition of a request (`NOTE#<id>`): activity items that hold what operators
 * wrote about the person (notes, handover notes, wrap-up summaries). It sits outside `REQ#<id>` so
 * that the public function, which needs the person's own request, has no IAM right on it. Its sort
 * keys are the activity sort keys (`NOTE#<ulid>`, `EVENT#<ulid>`).
 */
export const staffNoteKeys = {
  activity: (id: string, kind: ActivityKind, itemId: string): ItemKey => ({
    pk: `${PK.staffNotes}${id}`,
    sk: `${kind}#${itemId}`,
  }),
  partition: (id: string): string => `${PK.staffNotes}${id}`,
};

/**
 * A deletion mark: the staff-only casework of request `id` is to be deleted. Written by whoever
 * deletes the person's data (the public function may not reach `NOTE#`); the jobs function finds
 * marks through gsi1 (`ERASE`), deletes the notes and then the mark. `all`: every item (a deleted
 * check-in), otherwise notes go and summaries lose their text.
 */
export function erasureMarkKeys(id: string, at: string) {
  return {
    pk: `${PK.erasure}${id}`,
    sk: 'ERASE',
    gsi1pk: INDEX_PK.erasures,
    gsi1sk: `${at}#${id}`,
  };
}
export const erasureMarkKey = (id: string): ItemKey => ({ pk: `${PK.erasure}${id}`, sk: 'ERASE' });

/** Queue index (gsi1) of an open request: by priority, then next contactable time. */
export function queueIndex(r: {
  priority: number;
  nextContactableAt: string;
  createdAt: string;
  id: string;
}) {
  return {
    gsi1pk: `${INDEX_PK.queue}${r.priority}`,
    gsi1sk: `${r.nextContactableAt}#${r.createdAt}#${r.id}`,
  };
}
export const queuePartition = (priority: number): string => `${INDEX_PK.queue}${priority}`;
/** Upper bound of gsi1sk for "contactable at or before `iso`". */
export const sortKeyUntil = (iso: string): string => `${iso}#\uffff`;

/**
 * Closed index (gsi1) of a request an operator closed or the person withdrew: one partition, newest
 * last, for the console's list of closed and withdrawn requests. "Delete my data" removes it.
 */
export function closedIndex(at: string, id: string) {
  return { gsi1pk: INDEX_PK.closed, gsi1sk: `${at}#${id}` };
}

/** Held index (gsi2) of a claimed request: one partition, sorted by operator and claim end. */
export function heldIndex(operator: string, until: number, id: string) {
  return { gsi2pk: INDEX_PK.held, gsi2sk: `${operator}#${String(until).padStart(15, '0')}#${id}` };
}

/** Index attributes a request loses when it leaves the queue and nobody holds it. */
export const QUEUE_INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk'] as const;
export const HELD_INDEX_ATTRIBUTES = ['gsi2pk', 'gsi2sk'] as const;

export const codeKey = (code: string): ItemKey => ({ pk: `${PK.code}${code}`, sk: 'CODE' });
export const idempotencyKey = (key: string): ItemKey => ({ pk: `${PK.idempotency}${key}`, sk: 'IDEMP' });

// --- follow-ups (followup-store.ts) ---------------------------------------------------------------

export const followUpKeys = {
  followUp: (id: string): ItemKey => ({ pk: `${PK.followUp}${id}`, sk: FOLLOWUP_SK.followUp }),
  personal: (id: string): ItemKey => ({ pk: `${PK.followUp}${id}`, sk: FOLLOWUP_SK.personal }),
  /** Link from a follow-up to a check-in it put into the queue (the check-in is a request item). */
  checkIn: (id: string, checkInId: string): ItemKey => ({
    pk: `${PK.followUp}${id}`,
    sk: `${FOLLOWUP_SK.checkIn}${checkInId}`,
  }),
  checkInId: (sk: string): string => sk.slice(FOLLOWUP_SK.checkIn.length),
  partition: (id: string): string => `${PK.followUp}${id}`,
};

/** Due index (gsi1) of an active follow-up with a planned check-in. */
export function followUpDueIndex(f: { id: string; nextDueAt: string }) {
  return { gsi1pk: INDEX_PK.followUpsDue, gsi1sk: `${f.nextDueAt}#${f.id}` };
}

// --- anonymous statistics (casework-store.ts) -----------------------------------------------------

export const statKey = (period: string, dimension: string): ItemKey => ({
  pk: `${PK.stat}${period}`,
  sk: dimension,
});
export const statPartition = (period: string): string => `${PK.stat}${period}`;
/** The reporting counters of a week for one region and language (domain/requests/reporting.ts). */
export const REPORT_CELL_SK = 'cell#';
export const reportCellKey = (week: string, region: string, language: string): ItemKey => ({
  pk: `${PK.stat}${week}`,
  sk: `${REPORT_CELL_SK}${region}#${language}`,
});

// --- abuse protection (rate-limiter.ts) -----------------------------------------------------------

export const rateKey = (scope: string, hashedClient: string, windowStart: number): ItemKey => ({
  pk: `${PK.rate}${scope}#${hashedClient}`,
  sk: String(windowStart),
});

// --- staff sessions (session-store.ts) ------------------------------------------------------------

export const sessionKey = (id: string): ItemKey => ({ pk: `${PK.session}${id}`, sk: 'SESSION' });
export const authTxKey = (id: string): ItemKey => ({ pk: `${PK.authTx}${id}`, sk: 'AUTHTX' });

// --- used form and action tokens (token-ledger.ts) ----------------------------------------------

export const usedTokenKey = (hashedId: string): ItemKey => ({ pk: `${PK.token}${hashedId}`, sk: 'USED' });

// --- callback form answers between steps (draft-store.ts) -----------------------------------------

export const draftKey = (id: string): ItemKey => ({ pk: `${PK.draft}${id}`, sk: 'DRAFT' });

// --- staff list (staff-store.ts) -------------------------------------------------------------------

export const staffKeys = {
  item: (sub: string): ItemKey => ({ pk: `${PK.staff}${sub}`, sk: 'STAFF' }),
  /** The list, by name (lower case). */
  list: (name: string, sub: string) => ({
    gsi1pk: INDEX_PK.staffList,
    gsi1sk: `${name.toLowerCase()}#${sub}`,
  }),
};

/** The audit trail's partition for a staff member (invited, disabled, re-enabled, changed). */
export const staffAuditSubject = (sub: string): string => `staff:${sub}`;

/** The audit trail's partition for views and downloads of the reporting figures. */
export const REPORTS_AUDIT_SUBJECT = 'reports';

// --- sign-in accounts of the local OpenID Connect provider (local-accounts.ts; never in AWS) -------

export const localAccountKey = (login: string): ItemKey => ({
  pk: `${PK.localAccount}${login}`,
  sk: 'ACCOUNT',
});

// --- directory (directory-store.ts) ---------------------------------------------------------------

export type DirectoryEntity = 'ORG' | 'SVC' | 'LOC';
export const directoryVersionKey: ItemKey = { pk: PK.directory, sk: 'VERSION' };
export function directoryEntityKeys(entity: DirectoryEntity, id: string) {
  return { pk: `${entity}#${id}`, sk: entity, gsi1pk: INDEX_PK.directory, gsi1sk: `${entity}#${id}` };
}
/** The table key (pk, sk) of one directory item. */
export const directoryItemKey = (entity: DirectoryEntity, id: string): ItemKey => ({
  pk: `${entity}#${id}`,
  sk: entity,
});
/** gsi1sk prefix of one entity type in the directory partition. */
export const directoryEntityPrefix = (entity: DirectoryEntity): string => `${entity}#`;
export const confidentialAddressKey = (locationId: string): ItemKey => ({
  pk: `${PK.location}${locationId}`,
  sk: 'CONFIDENTIAL',
});

// --- listing problem reports (report-store.ts) ----------------------------------------------------

export function reportKeys(id: string, createdAt: string) {
  return {
    pk: `${PK.report}${id}`,
    sk: 'REPORT',
    gsi1pk: INDEX_PK.openReports,
    gsi1sk: `${createdAt}#${id}`,
  };
}
export const reportKey = (id: string): ItemKey => ({ pk: `${PK.report}${id}`, sk: 'REPORT' });
/** The report id from its partition key. */
export const reportIdOf = (pk: string): string => pk.slice(PK.report.length);

// --- health check (health.ts): a key that is never written --------------------------------------

export const healthKey: ItemKey = { pk: PK.health, sk: 'HEALTH' };

// --- audit table (audit-log.ts) -------------------------------------------------------------------

/** The audit trail's partition for a request (or check-in). */
export const auditSubject = (requestId: string): string => `${PK.request}${requestId}`;
export const auditSortKey = (at: string, actor: string, nonce: string): string => `${at}#${actor}#${nonce}`;
