import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { RequestStatus } from '../domain/requests/lifecycle.js';
import type { PinAttemptState } from '../domain/requests/pin-policy.js';
import type { CodeRecord, StoredRequest } from '../domain/requests/records.js';
import type { SafeWindow } from '../domain/requests/safe-windows.js';
import type { PersonUpdate } from '../domain/requests/shift.js';
import { ulid } from 'ulid';
import {
  CODE_GRACE_DAYS,
  closedIndex,
  codeKey,
  HELD_INDEX_ATTRIBUTES,
  type ItemKey,
  IDEMPOTENCY_TTL_DAYS,
  idempotencyKey,
  QUEUE_INDEX_ATTRIBUTES,
  queueIndex,
  REQUEST_SK,
  requestKeys,
} from './keys.js';

/**
 * Callback requests in the application table.
 *
 *   request item        the request: status, priority, safe-contact rules (no identifying data),
 *                       in the queue index while open and in the held index while claimed
 *   personal item       encrypted contact details, own ttl (retention)
 *   message items       encrypted messages added later by the person, same ttl
 *   code item           reference code → request id, linked follow-ups, PIN hash, attempts, lockout
 *   idempotency marker  idempotency key → request id and code (ttl IDEMPOTENCY_TTL_DAYS)
 * Keys are built in keys.ts; docs/data-inventory.md lists every item with its personal fields; the
 * item shapes (StoredRequest, CodeRecord) are in domain/requests/records.ts.
 */

export interface NewRequest {
  request: StoredRequest;
  code: string;
  setupTokenHash: string;
  idempotencyKey: string;
  piiCiphertext: string;
  /** Epoch seconds when personal data expires. */
  piiExpiresAt: number;
}

export type CreateOutcome =
  | { kind: 'created'; id: string; code: string }
  | { kind: 'duplicate'; id: string; code: string }
  | { kind: 'code-taken' };

const IDEMPOTENCY_TTL_SECONDS = IDEMPOTENCY_TTL_DAYS * 86_400;

const INDEX_ATTRIBUTES = [...QUEUE_INDEX_ATTRIBUTES, ...HELD_INDEX_ATTRIBUTES];
/** Fields of a request item that describe the person rather than count them; removed by "delete my data". */
const DESCRIBING_FIELDS = [
  'safeWindows',
  '#tz',
  'languages',
  'operatorGender',
  'province',
  'mayLeaveMessage',
  'mayNameOrganisation',
  'channel',
  'interpreter',
  'claim',
  'priorityOverride',
  'statedNeeds',
  'followupId',
  'linkedRequestId',
  'personUpdate',
];

const OPEN_STATUSES: ReadonlySet<RequestStatus> = new Set([
  'new',
  'claimed',
  'in-progress',
  'referred',
  'waiting',
]);

