/**
 * Least privilege, written as data: which key partitions of which table each Lambda function may
 * get, put, update, delete or query. The CDK construct turns every line into one IAM statement with
 * a `dynamodb:LeadingKeys` condition (cdk/constructs/waypoint-function.ts), and the CDK tests check
 * the synthesized policies against this list. Locally nothing enforces it, so keep it in step with
 * the stores: a store that starts reading a new partition needs a line here, or it fails in AWS.
 *
 * Partitions are IAM string patterns on the partition key (of the table, or of the index for
 * queries on an index): `REQ#*` is every request, `DIRECTORY` one fixed key.
 *
 * What the public function cannot reach, by design: staff sessions and sign-in transactions
 * (SESSION#, AUTHTX#), staff records (STAFF#), confidential addresses (LOC#), the staff notes of
 * requests (NOTE#: operator notes, handover notes, wrap-up summaries), the held and queue indexes,
 * and the audit table. To delete a person's staff notes it writes a deletion mark (ERASE#) that
 * the jobs function acts on.
 *
 * What no function is granted: the local sign-in accounts (LOCALACCT#, local-accounts.ts). They
 * exist only under `npm start`, where the local OpenID Connect provider stands in for Cognito; in
 * AWS the console manages accounts through Cognito's admin API instead (cdk/stacks/waypoint-stack.ts
 * grants it the five admin actions it uses, on the user pool only).
 */
import { APP_TABLE, AUDIT_TABLE } from './table-design.js';

