import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { AttemptOutcome, CloseReason } from '../domain/requests/attempts.js';
import type { RequestStatus } from '../domain/requests/lifecycle.js';
import type { Priority } from '../domain/requests/priority.js';
import type { StoredRequest } from './request-store.js';

/**
 * The operators' side of requests: the queue, claims, attempts, notes, referrals, status changes.
 *
 *   queue       gsi1pk=QUEUE#<priority>  gsi1sk=<nextContactableAt>#<createdAt>#<id>   (open requests)
 *   held        gsi2pk=HELD              gsi2sk=<operator>#<claimUntil>#<id>            (claimed requests)
 *   activity    pk=REQ#<id> sk=ATTEMPT#<ulid> | NOTE#<ulid> | REFERRAL#<ulid> | EVENT#<ulid>
 *   statistics  pk=STAT#<ISO week> sk=<dimension>#<value>  count (anonymous; small counts suppressed on display)
 */
export interface Claim {
  by: string;
  byName: string;
  until: number;
}

export interface CaseRequest extends StoredRequest {
  /** A scheduled follow-up check-in rather than a new callback request. */
  kind?: 'check-in';
  followupId?: string;
  claim?: Claim;
  unsuccessfulInARow?: number;
  needsSupervisor?: boolean;
  priorityOverride?: { by: string; reason: string; at: string };
  statedNeeds?: string[];
  closeReason?: CloseReason;
}

export interface Activity {
  kind: 'ATTEMPT' | 'NOTE' | 'REFERRAL' | 'EVENT';
  at: string;
  by: string;
  byName: string;
  outcome?: AttemptOutcome;
  text?: string;
  serviceId?: string;
  consentAt?: string;
  event?: string;
}

export class ClaimTakenError extends Error {
  override name = 'ClaimTakenError';
}
export class StaleRequestError extends Error {
  override name = 'StaleRequestError';
}

const OPEN: RequestStatus[] = ['new', 'claimed', 'in-progress', 'referred', 'waiting'];

export function heldSortKey(operator: string, until: number, id: string): string {
  return `${operator}#${String(until).padStart(15, '0')}#${id}`;
}

