import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ClaimTakenError, StaleRequestError } from '../domain/errors.js';
import type { RequestStatus } from '../domain/requests/lifecycle.js';
import type { Priority } from '../domain/requests/priority.js';
import type { Activity, CaseRequest } from '../domain/requests/records.js';
import {
  HELD_INDEX_ATTRIBUTES,
  heldIndex,
  INDEX_PK,
  type ItemKey,
  queuePartition,
  REPORT_CELL_SK,
  REQUEST_SK,
  reportCellKey,
  requestKeys,
  sortKeyUntil,
  statKey,
  statPartition,
} from './keys.js';

/**
 * The operators' side of requests: the queue, claims, attempts, notes, referrals, status changes.
 *
 *   queue       open requests by priority and next contactable time (gsi1)
 *   held        claimed requests by operator and claim end (gsi2)
 *   activity    attempts, notes (encrypted, with the personal-data ttl), referrals and events in
 *               the request's partition
 *   statistics  anonymous counters per ISO week or quarter (small counts suppressed on display)
 * Keys are built in keys.ts; docs/data-inventory.md lists every item with its personal fields; the
 * item shapes (CaseRequest, Activity) are in domain/requests/records.ts.
 */

/** Activity fields that hold free text or consent about the person: removed by "delete my data". */
const ACTIVITY_PERSONAL_FIELDS = ['text', 'consentAt', 'ciphertext'] as const;

/** Reporting counters are stored as attributes with this prefix ("n:intake", "n:closed.helped" …). */
const COUNTER_PREFIX = 'n:';

