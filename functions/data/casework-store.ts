import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  type ScanCommandInput,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { ClaimTakenError, StaleRequestError } from '../domain/errors.js';
import type { RequestStatus } from '../domain/requests/lifecycle.js';
import type { Priority } from '../domain/requests/priority.js';
import { isPriorityReason } from '../domain/requests/priority-change.js';
import type { Activity, CaseRequest } from '../domain/requests/records.js';
import {
  erasureMarkKey,
  erasureMarkKeys,
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
  staffNoteKeys,
  statKey,
  statPartition,
} from './keys.js';

/**
 * The operators' side of requests: the queue, claims, attempts, notes, referrals, status changes.
 *
 *   queue       open requests by priority and next contactable time (gsi1)
 *   held        claimed requests by operator and claim end (gsi2)
 *   activity    attempts, referrals and events in the request's partition (REQ#<id>)
 *   staff notes what operators wrote about the person: notes, handover notes and the details of a
 *               priority change (encrypted, with the personal-data ttl) and wrap-up summaries of
 *               closes, in the request's staff-only partition (NOTE#<id>), which the public
 *               function cannot reach (access-policy.ts)
 *   erasure     deletion marks (ERASE#<id>, gsi1 ERASE): "delete my data" marks the staff notes,
 *               the erase-notes job deletes them
 *   statistics  anonymous counters per ISO week or quarter (small counts suppressed on display)
 * Keys are built in keys.ts; docs/data-inventory.md lists every item with its personal fields; the
 * item shapes (CaseRequest, Activity) are in domain/requests/records.ts.
 */

/** Activity fields that hold free text or consent about the person: removed by "delete my data". */
const ACTIVITY_PERSONAL_FIELDS = ['text', 'consentAt', 'ciphertext'] as const;

/** Reporting counters are stored as attributes with this prefix ("n:intake", "n:closed.helped" …). */
const COUNTER_PREFIX = 'n:';

/** Events whose text an operator wrote (a close's wrap-up, a supervisor's close): staff notes. */
const SUMMARY_EVENTS = ['close', 'decision'];

/**
 * Whether an activity item holds what an operator wrote about the person, and so lives in the
 * staff-only partition (NOTE#<id>): every note (handover notes too) and a close's wrap-up summary.
 * Attempts, referrals and the other events stay in the request's partition: their text is generated
 * (status changes, needs from a list) and a priority change's reason is a word from a list (its
 * details, if any, are a note).
 */
export function isStaffNote(a: Pick<Activity, 'kind' | 'event' | 'text'>): boolean {
  return (
    a.kind === 'NOTE' || (a.kind === 'EVENT' && Boolean(a.text) && SUMMARY_EVENTS.includes(a.event ?? ''))
  );
}

