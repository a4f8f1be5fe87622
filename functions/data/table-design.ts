/**
 * The one description of Waypoint's DynamoDB tables. The local runtime, the integration tests and
 * the CDK stack all build their tables from these constants, so code and infrastructure cannot drift.
 *
 * Single-table design: generic key names, the entity type at the start of every key value.
 */

export interface KeyDesign {
  partitionKey: string;
  sortKey: string;
}

export interface GsiDesign extends KeyDesign {
  indexName: string;
}

export interface TableDesign extends KeyDesign {
  /** Logical name; the physical name comes from configuration. */
  logicalName: string;
  globalSecondaryIndexes: readonly GsiDesign[];
  /** Attribute holding an epoch-seconds expiry, or undefined when items never expire. */
  timeToLiveAttribute: string | undefined;
}

export const APP_TABLE: TableDesign = {
  logicalName: 'app',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
  timeToLiveAttribute: 'ttl',
};

/** Append-only: application roles may PutItem and Query, never update or delete. */
export const AUDIT_TABLE: TableDesign = {
  logicalName: 'audit',
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [],
  timeToLiveAttribute: undefined,
};

export const TABLES = [APP_TABLE, AUDIT_TABLE] as const;

/** Every attribute used in a key is a string. */
export function keyAttributes(table: TableDesign): string[] {
  const names = [table.partitionKey, table.sortKey];
  for (const gsi of table.globalSecondaryIndexes) names.push(gsi.partitionKey, gsi.sortKey);
  return [...new Set(names)];
}

export interface AccessPattern {
  name: string;
  table: 'app' | 'audit';
  index: 'table' | 'gsi1' | 'gsi2';
  key: string;
  notes?: string;
}

/**
 * Every way the application reads or writes data. Nothing on a request path uses Scan.
 * Add the pattern here before writing the query; keys are built in keys.ts, and every item type is
 * listed with its personal fields, access and deletion in inventory.ts.
 */
