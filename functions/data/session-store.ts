import { randomBytes } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Role } from '../domain/console/roles.js';
import { AUTH_TX_MINUTES, authTxKey, sessionKey } from './keys.js';

/**
 * Staff sessions, server-side: the browser holds only a random id in an HttpOnly cookie.
 *   session item            sub, name, roles, csrf token, expiry (ttl)
 *   sign-in transaction     state, nonce and PKCE verifier of a sign-in in progress (AUTH_TX_MINUTES)
 * Keys are built in keys.ts.
 */
export interface StaffSession {
  id: string;
  sub: string;
  name: string;
  roles: Role[];
  childProtection: boolean;
  csrf: string;
  locale: string;
  expiresAt: number;
}

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
  ) {}

  async create(
    data: Omit<StaffSession, 'id' | 'csrf' | 'expiresAt'>,
    ttlSeconds: number,
  ): Promise<StaffSession> {
    const session: StaffSession = {
      ...data,
      id: randomId(),
      csrf: randomId(),
      expiresAt: this.now() + ttlSeconds * 1000,
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

  /** A live session, or undefined when unknown or expired (TTL deletion can lag, so expiry is checked here). */
  async get(id: string | undefined): Promise<StaffSession | undefined> {
    if (!id || !/^[A-Za-z0-9_-]{20,80}$/.test(id)) return undefined;
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: sessionKey(id) }));
    if (!Item || (Item.expiresAt as number) <= this.now()) return undefined;
    const { pk: _p, sk: _s, entity: _e, ttl: _t, ...session } = Item;
    return session as StaffSession;
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