const OPEN: RequestStatus[] = ['new', 'claimed', 'in-progress', 'referred', 'waiting'];

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
    return this.queryAll<CaseRequest>({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: due ? 'gsi1pk = :p AND gsi1sk <= :now' : 'gsi1pk = :p AND gsi1sk > :now',
      ExpressionAttributeValues: { ':p': queuePartition(priority), ':now': sortKeyUntil(nowIso) },
    });
  }

  /** Every page of a query (or until `enough` says so), as items of one shape. */
  private async queryAll<T>(
    input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
    enough: (items: T[]) => boolean = () => false,
  ): Promise<T[]> {
    const out: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      out.push(...((page.Items ?? []) as T[]));
      start = page.LastEvaluatedKey;
    } while (start && !enough(out));
    return out;
  }

  async get(id: string): Promise<CaseRequest | undefined> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': requestKeys.partition(id), ':s': REQUEST_SK.request },
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
    const held = heldIndex(operator.sub, until, request.id);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKeys.request(request.id),
          UpdateExpression: 'SET claim = :c, gsi2pk = :held, gsi2sk = :hk, #s = :status, updatedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND #s = :current AND (attribute_not_exists(claim) OR claim.#until < :now OR claim.#by = :me)',
          ExpressionAttributeNames: { '#s': 'status', '#until': 'until', '#by': 'by' },
          ExpressionAttributeValues: {
            ':c': { by: operator.sub, byName: operator.name, until },
            ':held': held.gsi2pk,
            ':hk': held.gsi2sk,
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
          Key: requestKeys.request(request.id),
          UpdateExpression: `SET #s = :status, updatedAt = :at REMOVE claim, ${HELD_INDEX_ATTRIBUTES.join(', ')}`,
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
    return this.queryAll<CaseRequest>({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :h',
      ExpressionAttributeValues: { ':h': INDEX_PK.held },
    });
  }

  /** The requests one operator holds (live or expired claims not yet given back), by claim end. */
  async heldBy(sub: string): Promise<CaseRequest[]> {
    const out = await this.queryAll<CaseRequest>({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :h AND begins_with(gsi2sk, :me)',
      ExpressionAttributeValues: { ':h': INDEX_PK.held, ':me': `${sub}#` },
    });
    return out.filter((r) => r.claim?.by === sub);
  }

  /** Closed and withdrawn requests since `sinceIso`, newest first, at most `limit`. */
  async closed(sinceIso: string, limit: number): Promise<CaseRequest[]> {
    return this.queryAll<CaseRequest>(
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :c AND gsi1sk >= :since',
        ExpressionAttributeValues: { ':c': INDEX_PK.closed, ':since': sinceIso },
        ScanIndexForward: false,
      },
      (items) => items.length >= limit * 4,
    );
  }

  /** An operator who may work the request opened it: the "updated by the person" mark goes. */
  async clearPersonUpdate(id: string, seenAt: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: requestKeys.request(id),
          UpdateExpression: 'REMOVE personUpdate',
          ConditionExpression: 'personUpdate.#at = :seen',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':seen': seenAt },
        }),
      );
    } catch (error) {
      // The person changed something again meanwhile: the mark stays for the next look.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** A supervisor's corrected contact details replace the encrypted ones (same ttl rule as intake). */
  async replacePersonal(id: string, channel: string, ciphertext: string, ttl: number): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...requestKeys.personal(id), entity: 'PII', ciphertext, ttl },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: requestKeys.request(id),
              UpdateExpression: 'SET channel = :c',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':c': channel },
            },
          },
        ],
      }),
    );
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
    // Every operator activity is an update: the waiting clock starts again from it.
    Object.entries({ workedAt: activity.at, ...changes }).forEach(([key, value], i) => {
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
                  ...requestKeys.activity(request.id, activity.kind, ulid()),
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
                      Key: requestKeys.request(request.id),
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
          ':p': requestKeys.partition(id),
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
        ExpressionAttributeValues: { ':p': requestKeys.partition(id), ':m': REQUEST_SK.message },
      }),
    );
    return (Items ?? []).map((i) => ({
      at: requestKeys.messageAt(String(i.sk)),
      ciphertext: i.ciphertext as string,
    }));
  }

  async personalCiphertext(id: string): Promise<string | undefined> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': requestKeys.partition(id), ':s': REQUEST_SK.personal },
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
            Key: statKey(week, d),
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
        ExpressionAttributeValues: { ':p': statPartition(week) },
      }),
    );
    return (Items ?? [])
      .filter((i) => !String(i.sk).startsWith(REPORT_CELL_SK))
      .map((i) => ({ dimension: i.sk as string, count: i.count as number }));
  }

  /**
   * Reporting counters (domain/requests/reporting.ts): adds each counter in each cell (region ×
   * language) of a week. One atomic update per cell; the item holds numbers only, no request id.
   */
  async countReport(
    week: string,
    cells: readonly { region: string; language: string }[],
    counters: Readonly<Record<string, number>>,
  ): Promise<void> {
    const entries = Object.entries(counters).filter(([, n]) => Number.isFinite(n) && n !== 0);
    if (!entries.length) return;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':e': 'STAT' };
    const adds = entries.map(([name, n], i) => {
      names[`#c${i}`] = `${COUNTER_PREFIX}${name}`;
      values[`:c${i}`] = n;
      return `#c${i} :c${i}`;
    });
    await Promise.all(
      cells.map((cell) =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: reportCellKey(week, cell.region, cell.language),
            UpdateExpression: `ADD ${adds.join(', ')} SET entity = :e`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      ),
    );
  }

  /** The reporting counters of each week for one region and language (absent week: no counters). */
  async reportCounters(
    weeks: readonly string[],
    cell: { region: string; language: string },
  ): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    for (const week of weeks) {
      const key = reportCellKey(week, cell.region, cell.language);
      const items = await this.queryAll<Record<string, unknown>>({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': key.pk, ':s': key.sk },
      });
      const counters: Record<string, number> = {};
      for (const item of items)
        for (const [name, value] of Object.entries(item))
          if (name.startsWith(COUNTER_PREFIX) && typeof value === 'number')
            counters[name.slice(COUNTER_PREFIX.length)] = value;
      out.set(week, counters);
    }
    return out;
  }

  /**
   * Erases the operators' record of a person: with `all`, every activity item of the request
   * (a deleted check-in); otherwise notes are deleted and the free text and consent of attempts,
   * referrals and events removed, so what is left counts but no longer describes.
   */
  async eraseActivity(id: string, options: { all?: boolean } = {}): Promise<void> {
    const keys: (ItemKey & { entity: string })[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          FilterExpression: 'entity IN (:a, :n, :r, :e)',
          ExpressionAttributeValues: {
            ':p': requestKeys.partition(id),
            ':a': 'ATTEMPT',
            ':n': 'NOTE',
            ':r': 'REFERRAL',
            ':e': 'EVENT',
          },
          ProjectionExpression: 'pk, sk, entity',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? [])
        keys.push({ pk: i.pk as string, sk: i.sk as string, entity: i.entity as string });
      start = page.LastEvaluatedKey;
    } while (start);
    const remove = keys.filter((k) => options.all || k.entity === 'NOTE');
    for (let i = 0; i < remove.length; i += 25) {
      await this.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.tableName]: remove
              .slice(i, i + 25)
              .map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
          },
        }),
      );
    }
    if (options.all) return;
    for (const { pk, sk, entity } of keys) {
      if (entity === 'NOTE') continue;
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          UpdateExpression: `REMOVE ${ACTIVITY_PERSONAL_FIELDS.map((_, i) => `#f${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(ACTIVITY_PERSONAL_FIELDS.map((f, i) => [`#f${i}`, f])),
        }),
      );
    }
  }
}

export { OPEN as OPEN_STATUSES };