const ACTIVITY_FILTER = {
  FilterExpression: 'entity IN (:a, :n, :r, :e)',
  values: { ':a': 'ATTEMPT', ':n': 'NOTE', ':r': 'REFERRAL', ':e': 'EVENT' },
};

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

  /**
   * Every item of one scan segment, page after page. Only for the operators' one-off tools below
   * (npm run ops:move-notes), never on a request path.
   */
  private async *scanSegment<T>(
    input: Omit<ScanCommandInput, 'TableName' | 'Segment' | 'TotalSegments' | 'ExclusiveStartKey'>,
    segment: number,
    totalSegments: number,
  ): AsyncGenerator<T> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new ScanCommand({
          ...input,
          TableName: this.tableName,
          Segment: segment,
          TotalSegments: totalSegments,
          ExclusiveStartKey: start,
        }),
      );
      yield* (page.Items ?? []) as T[];
      start = page.LastEvaluatedKey;
    } while (start);
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

  /**
   * Writes an activity entry (or several: a priority change with its details note) and the
   * request's new state together, only if the request did not change meanwhile.
   */
  async recordActivity(
    request: CaseRequest,
    activities: Activity | Activity[],
    changes: Record<string, unknown>,
    remove: string[] = [],
  ): Promise<void> {
    const items = Array.isArray(activities) ? activities : [activities];
    const activity = items[0];
    if (!activity) throw new Error('recordActivity needs an activity');
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
            ...items.map((a) => ({
              Put: {
                TableName: this.tableName,
                Item: {
                  ...(isStaffNote(a)
                    ? staffNoteKeys.activity(request.id, a.kind, ulid())
                    : requestKeys.activity(request.id, a.kind, ulid())),
                  entity: a.kind,
                  ...a,
                },
              },
            })),
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

  /**
   * The request's history, oldest first: the activity in its partition and, unless
   * `staffNotes: false`, its staff notes (NOTE#<id>). Notes written before they had their own
   * partition are still read from the request's partition.
   */
  async activity(id: string, options: { staffNotes?: boolean } = {}): Promise<Activity[]> {
    const [shared, staff] = await Promise.all([
      this.queryAll<Activity & { sk: string }>({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: ACTIVITY_FILTER.FilterExpression,
        ExpressionAttributeValues: { ':p': requestKeys.partition(id), ...ACTIVITY_FILTER.values },
      }),
      options.staffNotes === false
        ? []
        : this.queryAll<Activity & { sk: string }>({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': staffNoteKeys.partition(id) },
          }),
    ]);
    // By time, then by sort key (the order one query of one partition gave before notes moved).
    return [...shared, ...staff]
      .filter((a) => options.staffNotes !== false || a.kind !== 'NOTE')
      .sort((a, b) => a.at.localeCompare(b.at) || a.sk.localeCompare(b.sk));
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
   * Erases the operators' record of a person in the request's partition: with `all`, every activity
   * item of the request (a deleted check-in); otherwise notes written there before notes had their
   * own partition are deleted and the free text and consent of attempts, referrals and events
   * removed, so what is left counts but no longer describes. The staff notes (NOTE#<id>) are out
   * of the public function's reach: `markForErasure` asks the erase-notes job to delete them.
   */
  async eraseActivity(id: string, options: { all?: boolean } = {}): Promise<void> {
    await this.erasePartition(requestKeys.partition(id), true, options.all ?? false);
  }

  /** The staff notes of a request (NOTE#<id>): notes deleted, summaries without text (`all`: every item). */
  async eraseStaffNotes(id: string, options: { all?: boolean } = {}): Promise<number> {
    return this.erasePartition(staffNoteKeys.partition(id), false, options.all ?? false);
  }

  /** Deletes notes (or, with `all`, every activity item) of one partition and strips the text of the rest. */
  private async erasePartition(pk: string, activityOnly: boolean, all: boolean): Promise<number> {
    const keys = (
      await this.queryAll<ItemKey & { entity: string }>({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ...(activityOnly ? { FilterExpression: ACTIVITY_FILTER.FilterExpression } : {}),
        ExpressionAttributeValues: { ':p': pk, ...(activityOnly ? ACTIVITY_FILTER.values : {}) },
        ProjectionExpression: 'pk, sk, entity',
        ConsistentRead: true,
      })
    ).map(({ pk, sk, entity }) => ({ pk, sk, entity }));
    const remove = keys.filter((k) => all || k.entity === 'NOTE');
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
    if (all) return remove.length;
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
    return remove.length;
  }

  /**
   * One-off move of staff notes written before they had their own partition (NOTE items and closes
   * with a wrap-up under REQ#<id>) into NOTE#<id>, same sort key, each in one transaction that
   * deletes the old item only if it is still there. Safe to run again (it finds nothing left).
   * Scans one segment of the table: an operator's tool (npm run ops:move-notes), never on a request
   * path. Returns how many items it moved.
   */
  async moveLegacyStaffNotes(segment = 0, totalSegments = 1): Promise<number> {
    let moved = 0;
    const items = this.scanSegment<Activity & ItemKey>(
      {
        FilterExpression: 'begins_with(pk, :req) AND entity IN (:n, :e)',
        ExpressionAttributeValues: { ':req': requestKeys.partition(''), ':n': 'NOTE', ':e': 'EVENT' },
      },
      segment,
      totalSegments,
    );
    for await (const item of items) {
      if (!isStaffNote(item)) continue;
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...item, pk: staffNoteKeys.partition(requestKeys.idOf(item.pk)) },
                },
              },
              {
                Delete: {
                  TableName: this.tableName,
                  Key: { pk: item.pk, sk: item.sk },
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
            ],
          }),
        );
        moved++;
      } catch (error) {
        // Deleted meanwhile ("delete my data"): nothing to move.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    return moved;
  }

  /**
   * One-off clean-up of priority changes written before their reason was a word from a list
   * (PRIORITY_REASONS): the free text an operator typed sat on the request item (priorityOverride)
   * and in the history event ("1 → 2: <text>"), both under REQ#<id>. Each such text becomes a staff
   * note (NOTE#<id>, encrypted by `encryptNote`, at the time it was written, expiring `retentionDays`
   * after it), the event keeps "1 → 2" with the reason `other`, and the request item's reason becomes
   * `other` — each step one transaction, conditional on the old text still being there, so a second
   * run finds nothing. Without `encryptNote` it only counts. Scans one segment of the table (all of a
   * request's items are in one segment): an operator's tool (npm run ops:move-notes), never on a
   * request path. Returns how many free texts it found (and, with `encryptNote`, moved).
   */
  async moveLegacyPriorityReasons(
    options: {
      encryptNote?: (requestId: string, text: string) => Promise<string>;
      retentionDays: number;
    },
    segment = 0,
    totalSegments = 1,
  ): Promise<number> {
    const requestIds = new Set<string>();
    const items = this.scanSegment<ItemKey & Partial<CaseRequest> & { entity?: string }>(
      {
        FilterExpression:
          'begins_with(pk, :req) AND ((entity = :r AND attribute_exists(priorityOverride.reason)) OR (entity = :e AND #ev = :p AND attribute_not_exists(reason)))',
        ExpressionAttributeNames: { '#ev': 'event' },
        ExpressionAttributeValues: {
          ':req': requestKeys.partition(''),
          ':r': 'REQ',
          ':e': 'EVENT',
          ':p': 'priority',
        },
        ProjectionExpression: 'pk, sk, entity, priorityOverride',
      },
      segment,
      totalSegments,
    );
    for await (const item of items) {
      if (item.entity === 'REQ' && isPriorityReason(item.priorityOverride?.reason)) continue;
      requestIds.add(requestKeys.idOf(item.pk));
    }
    let found = 0;
    for (const id of requestIds) found += await this.moveLegacyPriorityReasonsOf(id, options);
    return found;
  }

  private async moveLegacyPriorityReasonsOf(
    id: string,
    options: {
      encryptNote?: (requestId: string, text: string) => Promise<string>;
      retentionDays: number;
    },
  ): Promise<number> {
    const events = await this.queryAll<Activity & ItemKey>({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
      FilterExpression: '#ev = :priority AND attribute_not_exists(reason)',
      ExpressionAttributeNames: { '#ev': 'event' },
      ExpressionAttributeValues: {
        ':p': requestKeys.partition(id),
        ':e': requestKeys.activity(id, 'EVENT', '').sk,
        ':priority': 'priority',
      },
      ConsistentRead: true,
    });
    const request = await this.get(id);
    const legacy = events.flatMap((e) => {
      const cut = (e.text ?? '').indexOf(': ');
      const text = cut >= 0 ? (e.text ?? '').slice(cut + 2).trim() : '';
      return [{ event: e, head: cut >= 0 ? (e.text ?? '').slice(0, cut) : (e.text ?? ''), text }];
    });
    const override = request?.priorityOverride;
    const overrideText =
      override && !isPriorityReason(override.reason) && override.reason.trim() ? override.reason : undefined;
    // The request item's text is normally its last event's: moved once, with the event.
    const overrideOwnNote = overrideText !== undefined && !legacy.some((l) => l.text === overrideText.trim());
    const found = legacy.filter((l) => l.text).length + (overrideOwnNote ? 1 : 0);
    const encryptNote = options.encryptNote;
    if (!encryptNote) return found;
    const note = async (text: string, at: string, by: string, byName: string) => ({
      Put: {
        TableName: this.tableName,
        Item: {
          ...staffNoteKeys.activity(id, 'NOTE', ulid()),
          entity: 'NOTE',
          kind: 'NOTE',
          at,
          by,
          byName,
          ciphertext: await encryptNote(id, text),
          ttl: Math.floor(Date.parse(at) / 1000) + options.retentionDays * 86_400,
        },
      },
    });
    for (const { event, head, text } of legacy) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              ...(text ? [await note(text, event.at, event.by, event.byName)] : []),
              {
                Update: {
                  TableName: this.tableName,
                  Key: { pk: event.pk, sk: event.sk },
                  UpdateExpression: 'SET #t = :head, reason = :other',
                  ConditionExpression: '#t = :old',
                  ExpressionAttributeNames: { '#t': 'text' },
                  ExpressionAttributeValues: { ':head': head, ':other': 'other', ':old': event.text ?? '' },
                },
              },
            ],
          }),
        );
      } catch (error) {
        // Changed or erased meanwhile ("delete my data"): nothing to move.
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    if (override && !isPriorityReason(override.reason)) {
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              ...(overrideOwnNote && overrideText
                ? [await note(overrideText.trim(), override.at, override.by, override.by)]
                : []),
              {
                Update: {
                  TableName: this.tableName,
                  Key: requestKeys.request(id),
                  UpdateExpression: 'SET priorityOverride.reason = :other',
                  ConditionExpression: 'priorityOverride.reason = :old',
                  ExpressionAttributeValues: { ':other': 'other', ':old': override.reason },
                },
              },
            ],
          }),
        );
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
      }
    }
    return found;
  }

  /**
   * A deletion mark: the staff notes of request `id` are to be deleted (`all`: every item, for a
   * deleted check-in). Written by whoever deletes the person's data; the erase-notes job does it.
   */
  async markForErasure(id: string, at: string, options: { all?: boolean } = {}): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...erasureMarkKeys(id, at), entity: 'ERASE', requestId: id, at, all: options.all ?? false },
      }),
    );
  }

  /** Every deletion mark, oldest first. */
  async erasureMarks(): Promise<{ requestId: string; at: string; all: boolean }[]> {
    const items = await this.queryAll<{ requestId: string; at: string; all?: boolean }>({
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :e',
      ExpressionAttributeValues: { ':e': INDEX_PK.erasures },
    });
    return items.map((i) => ({ requestId: i.requestId, at: i.at, all: i.all === true }));
  }

  /** Removes a deletion mark once done, unless a newer one replaced it meanwhile (that one stays). */
  async clearErasureMark(id: string, at: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: erasureMarkKey(id),
          ConditionExpression: '#at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

export { OPEN as OPEN_STATUSES };