export class CaseworkStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Every open request of one priority, oldest contact time first: `due` = contactable at or before
   * `now`, otherwise the ones whose next safe window is later. Reads every page of the partition, so
   * filters applied afterwards see all of them (a flood of one kind cannot hide another).
   */
  async queue(priority: Priority, nowIso: string, due: boolean): Promise<CaseRequest[]> {
    const out: CaseRequest[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: due ? 'gsi1pk = :p AND gsi1sk <= :now' : 'gsi1pk = :p AND gsi1sk > :now',
          ExpressionAttributeValues: { ':p': `QUEUE#${priority}`, ':now': `${nowIso}#\uffff` },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((page.Items ?? []) as CaseRequest[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  async get(id: string): Promise<CaseRequest | undefined> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': `REQ#${id}`, ':s': 'REQ' },
        ConsistentRead: true,
      }),
    );
    return page.Items?.[0] as CaseRequest | undefined;
  }

  /** Exactly one operator can hold a request: a conditional write wins, every other claim fails. */
  async claim(
    request: CaseRequest,
    operator: { sub: string; name: string },
    until: number,
    now: number,
  ): Promise<void> {
    const status: RequestStatus =
      request.status === 'new' || request.status === 'waiting' ? 'claimed' : request.status;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `REQ#${request.id}`, sk: 'REQ' },
          UpdateExpression: 'SET claim = :c, gsi2pk = :held, gsi2sk = :hk, #s = :status, updatedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND #s = :current AND (attribute_not_exists(claim) OR claim.#until < :now OR claim.#by = :me)',
          ExpressionAttributeNames: { '#s': 'status', '#until': 'until', '#by': 'by' },
          ExpressionAttributeValues: {
            ':c': { by: operator.sub, byName: operator.name, until },
            ':held': 'HELD',
            ':hk': heldSortKey(operator.sub, until, request.id),
            ':status': status,
            ':current': request.status,
            ':now': now,
            ':me': operator.sub,
            ':at': new Date(now).toISOString(),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ClaimTakenError('The request is held by someone else or changed');
      throw error;
    }
  }

  /** Gives a request back to the queue (by its holder, a supervisor, or the claim-expiry job). */
  async release(request: CaseRequest, nowIso: string, expectedHolder?: string): Promise<void> {
    const status: RequestStatus = request.status === 'claimed' ? 'new' : request.status;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `REQ#${request.id}`, sk: 'REQ' },
          UpdateExpression: 'SET #s = :status, updatedAt = :at REMOVE claim, gsi2pk, gsi2sk',
          ConditionExpression: expectedHolder ? 'claim.#by = :holder AND #s = :current' : '#s = :current',
          ExpressionAttributeNames: { '#s': 'status', ...(expectedHolder ? { '#by': 'by' } : {}) },
          ExpressionAttributeValues: {
            ':status': status,
            ':at': nowIso,
            ':current': request.status,
            ...(expectedHolder ? { ':holder': expectedHolder } : {}),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new StaleRequestError('The request changed meanwhile');
      throw error;
    }
  }

  /** Every claimed request (one partition); small for a helpline, used by workload and claim expiry. */
  async held(): Promise<CaseRequest[]> {
    const out: CaseRequest[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :h',
          ExpressionAttributeValues: { ':h': 'HELD' },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((page.Items ?? []) as CaseRequest[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Writes an activity entry and the request's new state together, only if the request did not change meanwhile. */
  async recordActivity(
    request: CaseRequest,
    activity: Activity,
    changes: Record<string, unknown>,
    remove: string[] = [],
  ): Promise<void> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = { ':current': request.status, ':updatedAt': request.updatedAt };
    const sets: string[] = [];
    Object.entries(changes).forEach(([key, value], i) => {
      names[`#k${i}`] = key;
      values[`:v${i}`] = value;
      sets.push(`#k${i} = :v${i}`);
    });
    const removes = remove.map((key, i) => {
      names[`#r${i}`] = key;
      return `#r${i}`;
    });
    const update =
      `${sets.length ? `SET ${sets.join(', ')}` : ''}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`.trim();
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `REQ#${request.id}`,
                  sk: `${activity.kind}#${ulid()}`,
                  entity: activity.kind,
                  ...activity,
                },
              },
            },
            ...(update
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: { pk: `REQ#${request.id}`, sk: 'REQ' },
                      UpdateExpression: update,
                      ConditionExpression: '#s = :current AND updatedAt = :updatedAt',
                      ExpressionAttributeNames: names,
                      ExpressionAttributeValues: values,
                    },
                  },
                ]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException)
        throw new StaleRequestError('The request changed meanwhile');
      throw error;
    }
  }

  async activity(id: string): Promise<Activity[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'entity IN (:a, :n, :r, :e)',
        ExpressionAttributeValues: {
          ':p': `REQ#${id}`,
          ':a': 'ATTEMPT',
          ':n': 'NOTE',
          ':r': 'REFERRAL',
          ':e': 'EVENT',
        },
      }),
    );
    return ((Items ?? []) as Activity[]).sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Encrypted messages the person added from the status page. */
  async messages(id: string): Promise<{ at: string; ciphertext: string }[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
        ExpressionAttributeValues: { ':p': `REQ#${id}`, ':m': 'MSG#' },
      }),
    );
    return (Items ?? []).map((i) => ({ at: String(i.sk).slice(4), ciphertext: i.ciphertext as string }));
  }

  async personalCiphertext(id: string): Promise<string | undefined> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': `REQ#${id}`, ':s': 'PII' },
        ConsistentRead: true,
      }),
    );
    return page.Items?.[0]?.ciphertext as string | undefined;
  }

  /** Anonymous weekly counters (country, kind of help, language, priority). */
  async countIntake(week: string, dimensions: string[]): Promise<void> {
    await Promise.all(
      [...new Set(dimensions)].map((d) =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: `STAT#${week}`, sk: d },
            UpdateExpression: 'ADD #c :one SET entity = :e',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1, ':e': 'STAT' },
          }),
        ),
      ),
    );
  }

  async stats(week: string): Promise<{ dimension: string; count: number }[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `STAT#${week}` },
      }),
    );
    return (Items ?? []).map((i) => ({ dimension: i.sk as string, count: i.count as number }));
  }

  /** Test and seeding helper: a request item as the intake writes it. */
  async putRaw(item: Record<string, unknown>): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }
}

export { OPEN as OPEN_STATUSES };