export class RequestStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Stores a new request in one transaction: idempotency marker, request, encrypted personal data
   * and reference code. If the idempotency key was used already, returns that request instead:
   * a double tap or a retry never creates a second request.
   */
  async create(input: NewRequest): Promise<CreateOutcome> {
    const { request } = input;
    const now = Math.floor(Date.parse(request.createdAt) / 1000);
    for (let attempt = 0; attempt < 12; attempt++) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...idempotencyKey(input.idempotencyKey),
                    entity: 'IDEMP',
                    requestId: request.id,
                    code: input.code,
                    ttl: now + IDEMPOTENCY_TTL_SECONDS,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...requestKeys.request(request.id),
                    entity: 'REQ',
                    ...request,
                    ...queueIndex(request),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...requestKeys.personal(request.id),
                    entity: 'PII',
                    ciphertext: input.piiCiphertext,
                    ttl: input.piiExpiresAt,
                  },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...codeKey(input.code),
                    entity: 'CODE',
                    requestId: request.id,
                    idempotencyKey: input.idempotencyKey,
                    setupTokenHash: input.setupTokenHash,
                    failedAttempts: 0,
                    lockouts: 0,
                    ttl: input.piiExpiresAt + CODE_GRACE_DAYS * 86_400,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return { kind: 'created', id: request.id, code: input.code };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const existing = await this.findByIdempotencyKey(input.idempotencyKey);
        if (existing) return { kind: 'duplicate', ...existing };
        if (reasons[3]?.Code === 'ConditionalCheckFailed') return { kind: 'code-taken' };
        // A concurrent transaction on the same key: wait a little and look again.
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 40 * (attempt + 1)));
      }
    }
    throw new Error('Could not store the request after repeated conflicts');
  }

  async findByIdempotencyKey(key: string): Promise<{ id: string; code: string } | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: idempotencyKey(key),
        ConsistentRead: true,
      }),
    );
    return Item ? { id: Item.requestId as string, code: Item.code as string } : undefined;
  }

  async get(id: string): Promise<StoredRequest | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: requestKeys.request(id),
        ConsistentRead: true,
      }),
    );
    return Item ? (stripKeys(Item) as unknown as StoredRequest) : undefined;
  }

  async getCode(code: string): Promise<CodeRecord | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: codeKey(code),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      code,
      requestId: Item.requestId,
      followupId: Item.followupId,
      followupIds: [
        ...new Set([
          ...(Item.followupIds instanceof Set ? [...(Item.followupIds as Set<string>)] : []),
          ...(Item.followupId ? [Item.followupId as string] : []),
        ]),
      ],
      pinHash: Item.pinHash,
      setupTokenHash: Item.setupTokenHash,
      failedAttempts: Item.failedAttempts ?? 0,
      lockouts: Item.lockouts ?? 0,
      lockedUntil: Item.lockedUntil,
      lastFailedAt: Item.lastFailedAt,
    };
  }

  /** Sets the PIN once, only with the setup token shown on the confirmation page. */
  async setPin(code: string, setupTokenHash: string, pinHash: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: codeKey(code),
          UpdateExpression: 'SET pinHash = :p',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(pinHash) AND setupTokenHash = :t',
          ExpressionAttributeValues: { ':p': pinHash, ':t': setupTokenHash },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Records the outcome of a PIN check, only if the counters are still those the check read
   * (`seen`). Returns false when another check changed them first: the caller reads again and
   * decides again, so guesses sent at the same time are counted one by one.
   */
  async savePinState(code: string, state: PinAttemptState, seen: PinAttemptState): Promise<boolean> {
    // Counters missing on an item mean 0 (getCode reads them that way).
    const same = (name: string, placeholder: string, value: number) =>
      value === 0
        ? `(attribute_not_exists(${name}) OR ${name} = ${placeholder})`
        : `${name} = ${placeholder}`;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: codeKey(code),
          UpdateExpression: [
            'SET failedAttempts = :f, lockouts = :l',
            ...(state.lockedUntil === undefined ? [] : [', lockedUntil = :u']),
            ...(state.lastFailedAt === undefined ? [] : [', lastFailedAt = :t']),
            ...(state.lockedUntil === undefined || state.lastFailedAt === undefined ? [' REMOVE '] : []),
            [
              ...(state.lockedUntil === undefined ? ['lockedUntil'] : []),
              ...(state.lastFailedAt === undefined ? ['lastFailedAt'] : []),
            ].join(', '),
          ].join(''),
          ConditionExpression: `attribute_exists(pk) AND ${same('failedAttempts', ':sf', seen.failedAttempts)} AND ${same('lockouts', ':sl', seen.lockouts)}`,
          ExpressionAttributeValues: {
            ':f': state.failedAttempts,
            ':l': state.lockouts,
            ':sf': seen.failedAttempts,
            ':sl': seen.lockouts,
            ...(state.lockedUntil === undefined ? {} : { ':u': state.lockedUntil }),
            ...(state.lastFailedAt === undefined ? {} : { ':t': state.lastFailedAt }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Puts a follow-up's check-in into the queue: a request item of kind "check-in" with no personal data of its own. */
  async createCheckIn(
    checkIn: StoredRequest & { kind: 'check-in'; followupId: string; linkedRequestId?: string },
  ): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...requestKeys.request(checkIn.id), entity: 'REQ', ...checkIn, ...queueIndex(checkIn) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Changes the safe times; an open request moves to its new place in the queue. */
  async updateSafeTimes(
    id: string,
    timeZone: string,
    safeWindows: SafeWindow[],
    nextContactableAt: string,
    now: string,
  ): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    const open = OPEN_STATUSES.has(current.status);
    const keys = queueIndex({ ...current, nextContactableAt });
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKeys.request(id),
        UpdateExpression: `SET #tz = :tz, safeWindows = :w, nextContactableAt = :n, updatedAt = :now${open ? ', gsi1pk = :gp, gsi1sk = :gs' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#tz': 'timeZone' },
        ExpressionAttributeValues: {
          ':tz': timeZone,
          ':w': safeWindows,
          ':n': nextContactableAt,
          ':now': now,
          ...(open ? { ':gp': keys.gsi1pk, ':gs': keys.gsi1sk } : {}),
        },
      }),
    );
  }

  /** Replaces the encrypted contact details (the public side can write them but never read them). */
  async replacePersonalData(
    id: string,
    channel: string,
    piiCiphertext: string,
    piiExpiresAt: number,
    now: string,
  ): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...requestKeys.personal(id),
                entity: 'PII',
                ciphertext: piiCiphertext,
                ttl: piiExpiresAt,
              },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: requestKeys.request(id),
              UpdateExpression: 'SET channel = :c, updatedAt = :now',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':c': channel, ':now': now },
            },
          },
        ],
      }),
    );
  }

  /**
   * The person changed something from the status page: the request's history gets an entry (what
   * kind of change, never its content) and an open request is marked "updated" in the queue until an
   * operator who may work it opens it.
   */
  async markPersonUpdate(id: string, kind: PersonUpdate, now: string): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    const open = OPEN_STATUSES.has(current.status);
    const earlier = (current as { personUpdate?: { kinds?: PersonUpdate[] } }).personUpdate?.kinds ?? [];
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...requestKeys.activity(id, 'EVENT', ulid(Date.parse(now))),
                entity: 'EVENT',
                kind: 'EVENT',
                event: 'person-update',
                reason: kind,
                at: now,
                by: 'person',
                byName: '',
              },
            },
          },
          ...(open
            ? [
                {
                  Update: {
                    TableName: this.tableName,
                    Key: requestKeys.request(id),
                    UpdateExpression: 'SET personUpdate = :u',
                    ConditionExpression: 'attribute_exists(pk)',
                    ExpressionAttributeValues: {
                      ':u': { at: now, kinds: [...new Set([...earlier, kind])] },
                    },
                  },
                },
              ]
            : []),
        ],
      }),
    );
  }

  async addMessage(id: string, ciphertext: string, expiresAt: number, now: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...requestKeys.message(id, now), entity: 'MSG', ciphertext, ttl: expiresAt },
      }),
    );
  }

  /**
   * Withdraws a request: it leaves the queue and nobody holds it any more; its personal data
   * (contact details and messages) is deleted at once. With `forget` the details that describe the
   * person (safe times, languages, province, channel, priority reason …) go too and only anonymous
   * statistics remain (country, kinds of help, priority, dates). Operator activity is erased by
   * its owner (CaseworkStore.eraseActivity); the code by `forgetCode`.
   */
  async withdraw(id: string, now: string, options: { forget?: boolean } = {}): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: requestKeys.request(id),
        UpdateExpression: options.forget
          ? `SET #s = :s, withdrawnAt = if_not_exists(withdrawnAt, :now), dataDeletedAt = :now, updatedAt = :now REMOVE ${[...INDEX_ATTRIBUTES, ...DESCRIBING_FIELDS].join(', ')}`
          : // Listed with the closed requests in the console (closed index) until the data is deleted.
            `SET #s = :s, withdrawnAt = if_not_exists(withdrawnAt, :now), closedAt = :now, updatedAt = :now, gsi1pk = :cp, gsi1sk = :cs REMOVE ${[...HELD_INDEX_ATTRIBUTES, 'claim', 'personUpdate'].join(', ')}`,
        ExpressionAttributeNames: options.forget ? { '#s': 'status', '#tz': 'timeZone' } : { '#s': 'status' },
        ExpressionAttributeValues: options.forget
          ? { ':s': 'withdrawn', ':now': now }
          : {
              ':s': 'withdrawn',
              ':now': now,
              ':cp': closedIndex(now, id).gsi1pk,
              ':cs': closedIndex(now, id).gsi1sk,
            },
      }),
    );
    const messages = await this.queryKeys(id, REQUEST_SK.message);
    await this.deleteKeys([...messages, requestKeys.personal(id)]);
  }

  /**
   * A check-in the person no longer wants: deleted outright while nobody has worked on it (still
   * new, no attempt, not held). Returns false when it was worked on (the caller withdraws it).
   */
  async deleteUnworked(id: string): Promise<boolean> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: requestKeys.request(id),
          ConditionExpression:
            'attribute_exists(pk) AND #s = :new AND (attribute_not_exists(attempts) OR attempts = :zero) AND attribute_not_exists(claim)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':new': 'new', ':zero': 0 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Deletes a request's own items (request, contact details, messages): for a check-in whose follow-up is deleted. */
  async deleteRequest(id: string): Promise<void> {
    const messages = await this.queryKeys(id, REQUEST_SK.message);
    await this.deleteKeys([...messages, requestKeys.personal(id), requestKeys.request(id)]);
  }

  /**
   * Forgets a reference code: the code item (PIN hash, links) and the idempotency marker that
   * still names it. Read the code first (getCode) to learn the follow-ups linked to it.
   */
  async forgetCode(code: string): Promise<void> {
    const { Attributes } = await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: codeKey(code), ReturnValues: 'ALL_OLD' }),
    );
    const marker = Attributes?.idempotencyKey;
    if (typeof marker === 'string') {
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: idempotencyKey(marker) }));
    }
  }

  private async queryKeys(id: string, skPrefix: string): Promise<ItemKey[]> {
    const keys: ItemKey[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':pk': requestKeys.partition(id), ':m': skPrefix },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) keys.push({ pk: i.pk as string, sk: i.sk as string });
      start = page.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  private async deleteKeys(keys: ItemKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 25) {
      await this.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.tableName]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
          },
        }),
      );
    }
  }

  /** Test and maintenance helper: the raw personal-data item (ciphertext only). */
  async rawPersonalItem(id: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: requestKeys.personal(id),
        ConsistentRead: true,
      }),
    );
    return Item;
  }
}

function stripKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, entity: _e, ...rest } = item;
  return rest;
}
