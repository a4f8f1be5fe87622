import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { INDEX_PK, staffKeys } from './keys.js';
import { CHILD_PROTECTION_GROUP, type Role } from '../domain/console/roles.js';
import type { StaffMember } from '../domain/console/staff.js';

/**
 * The staff list: who works in the console, with which roles and groups. Written (and refreshed)
 * each time a staff member signs in, from the identity provider's claims; locally the demo
 * accounts are seeded. Reassignment offers only staff from this list.
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
