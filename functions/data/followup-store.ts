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
import type { Duration, Rhythm } from '../domain/followups/schedule.js';
import type { AgeBand } from '../domain/requests/priority.js';
import type { SafeWindow } from '../domain/requests/safe-windows.js';

/**
 * Follow-up check-ins.
 *   pk=FU#<id>    sk=FU     rhythm, duration, safe windows, status, history (no identifying data)
 *                          gsi1pk=FOLLOWUP#due gsi1sk=<nextDueAt>#<id>   while active and scheduled
 *   pk=FU#<id>    sk=PII    encrypted contact details, ttl
 *   pk=CODE#<c>   sk=CODE   followupId links a code (new, or the person's callback code) to it
 */
export interface CheckInRecord {
  at: string;
  continued: 'yes' | 'pause' | 'stop';
  by: string;
}

export interface FollowUp {
  id: string;
  status: 'active' | 'paused' | 'stopped';
  rhythm: Rhythm;
  duration: Duration;
  startedAt: string;
  endsAt?: string | undefined;
  timeZone: string;
  safeWindows: SafeWindow[];
  channel: string;
  mayEscalate: boolean;
  nextDueAt?: string | undefined;
  history: CheckInRecord[];
  locale: string;
  consent: { followup: { version: string; locale: string; at: string } };
  linkedRequestId?: string | undefined;
  /** The linked request's age band: a child's check-ins are a child's requests (principle P8). */
  ageBand?: AgeBand | undefined;
  stoppedAt?: string;
}

export class FollowUpChangedError extends Error {
  override name = 'FollowUpChangedError';
}

function dueKeys(f: Pick<FollowUp, 'status' | 'nextDueAt' | 'id'>): Record<string, string> {
  return f.status === 'active' && f.nextDueAt
    ? { gsi1pk: 'FOLLOWUP#due', gsi1sk: `${f.nextDueAt}#${f.id}` }
    : {};
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
          Item: { pk: `FU#${f.id}`, sk: 'FU', entity: 'FU', ...f, ...dueKeys(f) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { pk: `FU#${f.id}`, sk: 'PII', entity: 'PII', ciphertext: piiCiphertext, ttl: piiExpiresAt },
        },
      },
    ];
    if (code.kind === 'link') {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: { pk: `CODE#${code.code}`, sk: 'CODE' },
          UpdateExpression: 'SET followupId = :f',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':f': f.id },
        },
      });
    } else {
      items.push(
        {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: `IDEMP#${code.idempotencyKey}`,
              sk: 'IDEMP',
              entity: 'IDEMP',
              followupId: f.id,
              code: code.code,
              ttl: now + 2 * 86_400,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: `CODE#${code.code}`,
              sk: 'CODE',
              entity: 'CODE',
              followupId: f.id,
              setupTokenHash: code.setupTokenHash,
              failedAttempts: 0,
              lockouts: 0,
              ttl: piiExpiresAt + 30 * 86_400,
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
        Key: { pk: `IDEMP#${key}`, sk: 'IDEMP' },
        ConsistentRead: true,
      }),
    );
    return Item?.followupId ? { followupId: Item.followupId, code: Item.code } : undefined;
  }

  async get(id: string): Promise<FollowUp | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `FU#${id}`, sk: 'FU' }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _p, sk: _s, entity: _e, gsi1pk: _g, gsi1sk: _h, ...rest } = Item;
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
          Key: { pk: `FU#${after.id}`, sk: 'FU' },
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
        Item: { pk: `FU#${id}`, sk: 'PII', entity: 'PII', ciphertext, ttl: expiresAt },
      }),
    );
  }

  async personalCiphertext(id: string): Promise<string | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `FU#${id}`, sk: 'PII' }, ConsistentRead: true }),
    );
    return Item?.ciphertext as string | undefined;
  }

  async deletePersonalData(id: string): Promise<void> {
    await this.doc.send(
      new BatchWriteCommand({
        RequestItems: { [this.tableName]: [{ DeleteRequest: { Key: { pk: `FU#${id}`, sk: 'PII' } } }] },
      }),
    );
  }

  /** Active follow-ups whose next check-in is due at or before `nowIso`. */
  async due(nowIso: string, limit = 100): Promise<FollowUp[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':p': 'FOLLOWUP#due', ':now': `${nowIso}#\uffff` },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((i) => {
      const { pk: _p, sk: _s, entity: _e, gsi1pk: _g, gsi1sk: _h, ...rest } = i;
      return rest as FollowUp;
    });
  }
}
