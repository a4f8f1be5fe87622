import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { FollowUpChangedError } from '../domain/errors.js';
import type { FollowUp } from '../domain/followups/follow-up.js';
import {
  CODE_GRACE_DAYS,
  codeKey,
  FOLLOWUP_SK,
  followUpDueIndex,
  followUpKeys,
  IDEMPOTENCY_TTL_DAYS,
  INDEX_PK,
  type ItemKey,
  idempotencyKey,
  sortKeyUntil,
} from './keys.js';

/**
 * Follow-up check-ins, in the follow-up's own partition:
 *   follow-up item   rhythm, duration, safe windows, status, history (no identifying data), in the
 *                    due index while active and scheduled; ttl = the end of its personal data
 *   personal item    encrypted contact details, same ttl
 *   check-in links   one per check-in put into the queue, so stopping and deleting reach them all
 * The code item (request-store.ts) links a code (new, or the person's callback code) to it.
 * Keys are built in keys.ts; docs/data-inventory.md lists every item with its personal fields; the
 * follow-up's shape is in domain/followups/follow-up.ts.
 */

function dueKeys(f: Pick<FollowUp, 'status' | 'nextDueAt' | 'id'>): Record<string, string> {
  return f.status === 'active' && f.nextDueAt ? followUpDueIndex({ id: f.id, nextDueAt: f.nextDueAt }) : {};
}

export class FollowUpStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a new follow-up with its encrypted contact details, and links or creates its code. */
  async create(
    f: FollowUp,
    piiCiphertext: string,
    piiExpiresAt: number,
    code:
      | { kind: 'link'; code: string }
      | { kind: 'new'; code: string; setupTokenHash: string; idempotencyKey: string },
  ): Promise<'created' | 'duplicate' | 'code-taken'> {
    const now = Math.floor(Date.parse(f.startedAt) / 1000);
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...followUpKeys.followUp(f.id), entity: 'FU', ...f, ...dueKeys(f), ttl: piiExpiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...followUpKeys.personal(f.id),
            entity: 'PII',
            ciphertext: piiCiphertext,
            ttl: piiExpiresAt,
          },
        },
      },
    ];
    if (code.kind === 'link') {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: codeKey(code.code),
          // followupIds keeps every follow-up ever linked, so deleting the code's data reaches all.
          UpdateExpression: 'SET followupId = :f ADD followupIds :fs',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':f': f.id, ':fs': new Set([f.id]) },
        },
      });
    } else {
      items.push(
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...idempotencyKey(code.idempotencyKey),
              entity: 'IDEMP',
              followupId: f.id,
              code: code.code,
              ttl: now + IDEMPOTENCY_TTL_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...codeKey(code.code),
              entity: 'CODE',
              followupId: f.id,
              followupIds: new Set([f.id]),
              idempotencyKey: code.idempotencyKey,
              setupTokenHash: code.setupTokenHash,
              failedAttempts: 0,
              lockouts: 0,
              ttl: piiExpiresAt + CODE_GRACE_DAYS * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      );
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'created';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (code.kind === 'new' && reasons[2]?.Code === 'ConditionalCheckFailed') return 'duplicate';
      if (code.kind === 'new' && reasons[3]?.Code === 'ConditionalCheckFailed') return 'code-taken';
      throw error;
    }
  }

  async byIdempotencyKey(key: string): Promise<{ followupId: string; code: string } | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: idempotencyKey(key),
        ConsistentRead: true,
      }),
    );
    return Item?.followupId ? { followupId: Item.followupId, code: Item.code } : undefined;
  }

  async get(id: string): Promise<FollowUp | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: followUpKeys.followUp(id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _p, sk: _s, entity: _e, gsi1pk: _g, gsi1sk: _h, ttl: _t, ...rest } = Item;
    return rest as FollowUp;
  }

  /** Saves a changed follow-up if nobody else changed it meanwhile (same nextDueAt and status). */
  async save(before: FollowUp, after: FollowUp): Promise<void> {
    const { id: _id, ...fields } = after;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':s0': before.status };
    const sets: string[] = [];
    Object.entries({ ...fields, ...dueKeys(after) }).forEach(([k, v], i) => {
      if (v === undefined) return;
      names[`#k${i}`] = k;
      values[`:v${i}`] = v;
      sets.push(`#k${i} = :v${i}`);
    });
    const removes = [
      ...(dueKeys(after).gsi1pk ? [] : ['gsi1pk', 'gsi1sk']),
      ...(after.nextDueAt === undefined ? ['nextDueAt'] : []),
    ];
    names['#st'] = 'status';
    let condition = '#st = :s0';
    if (before.nextDueAt) {
      names['#nd'] = 'nextDueAt';
      values[':n0'] = before.nextDueAt;
      condition += ' AND #nd = :n0';
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: followUpKeys.followUp(after.id),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new FollowUpChangedError(after.id);
      throw error;
    }
  }

  async replacePersonalData(id: string, ciphertext: string, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...followUpKeys.personal(id), entity: 'PII', ciphertext, ttl: expiresAt },
      }),
    );
  }

  async personalCiphertext(id: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: followUpKeys.personal(id), ConsistentRead: true }),
    );
    return Item?.ciphertext as string | undefined;
  }

  async deletePersonalData(id: string): Promise<void> {
    await this.doc.send(
      new BatchWriteCommand({
        RequestItems: { [this.tableName]: [{ DeleteRequest: { Key: followUpKeys.personal(id) } }] },
      }),
    );
  }

  /**
   * Notes a check-in the follow-up put into the queue. Written before the check-in itself, so that
   * stopping or deleting the follow-up always finds every check-in (a link to a check-in that was
   * never written is harmless).
   */
  async linkCheckIn(id: string, checkInId: string, expiresAt: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...followUpKeys.checkIn(id, checkInId), entity: 'FU_CHECKIN', ttl: expiresAt },
      }),
    );
  }

  /** The check-ins this follow-up put into the queue (their request ids). */
  async checkIns(id: string): Promise<string[]> {
    return (await this.partitionKeys(id, FOLLOWUP_SK.checkIn)).map((k) => followUpKeys.checkInId(k.sk));
  }

  /** Deletes the follow-up and everything in its partition (item, contact details, check-in links). */
  async deleteAll(id: string): Promise<void> {
    const keys = await this.partitionKeys(id, '');
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

  private async partitionKeys(id: string, skPrefix: string): Promise<ItemKey[]> {
    const keys: ItemKey[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: skPrefix ? 'pk = :p AND begins_with(sk, :s)' : 'pk = :p',
          ExpressionAttributeValues: {
            ':p': followUpKeys.partition(id),
            ...(skPrefix ? { ':s': skPrefix } : {}),
          },
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

  /** Active follow-ups whose next check-in is due at or before `nowIso`. */
  async due(nowIso: string, limit = 100): Promise<FollowUp[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':p': INDEX_PK.followUpsDue, ':now': sortKeyUntil(nowIso) },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((i) => {
      const { pk: _p, sk: _s, entity: _e, gsi1pk: _g, gsi1sk: _h, ttl: _t, ...rest } = i;
      return rest as FollowUp;
    });
  }
}
