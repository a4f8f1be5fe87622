import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import { auditSortKey, INDEX_PK, staffKeys } from './keys.js';
import { CHILD_PROTECTION_GROUP, type Role } from '../domain/console/roles.js';
import { AccountExistsError, type StaffMember, StaffChangeRefused } from '../domain/console/staff.js';

/**
 * The staff list: who works in the console, with which roles and groups. Written (and refreshed)
 * each time a staff member signs in, from the identity provider's claims; locally the demo
 * accounts are seeded. Reassignment offers only staff from this list. Admins invite, disable and
 * change staff in the staff area (`create`, `change`: each with its audit event, in one transaction).
 *
 *   pk=STAFF#<sub>  sk=STAFF   name, login, roles, groups, languages, active, lastSeenAt
 *                              gsi1pk=STAFF gsi1sk=<name, lower case>#<sub>   (the list, by name)
 *
 * No contact details of survivors here; staff names and logins are work data. The member's shape
 * is in domain/console/staff.ts (re-exported here for code that imports it with the store).
 */
export type { StaffMember };

export type StaffSignIn = Omit<StaffMember, 'active' | 'lastSeenAt' | 'childProtection' | 'languages'> & {
  languages?: string[] | undefined;
};

const key = (sub: string) => staffKeys.item(sub);
const listKeys = (m: Pick<StaffMember, 'name' | 'sub'>) => staffKeys.list(m.name, m.sub);

function fromItem(item: Record<string, unknown>): StaffMember {
  const groups = (item.groups as string[] | undefined) ?? [];
  return {
    sub: item.sub as string,
    name: item.name as string,
    login: (item.login as string | undefined) ?? (item.sub as string),
    roles: (item.roles as Role[] | undefined) ?? [],
    groups,
    childProtection: groups.includes(CHILD_PROTECTION_GROUP),
    languages: (item.languages as string[] | undefined) ?? [],
    active: item.active !== false,
    ...(item.lastSeenAt ? { lastSeenAt: item.lastSeenAt as string } : {}),
  };
}

export class StaffStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(sub: string): Promise<StaffMember | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key(sub), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  /** Every staff member, by name (a helpline's staff fits in a few pages). */
  async list(): Promise<StaffMember[]> {
    const out: StaffMember[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :s',
          ExpressionAttributeValues: { ':s': INDEX_PK.staffList },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []).map(fromItem));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Marks a staff member as active or not (an inactive one is never offered or accepted for reassignment). */
  async setActive(sub: string, active: boolean): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(sub),
        UpdateExpression: 'SET active = :a',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':a': active },
      }),
    );
  }

  /**
   * Adds an invited staff member (active, not yet signed in) with the audit event of the
   * invitation, in one transaction. Throws AccountExistsError when the record exists already.
   */
  async create(
    member: Omit<StaffMember, 'active' | 'lastSeenAt' | 'childProtection'>,
    audit: { tableName: string; event: AuditEvent },
  ): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...key(member.sub),
                  ...listKeys(member),
                  entity: 'STAFF',
                  sub: member.sub,
                  name: member.name,
                  login: member.login,
                  roles: member.roles,
                  groups: member.groups,
                  languages: member.languages,
                  active: true,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            auditPut(audit),
          ],
        }),
      );
    } catch (error) {
      if (cancelledByCondition(error)) throw new AccountExistsError(member.login);
      throw error;
    }
  }

  /**
   * Changes what the staff area manages (active flag, roles and groups, languages) with its audit
   * event, in one transaction. Throws StaffChangeRefused('unknown') when there is no such record.
   */
  async change(
    sub: string,
    changes: { active?: boolean; roles?: Role[]; groups?: string[]; languages?: string[] },
    audit: { tableName: string; event: AuditEvent },
  ): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    if (sets.length === 0) return;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: key(sub),
                UpdateExpression: `SET ${sets.join(', ')}`,
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            auditPut(audit),
          ],
        }),
      );
    } catch (error) {
      if (cancelledByCondition(error)) throw new StaffChangeRefused('unknown');
      throw error;
    }
  }

  /**
   * Writes what the identity provider says about a staff member at sign-in: name, login, roles,
   * groups (and languages when the provider sends them). A new record starts active; an existing
   * record keeps its active flag and, without languages from the provider, its languages.
   * `seenAt` is the sign-in time (left out when seeding).
   */
  async upsert(member: StaffSignIn, seenAt?: string): Promise<StaffMember> {
    const values: Record<string, unknown> = {
      ':e': 'STAFF',
      ':sub': member.sub,
      ':name': member.name,
      ':login': member.login,
      ':roles': member.roles,
      ':groups': member.groups,
      ':true': true,
      ...Object.fromEntries(Object.entries(listKeys(member)).map(([k, v]) => [`:${k}`, v])),
    };
    const sets = [
      'entity = :e',
      '#sub = :sub',
      '#name = :name',
      '#login = :login',
      '#roles = :roles',
      '#groups = :groups',
      'active = if_not_exists(active, :true)',
      'gsi1pk = :gsi1pk',
      'gsi1sk = :gsi1sk',
    ];
    if (seenAt) {
      values[':at'] = seenAt;
      sets.push('lastSeenAt = :at');
    }
    if (member.languages) {
      values[':langs'] = member.languages;
      sets.push('languages = :langs');
    } else {
      values[':none'] = [];
      sets.push('languages = if_not_exists(languages, :none)');
    }
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(member.sub),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: {
          '#sub': 'sub',
          '#name': 'name',
          '#login': 'login',
          '#roles': 'roles',
          '#groups': 'groups',
        },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return fromItem(Attributes ?? {});
  }
}

/** The audit event of a staff change, put in the same transaction (the audit table is append-only). */
function auditPut(audit: { tableName: string; event: AuditEvent }) {
  const { event } = audit;
  return {
    Put: {
      TableName: audit.tableName,
      Item: {
        pk: event.subject,
        sk: auditSortKey(event.at, event.actor, randomBytes(4).toString('hex')),
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const cancelledByCondition = (error: unknown) =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