export const ACCESS_PATTERNS: readonly AccessPattern[] = [
  { name: 'directory version stamp', table: 'app', index: 'table', key: 'pk=DIRECTORY, sk=VERSION' },
  {
    name: 'whole directory (loaded into memory, cached by version)',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=DIRECTORY, gsi1sk=<entity>#<id>',
    notes: 'one Query with paging; organisations, services, locations share the partition',
  },
  { name: 'service by id', table: 'app', index: 'table', key: 'pk=SVC#<id>, sk=SVC' },
  { name: 'organization by id', table: 'app', index: 'table', key: 'pk=ORG#<id>, sk=ORG' },
  {
    name: 'location by id (public part)',
    table: 'app',
    index: 'table',
    key: 'pk=LOC#<id>, sk=LOC',
  },
  {
    name: 'confidential address of a location (staff only)',
    table: 'app',
    index: 'table',
    key: 'pk=LOC#<id>, sk=CONFIDENTIAL',
  },
  { name: 'problem report by id', table: 'app', index: 'table', key: 'pk=REPORT#<id>, sk=REPORT' },
  {
    name: 'listing problem reports, newest first',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=REPORT#open, gsi1sk=<createdAt>#<id>',
  },
  { name: 'request by id', table: 'app', index: 'table', key: 'pk=REQ#<ulid>, sk=REQ' },
  {
    name: 'personal data of a request (encrypted)',
    table: 'app',
    index: 'table',
    key: 'pk=REQ#<ulid>, sk=PII',
    notes: 'own ttl: expires after the retention period without losing anonymous statistics',
  },
  {
    name: 'request by reference code',
    table: 'app',
    index: 'table',
    key: 'pk=CODE#<code>, sk=CODE',
    notes: 'request id, linked follow-ups, PIN hash, failed-attempt counter, lockout',
  },
  {
    name: 'duplicate-safe submission',
    table: 'app',
    index: 'table',
    key: 'pk=IDEMP#<key>, sk=IDEMP',
    notes: 'conditional put; ttl IDEMPOTENCY_TTL_DAYS (2 days); deleted with the code by "delete my data"',
  },
  {
    name: 'queue: open requests contactable now, by priority',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=QUEUE#<priority>, gsi1sk=<nextContactableAt>#<createdAt>#<id>',
    notes: 'one Query per priority with gsi1sk <= now',
  },
  {
    name: 'closed and withdrawn requests, newest first',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=CLOSED, gsi1sk=<closedAt>#<id>',
    notes: 'one Query with gsi1sk >= the start of the period (console list with filters)',
  },
  {
    name: 'requests held (claimed), by operator and claim end',
    table: 'app',
    index: 'gsi2',
    key: 'gsi2pk=HELD, gsi2sk=<operator>#<claimUntil, 15 digits>#<id>',
    notes: 'one small partition, read whole for workload and claim expiry',
  },
  {
    name: 'messages the person added to a request (encrypted)',
    table: 'app',
    index: 'table',
    key: 'pk=REQ#<ulid>, sk begins_with MSG#',
    notes: 'sk=MSG#<at>; personal-data ttl',
  },
  {
    name: 'follow-up by id',
    table: 'app',
    index: 'table',
    key: 'pk=FU#<id>, sk=FU',
    notes: 'ttl = end of the follow-up + retention',
  },
  {
    name: 'personal data of a follow-up (encrypted)',
    table: 'app',
    index: 'table',
    key: 'pk=FU#<id>, sk=PII',
  },
  {
    name: 'check-ins a follow-up put into the queue',
    table: 'app',
    index: 'table',
    key: 'pk=FU#<id>, sk begins_with CHECKIN#',
    notes: 'written before the check-in request item; stop and delete follow them',
  },
  {
    name: 'follow-ups due',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=FOLLOWUP#due, gsi1sk=<nextDueAt>#<id>',
  },
  {
    name: 'attempts, referrals, events of a request',
    table: 'app',
    index: 'table',
    key: 'pk=REQ#<ulid>, sk begins_with ATTEMPT# | REFERRAL# | EVENT# (and NOTE# written before notes moved)',
    notes: 'read with the staff notes below, merged by time',
  },
  {
    name: 'staff notes of a request: notes, handover notes, closes with a wrap-up summary',
    table: 'app',
    index: 'table',
    key: 'pk=NOTE#<ulid>, sk begins_with NOTE# | EVENT#',
    notes:
      'staff-only partition (the public function has no right on it); notes encrypted with the personal-data ttl',
  },
  {
    name: 'deletion mark: staff notes to delete',
    table: 'app',
    index: 'table',
    key: 'pk=ERASE#<ulid>, sk=ERASE',
    notes: 'put by "delete my data" and deleted check-ins; deleted by the erase-notes job when done',
  },
  {
    name: 'deletion marks, oldest first (erase-notes job)',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=ERASE, gsi1sk=<at>#<id>',
    notes: 'one small partition, read whole every 5 minutes',
  },
  {
    name: 'anonymous statistics of a week or quarter',
    table: 'app',
    index: 'table',
    key: 'pk=STAT#<ISO week | quarter>, sk=<dimension>#<value>',
    notes: 'atomic counters',
  },
  {
    name: 'reporting counters of a week for a region and a language',
    table: 'app',
    index: 'table',
    key: 'pk=STAT#<ISO week>, sk=cell#<region>#<language>',
    notes: 'atomic counters (ADD), one item per cell; "*" is all',
  },
  {
    name: 'claim a request',
    table: 'app',
    index: 'table',
    key: 'pk=REQ#<ulid>, sk=REQ',
    notes: 'conditional update: unclaimed or claim expired',
  },
  {
    name: 'rate-limit bucket',
    table: 'app',
    index: 'table',
    key: 'pk=RATE#<scope>#<hashed client>, sk=<window>',
    notes: 'atomic counter, ttl',
  },
  {
    name: 'used public token (form and action tokens are single-use)',
    table: 'app',
    index: 'table',
    key: 'pk=TOKEN#<hashed token id>, sk=USED',
    notes: 'conditional put, ttl = token expiry',
  },
  {
    name: 'callback form answers between steps (sealed with a key only the page address holds)',
    table: 'app',
    index: 'table',
    key: 'pk=DRAFT#<random id>, sk=DRAFT',
    notes: 'put and consistent get, ttl = 30 minutes after the last step',
  },
  {
    name: 'staff session',
    table: 'app',
    index: 'table',
    key: 'pk=SESSION#<id>, sk=SESSION',
    notes: 'ttl = expiry',
  },
  {
    name: 'staff sign-in in progress',
    table: 'app',
    index: 'table',
    key: 'pk=AUTHTX#<id>, sk=AUTHTX',
    notes: 'read and deleted once; ttl 10 minutes',
  },
  {
    name: 'health check (never written)',
    table: 'app',
    index: 'table',
    key: 'pk=HEALTH, sk=HEALTH',
  },
  {
    name: 'staff member by subject id',
    table: 'app',
    index: 'table',
    key: 'pk=STAFF#<sub>, sk=STAFF',
    notes: 'written at each sign-in and by the staff area (staff-store.ts); read on every console request',
  },
  {
    name: 'staff list, by name',
    table: 'app',
    index: 'gsi1',
    key: 'gsi1pk=STAFF, gsi1sk=<name>#<sub>',
    notes: 'the reassign list and the staff area; one small partition',
  },
  {
    name: 'sign-in account of the local provider, by login',
    table: 'app',
    index: 'table',
    key: 'pk=LOCALACCT#<login>, sk=ACCOUNT',
    notes: 'npm start only (local-accounts.ts): the accounts the local OpenID Connect provider signs in',
  },
  {
    name: 'audit trail of a subject',
    table: 'audit',
    index: 'table',
    key: 'pk=REQ#<id> (or listing:<id>, staff:<sub>), sk=<at>#<actor>#<nonce>',
    notes: 'PutItem only',
  },
];
