import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  AccountExistsError,
  type IdentityAdmin,
  type NewAccount,
  StaffChangeRefused,
} from '../domain/console/staff.js';
import { localAccountKey } from './keys.js';

/**
 * The sign-in accounts of the local OpenID Connect provider (`npm start` and the tests), kept in
 * DynamoDB Local, and the staff area's identity-admin adapter for them. The provider
 * (functions/local/oidc-provider.ts) signs in exactly these accounts, refuses disabled ones and
 * issues the groups stored here; in AWS, Cognito holds accounts instead (cognito-identity-admin.ts).
 *
 *   pk=LOCALACCT#<login>  sk=ACCOUNT   login, name, email, groups, enabled, createdAt
 *
 * The subject id of a local account is its login (as the demo accounts always had it). No password
 * is stored: the local provider accepts any password (Cognito checks passwords and MFA in AWS).
 */
export interface LocalAccount {
  login: string;
  name: string;
  email?: string | undefined;
  groups: string[];
  enabled: boolean;
}

export class LocalAccounts implements IdentityAdmin {
  readonly loginKind = 'name' as const;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(login: string): Promise<LocalAccount | undefined> {
    if (!login || login.length > 200) return undefined;
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: localAccountKey(login), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return {
      login: Item.login as string,
      name: Item.name as string,
      ...(Item.email ? { email: Item.email as string } : {}),
      groups: (Item.groups as string[] | undefined) ?? [],
      enabled: Item.enabled !== false,
    };
  }

  /** Adds an account; throws AccountExistsError when the login is taken. */
  async add(account: LocalAccount): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...localAccountKey(account.login),
            entity: 'LOCALACCT',
            ...account,
            createdAt: this.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new AccountExistsError(account.login);
      throw error;
    }
  }

  async invite(account: NewAccount): Promise<{ sub: string }> {
    await this.add({
      login: account.login,
      name: account.name,
      email: account.email ?? (account.login.includes('@') ? account.login : undefined),
      groups: account.groups,
      enabled: true,
    });
    return { sub: account.login };
  }

  disable(sub: string): Promise<void> {
    return this.update(sub, { enabled: false });
  }

  enable(sub: string): Promise<void> {
    return this.update(sub, { enabled: true });
  }

  setGroups(sub: string, groups: string[]): Promise<void> {
    return this.update(sub, { groups });
  }

  private async update(login: string, values: { enabled?: boolean; groups?: string[] }): Promise<void> {
    const entries = Object.entries(values);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: localAccountKey(login),
          UpdateExpression: `SET ${entries.map(([k]) => `#${k} = :${k}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: Object.fromEntries(entries.map(([k]) => [`#${k}`, k])),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([k, v]) => [`:${k}`, v])),
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new StaffChangeRefused('unknown');
      throw error;
    }
  }
}
