/**
 * The data inventory: every item type Waypoint stores, its key, which fields are personal (and
 * which of those are encrypted), its expiry, which function may do what with it, who may read it,
 * and which of the person's actions removes it. `docs/data-inventory.md` carries the same list
 * (its tables are generated from this file by `npm run docs:inventory`; a test compares them).
 *
 * Keys themselves are built in keys.ts; `pkPrefix` and the index prefixes here are the values a
 * `dynamodb:LeadingKeys` condition can name (see `leadingKeys`).
 */
import { IDEMPOTENCY_TTL_DAYS, INDEX_PK, PK, REPORT_TTL_DAYS } from './keys.js';

/** `local`: the local runtime only (`npm start`, tests): never a Lambda function, never granted in AWS. */
export type FunctionName = 'public' | 'console' | 'jobs' | 'tools' | 'local';
/** `query`: Query on the item's partition; `query-index`: Query on one of its indexes. */
export type Operation = 'get' | 'put' | 'update' | 'delete' | 'query' | 'query-index';
export type SurvivorAction = 'cancel' | 'delete-my-data' | 'stop-follow-up' | 'retention';
export type Effect =
  | 'deleted'
  | 'personal fields removed'
  | 'leaves the queue'
  | 'stopped'
  | 'deleted if unworked, else leaves the queue';

export interface IndexEntry {
  index: 'gsi1' | 'gsi2';
  pk: string;
  sk: string;
  /** The index partition key value or prefix (for LeadingKeys on index queries). */
  pkPrefix: string;
  when: string;
  /** Only these functions query this index partition (default: every function with query-index). */
  queriedBy?: readonly FunctionName[];
}

export interface ItemType {
  /** Short unique name: the item's `entity` attribute, except REQ_CHECKIN (a REQ item of kind check-in), FU_PII (a PII item) and DIRECTORY_VERSION. */
  name: string;
  description: string;
  table: 'app' | 'audit';
  /** The data module that reads and writes it (keys come from keys.ts). */
  owner: string;
  pk: string;
  sk: string;
  /** The partition-key value or prefix, for `dynamodb:LeadingKeys`. */
  pkPrefix: string;
  indexes: IndexEntry[];
  /** Fields that are about a person (a survivor or, where said, staff). */
  personal: string[];
  /** The personal fields stored only as envelope-encrypted ciphertext. */
  encrypted: string[];
  /** When DynamoDB TTL removes it ("none": kept). */
  ttl: string;
  access: Partial<Record<FunctionName, Operation[]>>;
  /** Who may see it, and how. */
  readers: string;
  /** What each of the person's actions (and the retention period) does to it. */
  removedBy: Partial<Record<SurvivorAction, Effect>>;
}

const RETENTION = 'RETENTION_DAYS after it was last written';
const OWN_REQUEST_PARTITION = `${PK.request}<id>`;

