import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StaffSession } from '../domain/console/staff.js';
import { AUTH_TX_MINUTES, authTxKey, sessionKey } from './keys.js';

/**
 * Staff sessions, server-side: the browser holds only a random id in an HttpOnly cookie.
 *   session item          sub, name, roles, csrf token, expiry (ttl), last use, roles read at
 *   sign-in transaction   state, nonce and PKCE verifier of a sign-in in progress (10 min)
 * Only the console function's role may reach these key prefixes (functions/data/access-policy.ts).
 * A session ends at its absolute expiry or after `idleSeconds` without use, whichever comes first.
 * Keys are built in keys.ts. The session's shape is in domain/console/staff.ts (re-exported here
 * for code that imports it with the store).
 */
export type { StaffSession };

export interface AuthTransaction {
  id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  locale: string;
}

const randomId = () => randomBytes(32).toString('base64url');

export class SessionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
    /** A session unused for this long is refused (default 30 minutes). */
    private readonly idleSeconds = 30 * 60,
  ) {}

  async create(
    data: Omit<StaffSession, 'id' | 'csrf' | 'expiresAt' | 'lastSeenAt' | 'rolesCheckedAt'>,
    ttlSeconds: number,
  ): Promise<StaffSession> {
    const now = this.now();
    const session: StaffSession = {
      ...data,
      id: randomId(),
      csrf: randomId(),
      expiresAt: now + ttlSeconds * 1000,
      lastSeenAt: now,
      rolesCheckedAt: now,
    };
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...sessionKey(session.id),
          entity: 'SESSION',
          ...session,
          ttl: Math.ceil(session.expiresAt / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return session;
  }

  /**
   * A live session, or undefined when unknown, expired or idle too long (TTL deletion can lag, so
   * both limits are checked here). An idle session is deleted on sight.
   */
  async get(id: string | undefined): Promise<StaffSession | undefined> {
    if (!id || !/^[A-Za-z0-9_-]{20,80}$/.test(id)) return undefined;
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: sessionKey(id),
        ConsistentRead: true,
      }),
    );
    const now = this.now();
    if (!Item || (Item.expiresAt as number) <= now) return undefined;
    const lastSeenAt = typeof Item.lastSeenAt === 'number' ? Item.lastSeenAt : 0;
    if (lastSeenAt + this.idleSeconds * 1000 <= now) {
      await this.delete(id);
      return undefined;
    }
    const { pk: _p, sk: _s, entity: _e, ttl: _t, ...session } = Item;
    return session as StaffSession;
  }

  /**
   * Records use of a session and, when given, the roles just read from the staff record. The
   * condition keeps a session deleted meanwhile (sign-out elsewhere, access ended) from coming back.
   */
  async refresh(
    id: string,
    update: {
      lastSeenAt?: number;
      roles?: StaffSession['roles'];
      childProtection?: boolean;
      rolesCheckedAt?: number;
    },
  ): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [k, v] of Object.entries(update)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: sessionKey(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      )
      .catch((error: unknown) => {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async delete(id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: sessionKey(id) }));
  }

  async startAuth(tx: Omit<AuthTransaction, 'id'>): Promise<AuthTransaction> {
    const full = { ...tx, id: randomId() };
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...authTxKey(full.id),
          entity: 'AUTHTX',
          ...full,
          ttl: Math.ceil(this.now() / 1000) + AUTH_TX_MINUTES * 60,
        },
      }),
    );
    return full;
  }

  /** Reads and deletes a sign-in transaction: each can be used once. */
  async takeAuth(id: string | undefined): Promise<AuthTransaction | undefined> {
    if (!id || !/^[A-Za-z0-9_-]{20,80}$/.test(id)) return undefined;
    const { Attributes } = await this.doc.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: authTxKey(id),
        ReturnValues: 'ALL_OLD',
      }),
    );
    if (!Attributes || (Attributes.ttl as number) * 1000 < this.now()) return undefined;
    return {
      id,
      state: Attributes.state,
      nonce: Attributes.nonce,
      codeVerifier: Attributes.codeVerifier,
      locale: Attributes.locale,
    };
  }
}