export const FUNCTIONS = ['public', 'console', 'jobs'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
export const OPERATIONS = ['get', 'put', 'update', 'delete', 'query'] as const;
export type Operation = (typeof OPERATIONS)[number];
/** Logical table names, as in table-design.ts. */
export type TableName = 'app' | 'audit';

export interface TableGrant {
  table: TableName;
  /** Queries on a secondary index; the partitions are then the index's partition key values. */
  index?: 'gsi1' | 'gsi2';
  /** Partition-key patterns; `['*']` only for the audit table (its own table, put-only for most). */
  partitions: readonly string[];
  operations: readonly Operation[];
  why: string;
}

const APP = APP_TABLE.logicalName as 'app';
const AUDIT = AUDIT_TABLE.logicalName as 'audit';

export const FUNCTION_ACCESS: Record<FunctionName, readonly TableGrant[]> = {
  public: [
    {
      table: APP,
      partitions: ['DIRECTORY', 'HEALTH'],
      operations: ['get'],
      why: 'directory version, health',
    },
    {
      table: APP,
      index: 'gsi1',
      partitions: ['DIRECTORY'],
      operations: ['query'],
      why: 'load the directory',
    },
    {
      table: APP,
      partitions: ['REQ#*'],
      operations: ['get', 'put', 'update', 'delete', 'query'],
      why: 'a person’s own request: create, status, change, messages, withdraw and delete',
    },
    {
      table: APP,
      partitions: ['CODE#*'],
      operations: ['get', 'put', 'update', 'delete'],
      why: 'reference codes, PIN checks and lockouts',
    },
    {
      table: APP,
      partitions: ['IDEMP#*'],
      operations: ['get', 'put', 'delete'],
      why: 'duplicate-safe submission; "delete my data" removes the marker',
    },
    {
      table: APP,
      partitions: ['ERASE#*'],
      operations: ['put'],
      why: '"delete my data": mark the staff notes for the erase-notes job',
    },
    { table: APP, partitions: ['TOKEN#*'], operations: ['put'], why: 'single-use form and action tokens' },
    {
      table: APP,
      partitions: ['DRAFT#*'],
      operations: ['get', 'put'],
      why: 'callback form answers between steps, sealed, 30 minutes',
    },
    {
      table: APP,
      partitions: ['FU#*'],
      operations: ['get', 'put', 'update', 'delete', 'query'],
      why: 'follow-ups the person manages; stopping finds their check-ins',
    },
    { table: APP, partitions: ['RATE#*'], operations: ['update'], why: 'rate-limit counters' },
    { table: APP, partitions: ['REPORT#*'], operations: ['put'], why: 'listing problem reports' },
    { table: APP, partitions: ['STAT#*'], operations: ['update'], why: 'anonymous intake counts' },
  ],
  console: [
    {
      table: APP,
      partitions: ['SESSION#*', 'AUTHTX#*'],
      operations: ['get', 'put', 'update', 'delete'],
      why: 'staff sessions and sign-ins in progress',
    },
    { table: APP, partitions: ['STAFF#*'], operations: ['get', 'put', 'update'], why: 'staff records' },
    {
      table: APP,
      partitions: ['DIRECTORY', 'LOC#*', 'SVC#*', 'ORG#*'],
      operations: ['get'],
      why: 'directory for referrals; a confidential address for the holder of a request',
    },
    {
      table: APP,
      partitions: ['DIRECTORY'],
      operations: ['update'],
      why: 'editors raise the directory version with every save and import',
    },
    {
      table: APP,
      partitions: ['SVC#*', 'ORG#*'],
      operations: ['put'],
      why: 'editors save a listing or an organisation (revision check); console imports',
    },
    {
      table: APP,
      partitions: ['LOC#*'],
      operations: ['put', 'delete'],
      why: 'editors save a location and its confidential address (removed when no longer confidential)',
    },
    {
      table: APP,
      partitions: ['REPORT#*'],
      operations: ['update', 'query'],
      why: 'problem reports inbox: read one, resolve or dismiss it',
    },
    {
      table: APP,
      partitions: ['REQ#*'],
      operations: ['get', 'put', 'update', 'delete', 'query'],
      why: 'casework: claims, attempts, referrals, status, notes written before NOTE#; "stop" removes queued check-ins',
    },
    {
      table: APP,
      partitions: ['NOTE#*'],
      operations: ['put', 'query'],
      why: 'staff notes: write and read notes, handover notes and wrap-up summaries',
    },
    {
      table: APP,
      partitions: ['ERASE#*'],
      operations: ['put'],
      why: '"stop" deletes an unworked check-in: mark its staff notes for the erase-notes job',
    },
    { table: APP, partitions: ['CODE#*'], operations: ['get'], why: 'follow-up check-ins' },
    {
      table: APP,
      partitions: ['FU#*'],
      operations: ['get', 'put', 'update', 'delete', 'query'],
      why: 'record a check-in; "stop" deletes the contact details and finds the check-ins',
    },
    {
      table: APP,
      partitions: ['STAT#*'],
      operations: ['update', 'query'],
      why: 'anonymous aggregates and check-in outcomes',
    },
    {
      table: APP,
      index: 'gsi1',
      partitions: ['DIRECTORY', 'QUEUE#*', 'CLOSED', 'STAFF', 'REPORT#open'],
      operations: ['query'],
      why: 'directory, queue, closed and withdrawn requests, staff list, open problem reports',
    },
    {
      table: APP,
      index: 'gsi2',
      partitions: ['HELD', 'HELD#*'],
      operations: ['query'],
      why: 'held requests',
    },
    { table: AUDIT, partitions: ['*'], operations: ['put', 'query'], why: 'write and read audit trails' },
  ],
  jobs: [
    { table: APP, partitions: ['DIRECTORY'], operations: ['get'], why: 'directory version (stale listings)' },
    {
      table: APP,
      partitions: ['REQ#*'],
      operations: ['get', 'put', 'update', 'delete', 'query'],
      why: 'expire claims, queue check-ins; a check-in written during a stop is removed',
    },
    {
      table: APP,
      partitions: ['NOTE#*'],
      operations: ['put', 'update', 'delete', 'query'],
      why: 'erase-notes: delete the staff notes of deleted data, strip wrap-up summaries',
    },
    {
      table: APP,
      partitions: ['ERASE#*'],
      operations: ['put', 'delete'],
      why: 'erase-notes: remove a deletion mark once done; a check-in dropped during a stop is marked',
    },
    { table: APP, partitions: ['FU#*'], operations: ['get', 'put', 'update'], why: 'due follow-ups' },
    { table: APP, partitions: ['CODE#*'], operations: ['get'], why: 'the code of a follow-up' },
    {
      table: APP,
      index: 'gsi1',
      partitions: ['DIRECTORY', 'QUEUE#*', 'FOLLOWUP#due', 'ERASE'],
      operations: ['query'],
      why: 'directory, urgent queue, due follow-ups, deletion marks',
    },
    {
      table: APP,
      index: 'gsi2',
      partitions: ['HELD', 'HELD#*'],
      operations: ['query'],
      why: 'held requests',
    },
    { table: AUDIT, partitions: ['*'], operations: ['put'], why: 'audit what the jobs change' },
  ],
};

/** DynamoDB API actions each operation needs (transactions are authorized per item action). */
export const OPERATION_ACTIONS: Record<Operation, readonly string[]> = {
  get: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem'],
  put: ['dynamodb:PutItem'],
  update: ['dynamodb:UpdateItem'],
  // BatchWriteItem can put as well as delete: it is granted only where both are (checked below).
  delete: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  query: ['dynamodb:Query'],
};

/** The rules the list must keep; the CDK tests run them too. */
export function checkAccessPolicy(access: Record<string, readonly TableGrant[]> = FUNCTION_ACCESS): string[] {
  const problems: string[] = [];
  for (const [fn, grants] of Object.entries(access)) {
    for (const g of grants) {
      if (g.index && g.operations.some((o) => o !== 'query'))
        problems.push(`${fn}: only queries on index ${g.index}`);
      if (g.operations.includes('delete') && !g.operations.includes('put'))
        problems.push(`${fn}: delete without put on ${g.partitions.join(',')} (BatchWriteItem puts too)`);
      if (g.table === AUDIT && g.operations.some((o) => o === 'update' || o === 'delete'))
        problems.push(`${fn}: the audit table is append-only`);
      if (g.partitions.includes('*') && g.table !== AUDIT)
        problems.push(`${fn}: every partition of ${g.table}`);
    }
  }
  return problems;
}