export const ITEM_TYPES: readonly ItemType[] = [
  {
    name: 'REQ',
    description:
      "callback request: status, priority, triage facts, safe-contact rules; no identifying data. An operator's priority change (priorityOverride) is who, when and a reason from a list (PRIORITY_REASONS), never free text: details are a staff note",
    table: 'app',
    owner: 'request-store.ts (intake, the person, deletion); casework-store.ts (operators)',
    pk: OWN_REQUEST_PARTITION,
    sk: 'REQ',
    pkPrefix: PK.request,
    indexes: [
      {
        index: 'gsi1',
        pk: `${INDEX_PK.queue}<priority>`,
        sk: '<nextContactableAt>#<createdAt>#<id>',
        pkPrefix: INDEX_PK.queue,
        when: 'while open',
      },
      {
        index: 'gsi1',
        pk: INDEX_PK.closed,
        sk: '<closedAt>#<id>',
        pkPrefix: INDEX_PK.closed,
        when: 'once closed or withdrawn, until "delete my data"',
        queriedBy: ['console'],
      },
      {
        index: 'gsi2',
        pk: INDEX_PK.held,
        sk: '<operator>#<claimUntil, 15 digits>#<id>',
        pkPrefix: INDEX_PK.held,
        when: 'while claimed',
      },
    ],
    personal: [
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
      'priorityOverride.by (staff)',
      'claim',
      'personUpdate',
      'linkedRequestId',
    ],
    encrypted: [],
    ttl: 'none (anonymous statistics stay)',
    access: {
      public: ['get', 'put', 'update'],
      console: ['get', 'update', 'query', 'query-index'],
      jobs: ['update', 'query-index'],
    },
    readers: 'operator, supervisor (console); the person with code + PIN (coarse status)',
    removedBy: { cancel: 'leaves the queue', 'delete-my-data': 'personal fields removed' },
  },
  {
    name: 'REQ_CHECKIN',
    description:
      "follow-up check-in in the queue: a request item of kind check-in, contact details are its follow-up's",
    table: 'app',
    owner: 'request-store.ts (created for followups.ts); casework-store.ts (operators)',
    pk: OWN_REQUEST_PARTITION,
    sk: 'REQ',
    pkPrefix: PK.request,
    indexes: [
      {
        index: 'gsi1',
        pk: `${INDEX_PK.queue}3`,
        sk: '<nextContactableAt>#<createdAt>#<id>',
        pkPrefix: INDEX_PK.queue,
        when: 'while open',
      },
      {
        index: 'gsi1',
        pk: INDEX_PK.closed,
        sk: '<closedAt>#<id>',
        pkPrefix: INDEX_PK.closed,
        when: 'once closed or withdrawn, until "delete my data"',
        queriedBy: ['console'],
      },
      {
        index: 'gsi2',
        pk: INDEX_PK.held,
        sk: '<operator>#<claimUntil, 15 digits>#<id>',
        pkPrefix: INDEX_PK.held,
        when: 'while claimed',
      },
    ],
    personal: [
      'followupId',
      'linkedRequestId',
      'safeWindows',
      'timeZone',
      'channel',
      'languages',
      'province',
      'claim',
    ],
    encrypted: [],
    ttl: 'none (deleted with its follow-up)',
    access: {
      public: ['put', 'get', 'update', 'delete', 'query'],
      console: ['get', 'update', 'delete', 'query', 'query-index'],
      jobs: ['put', 'get', 'update', 'delete', 'query', 'query-index'],
    },
    readers: 'operator, supervisor (console)',
    removedBy: {
      cancel: 'deleted if unworked, else leaves the queue',
      'stop-follow-up': 'deleted if unworked, else leaves the queue',
      'delete-my-data': 'deleted',
    },
  },
  {
    name: 'PII',
    description: "request's contact details: channel, handle, code word, what to say if someone else answers",
    table: 'app',
    owner: 'request-store.ts (written, deleted); casework-store.ts (read for the card)',
    pk: OWN_REQUEST_PARTITION,
    sk: 'PII',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['ciphertext'],
    encrypted: ['ciphertext'],
    ttl: RETENTION,
    access: { public: ['put', 'delete'], console: ['query', 'delete'], jobs: ['delete'] },
    readers: 'holding operator or supervisor, audited (view-contact)',
    removedBy: { cancel: 'deleted', 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'MSG',
    description: 'message the person added from the status page',
    table: 'app',
    owner: 'request-store.ts (written, deleted); casework-store.ts (read for the card)',
    pk: OWN_REQUEST_PARTITION,
    sk: 'MSG#<at>',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['ciphertext'],
    encrypted: ['ciphertext'],
    ttl: RETENTION,
    access: { public: ['put', 'query', 'delete'], console: ['query', 'delete'], jobs: ['query', 'delete'] },
    readers: 'holding operator or supervisor, audited (view-contact)',
    removedBy: { cancel: 'deleted', 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'ATTEMPT',
    description: 'contact attempt: outcome, time, operator',
    table: 'app',
    owner: 'casework-store.ts',
    pk: OWN_REQUEST_PARTITION,
    sk: 'ATTEMPT#<ulid>',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['text'],
    encrypted: [],
    ttl: 'none',
    access: { public: ['query', 'update', 'delete'], console: ['put', 'query'] },
    readers: 'operator, supervisor (console)',
    removedBy: { 'delete-my-data': 'personal fields removed' },
  },
  {
    name: 'NOTE',
    description:
      "operator's note on a request or check-in, handover notes too; in the staff-only partition, out of the public function's reach",
    table: 'app',
    owner: 'casework-store.ts',
    pk: `${PK.staffNotes}<id>`,
    sk: 'NOTE#<ulid>',
    pkPrefix: PK.staffNotes,
    indexes: [],
    personal: ['ciphertext'],
    encrypted: ['ciphertext'],
    ttl: RETENTION,
    access: { console: ['put', 'query'], jobs: ['query', 'delete'], tools: ['put'] },
    readers: 'holding operator or supervisor, audited (view-notes); not shown once the data is deleted',
    removedBy: { 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'EVENT_SUMMARY',
    description:
      "a close (by an operator or a supervisor's decision) with the operator's wrap-up summary: an EVENT item in the staff-only partition",
    table: 'app',
    owner: 'casework-store.ts',
    pk: `${PK.staffNotes}<id>`,
    sk: 'EVENT#<ulid>',
    pkPrefix: PK.staffNotes,
    indexes: [],
    personal: ['text'],
    encrypted: [],
    ttl: 'none',
    access: { console: ['put', 'query'], jobs: ['query', 'update', 'delete'], tools: ['put'] },
    readers: 'operator, supervisor (console); not shown once the data is deleted',
    removedBy: { 'delete-my-data': 'personal fields removed' },
  },
  {
    name: 'NOTE_LEGACY',
    description:
      'a note (or a close with a wrap-up) written before they had their own partition, under REQ#<id>; read like the others, deleted by "delete my data" at once; npm run ops:move-notes moves them to NOTE#',
    table: 'app',
    owner: 'casework-store.ts',
    pk: OWN_REQUEST_PARTITION,
    sk: 'NOTE#<ulid>',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['ciphertext'],
    encrypted: ['ciphertext'],
    ttl: RETENTION,
    access: { public: ['query', 'delete'], console: ['query'], tools: ['delete'] },
    readers: 'holding operator or supervisor, audited (view-notes)',
    removedBy: { 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'ERASE',
    description:
      'deletion mark: the staff notes of this request (or deleted check-in) are to be deleted; only the request id and the time',
    table: 'app',
    owner: 'casework-store.ts (written for erasure.ts; the erase-notes job in services/jobs.ts)',
    pk: `${PK.erasure}<id>`,
    sk: 'ERASE',
    pkPrefix: PK.erasure,
    indexes: [
      {
        index: 'gsi1',
        pk: INDEX_PK.erasures,
        sk: '<at>#<id>',
        pkPrefix: INDEX_PK.erasures,
        when: 'until the erase-notes job has run',
        queriedBy: ['jobs'],
      },
    ],
    personal: [],
    encrypted: [],
    ttl: 'none (the erase-notes job deletes it, every 5 minutes)',
    access: { public: ['put'], console: ['put'], jobs: ['put', 'delete', 'query-index'] },
    readers: 'nobody (the erase-notes job)',
    removedBy: {},
  },
  {
    name: 'REFERRAL',
    description: 'referral to a directory service with the consent time',
    table: 'app',
    owner: 'casework-store.ts',
    pk: OWN_REQUEST_PARTITION,
    sk: 'REFERRAL#<ulid>',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['consentAt', 'text'],
    encrypted: [],
    ttl: 'none',
    access: { public: ['query', 'update', 'delete'], console: ['put', 'query'] },
    readers: 'operator, supervisor (console)',
    removedBy: { 'delete-my-data': 'personal fields removed' },
  },
  {
    name: 'EVENT',
    description:
      'status change, stated needs, priority change with its reason (a word from a list), a close or decision without a summary',
    table: 'app',
    owner: 'casework-store.ts',
    pk: OWN_REQUEST_PARTITION,
    sk: 'EVENT#<ulid>',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['text'],
    encrypted: [],
    ttl: 'none',
    access: { public: ['query', 'update', 'delete'], console: ['put', 'query'] },
    readers: 'operator, supervisor (console)',
    removedBy: { 'delete-my-data': 'personal fields removed' },
  },
  {
    name: 'CODE',
    description:
      'reference code: request id, linked follow-ups, PIN hash, setup token hash, failed PINs, lockout',
    table: 'app',
    owner: 'request-store.ts; followup-store.ts links follow-ups to it',
    pk: `${PK.code}<code>`,
    sk: 'CODE',
    pkPrefix: PK.code,
    indexes: [],
    personal: ['requestId', 'followupId', 'followupIds', 'idempotencyKey', 'pinHash'],
    encrypted: [],
    ttl: 'RETENTION_DAYS + 30 days after it was written',
    access: { public: ['get', 'put', 'update', 'delete'] },
    readers: 'nobody (the public function checks the PIN hash)',
    removedBy: { 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'IDEMP',
    description: 'idempotency marker of a submission: request or follow-up id and its code',
    table: 'app',
    owner: 'request-store.ts; followup-store.ts',
    pk: `${PK.idempotency}<key>`,
    sk: 'IDEMP',
    pkPrefix: PK.idempotency,
    indexes: [],
    personal: ['requestId', 'followupId', 'code'],
    encrypted: [],
    ttl: `${IDEMPOTENCY_TTL_DAYS} days`,
    access: { public: ['get', 'put', 'delete'] },
    readers: 'nobody',
    removedBy: { 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'FU',
    description: 'follow-up: rhythm, duration, safe windows, status, check-in history; no identifying data',
    table: 'app',
    owner: 'followup-store.ts',
    pk: `${PK.followUp}<id>`,
    sk: 'FU',
    pkPrefix: PK.followUp,
    indexes: [
      {
        index: 'gsi1',
        pk: INDEX_PK.followUpsDue,
        sk: '<nextDueAt>#<id>',
        pkPrefix: INDEX_PK.followUpsDue,
        when: 'while active with a planned check-in',
      },
    ],
    personal: ['timeZone', 'safeWindows', 'channel', 'history', 'linkedRequestId'],
    encrypted: [],
    ttl: 'end of the follow-up (or 2 years) + RETENTION_DAYS',
    access: {
      public: ['get', 'put', 'update', 'query', 'delete'],
      console: ['get', 'update', 'query'],
      jobs: ['get', 'update', 'query-index'],
    },
    readers: 'the person with code + PIN; operator working a check-in (history)',
    removedBy: {
      cancel: 'stopped',
      'stop-follow-up': 'stopped',
      'delete-my-data': 'deleted',
      retention: 'deleted',
    },
  },
  {
    name: 'FU_PII',
    description: "follow-up's contact details: channel and handle",
    table: 'app',
    owner: 'followup-store.ts',
    pk: `${PK.followUp}<id>`,
    sk: 'PII',
    pkPrefix: PK.followUp,
    indexes: [],
    personal: ['ciphertext'],
    encrypted: ['ciphertext'],
    ttl: 'end of the follow-up (or 2 years) + RETENTION_DAYS',
    access: { public: ['put', 'delete', 'query'], console: ['get', 'delete'] },
    readers: 'operator holding one of its check-ins, audited (view-contact)',
    removedBy: {
      cancel: 'deleted',
      'stop-follow-up': 'deleted',
      'delete-my-data': 'deleted',
      retention: 'deleted',
    },
  },
  {
    name: 'FU_CHECKIN',
    description: 'link from a follow-up to a check-in it put into the queue',
    table: 'app',
    owner: 'followup-store.ts',
    pk: `${PK.followUp}<id>`,
    sk: 'CHECKIN#<check-in id>',
    pkPrefix: PK.followUp,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'end of the follow-up (or 2 years) + RETENTION_DAYS',
    access: { public: ['put', 'query', 'delete'], console: ['query'], jobs: ['put'] },
    readers: 'nobody (used to reach check-ins)',
    removedBy: { 'delete-my-data': 'deleted', retention: 'deleted' },
  },
  {
    name: 'STAT',
    description:
      'anonymous counter per ISO week or quarter and dimension (country, help, language, priority, outcome)',
    table: 'app',
    owner: 'casework-store.ts',
    pk: `${PK.stat}<week or quarter>`,
    sk: '<dimension>#<value>',
    pkPrefix: PK.stat,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'none',
    access: { public: ['update'], console: ['update', 'query'] },
    readers: 'supervisor (aggregates, counts under 5 shown as "<5")',
    removedBy: {},
  },
  {
    name: 'STAT_CELL',
    description:
      'anonymous reporting counters of one ISO week of arrival for one region and one language (or all): requests, first attempts and minutes to them, reached within a safe time, kinds of help, referral areas, close outcomes',
    table: 'app',
    owner: 'casework-store.ts',
    pk: `${PK.stat}<week>`,
    sk: 'cell#<country | unknown | *>#<language | unspecified | *>',
    pkPrefix: PK.stat,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'none',
    access: { public: ['update'], console: ['update', 'query'] },
    readers: 'supervisor, admin (reports: counts under 5 shown as "<5", views and downloads audited)',
    removedBy: {},
  },
  {
    name: 'RATE',
    description: 'rate-limit counter of a client or code under a daily-rotated keyed hash',
    table: 'app',
    owner: 'rate-limiter.ts',
    pk: `${PK.rate}<scope>#<hashed client>`,
    sk: '<window start>',
    pkPrefix: PK.rate,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'end of the window + 1 day',
    access: { public: ['update'] },
    readers: 'nobody',
    removedBy: { retention: 'deleted' },
  },
  {
    name: 'SESSION',
    description: 'staff session: staff id, name, roles, CSRF token, expiry',
    table: 'app',
    owner: 'session-store.ts',
    pk: `${PK.session}<id>`,
    sk: 'SESSION',
    pkPrefix: PK.session,
    indexes: [],
    personal: ['sub (staff)', 'name (staff)'],
    encrypted: [],
    ttl: 'session expiry (SESSION_HOURS)',
    access: { console: ['get', 'put', 'delete'] },
    readers: 'the console function only',
    removedBy: { retention: 'deleted' },
  },
  {
    name: 'AUTHTX',
    description: 'sign-in in progress: state, nonce, PKCE verifier',
    table: 'app',
    owner: 'session-store.ts',
    pk: `${PK.authTx}<id>`,
    sk: 'AUTHTX',
    pkPrefix: PK.authTx,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: '10 minutes',
    access: { console: ['put', 'delete'] },
    readers: 'the console function only',
    removedBy: { retention: 'deleted' },
  },
  {
    name: 'TOKEN',
    description: 'a used public form or action token (hashed id) and what it was bound to',
    table: 'app',
    owner: 'token-ledger.ts',
    pk: `${PK.token}<sha256 of the token id>`,
    sk: 'USED',
    pkPrefix: PK.token,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: "the token's expiry + 1 day",
    access: { public: ['put'] },
    readers: 'nobody (a conditional put decides)',
    removedBy: { retention: 'deleted' },
  },
  {
    name: 'DRAFT',
    description:
      'callback form answers between steps (so Back, "change" and another language keep them), then only the sent reference code; AES-256-GCM with a key that only the page address holds',
    table: 'app',
    owner: 'draft-store.ts',
    pk: `${PK.draft}<random id>`,
    sk: 'DRAFT',
    pkPrefix: PK.draft,
    indexes: [],
    personal: ['sealed (the answers so far, or the sent code)'],
    encrypted: ['sealed (the answers so far, or the sent code)'],
    ttl: '30 minutes after the last step (DRAFT_MINUTES)',
    access: { public: ['get', 'put'] },
    readers: 'nobody but the person: the key is in their page address, never stored',
    removedBy: { retention: 'deleted' },
  },
  {
    name: 'STAFF',
    description:
      'staff member: name, login, roles, groups, languages, active flag, last seen; read on every console request',
    table: 'app',
    owner: 'staff-store.ts',
    pk: `${PK.staff}<sub>`,
    sk: 'STAFF',
    pkPrefix: PK.staff,
    indexes: [
      {
        index: 'gsi1',
        pk: INDEX_PK.staffList,
        sk: '<name>#<sub>',
        pkPrefix: INDEX_PK.staffList,
        when: 'always',
      },
    ],
    personal: ['name (staff)', 'login (staff)'],
    encrypted: [],
    ttl: 'none',
    access: { console: ['get', 'put', 'update', 'query-index'] },
    readers: 'the console function only; admins see the list in the staff area',
    removedBy: {},
  },
  {
    name: 'LOCALACCT',
    description:
      'sign-in account of the local OpenID Connect provider (npm start): login, name, e-mail, groups, enabled; Cognito holds accounts in AWS',
    table: 'app',
    owner: 'local-accounts.ts',
    pk: `${PK.localAccount}<login>`,
    sk: 'ACCOUNT',
    pkPrefix: PK.localAccount,
    indexes: [],
    personal: ['login (staff)', 'name (staff)', 'email (staff)'],
    encrypted: [],
    ttl: 'none',
    access: { local: ['get', 'put', 'update'] },
    readers: 'the local sign-in provider and the local staff area; no AWS function is granted this prefix',
    removedBy: {},
  },
  {
    name: 'DIRECTORY_VERSION',
    description: "the directory's version stamp",
    table: 'app',
    owner: 'directory-store.ts',
    pk: PK.directory,
    sk: 'VERSION',
    pkPrefix: PK.directory,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'none',
    access: { public: ['get'], console: ['get', 'update'], jobs: ['get'], tools: ['get', 'update'] },
    readers: 'everyone',
    removedBy: {},
  },
  ...(['ORG', 'SVC', 'LOC'] as const).map(
    (entity): ItemType => ({
      name: entity,
      description: {
        ORG: 'organisation (public directory)',
        SVC: 'service (public directory) with its segmented words',
        LOC: 'location, public part (region only when confidential)',
      }[entity],
      table: 'app',
      owner: 'directory-store.ts',
      pk: `${entity}#<id>`,
      sk: entity,
      pkPrefix: `${entity}#`,
      indexes: [
        {
          index: 'gsi1',
          pk: INDEX_PK.directory,
          sk: `${entity}#<id>`,
          pkPrefix: INDEX_PK.directory,
          when: 'always',
        },
      ],
      personal: [],
      encrypted: [],
      ttl: 'none',
      access: {
        public: ['query-index'],
        // Editors save listings, organisations and locations in the console (optimistic
        // concurrency on a revision) and import HSDS files there, as the command line does.
        console: ['get', 'put', 'query-index'],
        jobs: ['query-index'],
        // Imports read the revision first, so a form opened before an import conflicts.
        tools: ['get', 'put', 'query-index'],
      },
      readers: 'everyone',
      removedBy: {},
    }),
  ),
  {
    name: 'LOC_CONFIDENTIAL',
    description: "a confidential location's street address and coordinates (not personal, but secret)",
    table: 'app',
    owner: 'directory-store.ts',
    pk: `${PK.location}<id>`,
    sk: 'CONFIDENTIAL',
    pkPrefix: PK.location,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'none',
    access: { console: ['get', 'put', 'delete'], tools: ['get', 'put'] },
    readers: 'staff only (editors on a location page); never the public function, never an export',
    removedBy: {},
  },
  {
    name: 'REPORT',
    description: 'anonymous problem report about a listing: reason and optional message',
    table: 'app',
    owner: 'report-store.ts',
    pk: `${PK.report}<id>`,
    sk: 'REPORT',
    pkPrefix: PK.report,
    indexes: [
      {
        index: 'gsi1',
        pk: INDEX_PK.openReports,
        sk: '<createdAt>#<id>',
        pkPrefix: INDEX_PK.openReports,
        when: 'while open',
      },
    ],
    personal: ['message'],
    encrypted: [],
    ttl: `${REPORT_TTL_DAYS} days`,
    access: { public: ['put'], console: ['update', 'query', 'query-index'] },
    readers: 'directory editor (no screen yet)',
    removedBy: { retention: 'deleted' },
  },
  {
    name: 'HEALTH',
    description: 'never written: the health check reads this key to prove the table answers',
    table: 'app',
    owner: 'health.ts',
    pk: PK.health,
    sk: 'HEALTH',
    pkPrefix: PK.health,
    indexes: [],
    personal: [],
    encrypted: [],
    ttl: 'none',
    access: { public: ['get'] },
    readers: 'nobody',
    removedBy: {},
  },
  {
    name: 'AUDIT',
    description:
      'audit event: who viewed or changed which request (also listing:<id>, staff:<sub>, reports: views and downloads of the reporting figures), when; never the personal data itself, never a password',
    table: 'audit',
    owner: 'audit-log.ts',
    pk: `${PK.request}<id>`,
    sk: '<at>#<actor>#<nonce>',
    pkPrefix: PK.request,
    indexes: [],
    personal: ['actor (staff)', 'actorName (staff)'],
    encrypted: [],
    ttl: 'none (append-only)',
    access: { console: ['put', 'query'], jobs: ['put'] },
    readers: 'supervisor (audit trail, itself audited)',
    removedBy: {},
  },
];

/**
 * The key prefixes a function may use per table, index and operation: the input for IAM
 * `dynamodb:LeadingKeys` conditions. Items that share a partition (everything under REQ#<id>,
 * FU#<id>) share a prefix, so a function's rights there are the union of its rights on each.
 */
export function leadingKeys(fn: FunctionName): {
  table: 'app' | 'audit';
  index: 'table' | 'gsi1' | 'gsi2';
  operation: Exclude<Operation, 'query-index'>;
  prefixes: string[];
}[] {
  const rows = new Map<string, Set<string>>();
  const add = (table: string, index: string, operation: string, prefix: string) => {
    const key = `${table}|${index}|${operation}`;
    rows.set(key, (rows.get(key) ?? new Set()).add(prefix));
  };
  for (const item of ITEM_TYPES) {
    for (const op of item.access[fn] ?? []) {
      if (op === 'query-index') {
        for (const ix of item.indexes)
          if (!ix.queriedBy || ix.queriedBy.includes(fn)) add(item.table, ix.index, 'query', ix.pkPrefix);
      } else add(item.table, 'table', op, item.pkPrefix);
    }
  }
  return [...rows.entries()].map(([key, prefixes]) => {
    const [table, index, operation] = key.split('|') as [
      'app' | 'audit',
      'table' | 'gsi1' | 'gsi2',
      Exclude<Operation, 'query-index'>,
    ];
    return { table, index, operation, prefixes: [...prefixes].sort() };
  });
}

const ACTIONS: SurvivorAction[] = ['cancel', 'stop-follow-up', 'delete-my-data', 'retention'];
const FUNCTIONS: FunctionName[] = ['public', 'console', 'jobs', 'tools', 'local'];
const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : '–');
const cell = (s: string) => s.replace(/\|/g, '\\|');

export const INVENTORY_START = '<!-- generated from functions/data/inventory.ts: start -->';
export const INVENTORY_END = '<!-- generated from functions/data/inventory.ts: end -->';

/** The generated part of docs/data-inventory.md (between INVENTORY_START and INVENTORY_END). */
export function inventoryMarkdown(): string {
  const out: string[] = [];
  out.push('### Items, keys, personal fields', '');
  out.push('| item | table | pk | sk | indexes | personal fields | encrypted | TTL |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const i of ITEM_TYPES) {
    const ix = i.indexes.map((x) => `${x.index}: \`${x.pk}\` / \`${x.sk}\` (${x.when})`);
    out.push(
      `| ${[i.name, i.table, `\`${i.pk}\``, `\`${i.sk}\``, list(ix), list(i.personal), list(i.encrypted), i.ttl].map(cell).join(' | ')} |`,
    );
  }
  out.push('', '### Access by function and readers', '');
  out.push(`| item | owner | ${FUNCTIONS.join(' | ')} | who may read it |`);
  out.push(`| --- | --- | ${FUNCTIONS.map(() => '---').join(' | ')} | --- |`);
  for (const i of ITEM_TYPES) {
    out.push(
      `| ${[i.name, i.owner, ...FUNCTIONS.map((f) => list(i.access[f] ?? [])), i.readers].map(cell).join(' | ')} |`,
    );
  }
  out.push('', '### What removes it', '');
  out.push(`| item | ${ACTIONS.join(' | ')} |`);
  out.push(`| --- | ${ACTIONS.map(() => '---').join(' | ')} |`);
  for (const i of ITEM_TYPES) {
    out.push(`| ${[i.name, ...ACTIONS.map((a) => i.removedBy[a] ?? '–')].map(cell).join(' | ')} |`);
  }
  return `${out.join('\n')}\n`;
}
