import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type Address,
  type DirectorySnapshot,
  type Location,
  type Organization,
  type PublicLocation,
  type Service,
  toPublicLocation,
} from '../domain/directory/model.js';
import { ListingConflictError } from '../domain/errors.js';
import {
  confidentialAddressKey,
  type DirectoryEntity,
  directoryEntityKeys,
  auditSortKey,
  directoryItemKey,
  directoryEntityPrefix,
  directoryVersionKey,
  INDEX_PK,
} from './keys.js';
import type { AuditEvent } from '../domain/audit.js';

/** The word segmenter loads with the first listing saved, not with every function that reads listings. */
const searchEngine = () => import('../domain/directory/search.js');

/**
 * Directory persistence. Every public entity lives in the DIRECTORY partition of gsi1, so the whole
 * public directory loads with one paged Query (no Scan). A confidential location's street address
 * and coordinates are a separate item outside that partition: the public function never reads them.
 *
 *   organization, service, location items   data=<Organization | Service | PublicLocation>, in the
 *                                            DIRECTORY partition of gsi1; services carry their words
 *   confidential address item                address, latitude, longitude (own partition per location)
 *   version item                             version (number, bumped on every change)
 * Keys are built in keys.ts.
 */
export interface DirectoryRecord {
  organization?: Organization;
  services?: Service[];
  locations?: Location[];
}

export interface ConfidentialAddress {
  address?: Address;
  latitude?: number;
  longitude?: number;
}

export class DirectoryStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The current version stamp; one strongly consistent GetItem. */
  async currentVersion(): Promise<string> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: directoryVersionKey,
        ConsistentRead: true,
      }),
    );
    return String(Item?.version ?? 0);
  }

  /** Loads the whole public directory (organizations, services, public locations). */
  async loadSnapshot(): Promise<DirectorySnapshot> {
    const version = await this.currentVersion();
    const snapshot: DirectorySnapshot = {
      version,
      organizations: [],
      services: [],
      locations: [],
      words: new Map(),
    };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': INDEX_PK.directory },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.entity === 'ORG') snapshot.organizations.push(item.data as Organization);
        else if (item.entity === 'SVC') {
          const service = item.data as Service;
          snapshot.services.push(service);
          if (item.words) snapshot.words?.set(service.id, item.words);
        } else if (item.entity === 'LOC') snapshot.locations.push(item.data as PublicLocation);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return snapshot;
  }

  /** Whether the directory holds no service yet (used to seed demo data). */
  async isEmpty(): Promise<boolean> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: { ':p': INDEX_PK.directory, ':s': directoryEntityPrefix('SVC') },
        Limit: 1,
      }),
    );
    return (page.Items ?? []).length === 0;
  }

  /**
   * Writes one record (an organization with its services and locations) all-or-nothing, in one
   * transaction, and bumps the directory version so every cache reloads.
   */
  async saveRecord(
    record: DirectoryRecord,
    now = new Date(),
    options: { keepUpdatedAt?: boolean } = {},
  ): Promise<void> {
    const stamp = now.toISOString();
    // An import keeps the source's last_modified; every other change is stamped now.
    const stampOf = (given: string | undefined) => (options.keepUpdatedAt && given ? given : stamp);
    const items: Record<string, unknown>[] = [];
    if (record.organization)
      items.push(
        this.entityItem('ORG', record.organization.id, {
          ...record.organization,
          updatedAt: stampOf(record.organization.updatedAt),
        }),
      );
    for (const service of record.services ?? []) {
      // Segmenting Thai, Khmer, Lao and Burmese text is slow: do it once here, not on every cold start.
      const item = this.entityItem('SVC', service.id, { ...service, updatedAt: stampOf(service.updatedAt) });
      items.push({ ...item, words: (await searchEngine()).serviceWords(service) });
    }
    for (const location of record.locations ?? []) {
      const withStamp = { ...location, updatedAt: stampOf(location.updatedAt) };
      items.push(this.entityItem('LOC', location.id, toPublicLocation(withStamp)));
      if (location.confidential) {
        items.push({
          ...confidentialAddressKey(location.id),
          entity: 'LOC_CONFIDENTIAL',
          address: location.address,
          latitude: location.latitude,
          longitude: location.longitude,
        });
      }
    }
    if (items.length === 0) return;
    if (items.length > 99) throw new RangeError('A directory record may hold at most 99 items');
    // Revisions move on with every write, so a form an editor opened before an import conflicts.
    const revs = await this.currentRevs(items);
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          ...items.map((Item) => ({
            Put: {
              TableName: this.tableName,
              Item: revs.has(String(Item.pk)) ? { ...Item, rev: (revs.get(String(Item.pk)) ?? 0) + 1 } : Item,
            },
          })),
          {
            Update: {
              TableName: this.tableName,
              Key: directoryVersionKey,
              UpdateExpression: 'ADD version :one SET updatedAt = :now',
              ExpressionAttributeValues: { ':one': 1, ':now': stamp },
            },
          },
        ],
      }),
    );
  }

  /** The revisions of the directory items among `items` that exist already (by pk; 0 when none yet). */
  private async currentRevs(items: Record<string, unknown>[]): Promise<Map<string, number>> {
    const revs = new Map<string, number>();
    await Promise.all(
      items
        .filter((i) => i.sk === 'SVC' || i.sk === 'ORG' || i.sk === 'LOC')
        .map(async (i) => {
          const { Item } = await this.doc.send(
            new GetCommand({
              TableName: this.tableName,
              Key: { pk: i.pk, sk: i.sk },
              ProjectionExpression: 'pk, rev',
              ConsistentRead: true,
            }),
          );
          if (Item) revs.set(String(i.pk), typeof Item.rev === 'number' ? Item.rev : 0);
        }),
    );
    return revs;
  }

  /** Staff only: one service with its revision (for optimistic concurrency). */
  async getServiceForEdit(id: string): Promise<{ service: Service; rev: number } | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: directoryItemKey('SVC', id),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return { service: Item.data as Service, rev: typeof Item.rev === 'number' ? Item.rev : 0 };
  }

  /**
   * Saves an edited service only if nobody saved it since `expectedRev` was read, together with
   * its audit event (before and after) and a new directory version, in one transaction. Throws
   * ListingConflictError when the revision moved on.
   */
  async saveServiceEdit(input: {
    after: Service;
    expectedRev: number;
    audit: { tableName: string; event: AuditEvent };
    now?: Date;
  }): Promise<number> {
    const stamp = (input.now ?? new Date()).toISOString();
    const service = { ...input.after, updatedAt: stamp };
    return this.saveEdit('SVC', service.id, input.expectedRev, input.audit, stamp, {
      ...this.entityItem('SVC', service.id, service),
      words: (await searchEngine()).serviceWords(service),
    });
  }

  /** Staff only: one organisation with its revision (for optimistic concurrency). */
  async getOrganizationForEdit(id: string): Promise<{ organization: Organization; rev: number } | undefined> {
    const item = await this.getEntity('ORG', id);
    return item && { organization: item.data as Organization, rev: item.rev };
  }

  /** Saves an edited organisation as saveServiceEdit saves a service. */
  async saveOrganizationEdit(input: {
    after: Organization;
    expectedRev: number;
    audit: { tableName: string; event: AuditEvent };
    now?: Date;
  }): Promise<number> {
    const stamp = (input.now ?? new Date()).toISOString();
    const organization = { ...input.after, updatedAt: stamp };
    return this.saveEdit(
      'ORG',
      organization.id,
      input.expectedRev,
      input.audit,
      stamp,
      this.entityItem('ORG', organization.id, organization),
    );
  }

  /**
   * Staff only: one location with its revision, the street address of a confidential one
   * included (read from its own item). The public function never calls this.
   */
  async getLocationForEdit(id: string): Promise<{ location: Location; rev: number } | undefined> {
    const item = await this.getEntity('LOC', id);
    if (!item) return undefined;
    const location = item.data as Location;
    if (!location.confidential) return { location, rev: item.rev };
    const secret = await this.getConfidentialAddress(id);
    return {
      location: {
        ...location,
        ...(secret?.address ? { address: secret.address } : {}),
        ...(secret?.latitude !== undefined ? { latitude: secret.latitude } : {}),
        ...(secret?.longitude !== undefined ? { longitude: secret.longitude } : {}),
      },
      rev: item.rev,
    };
  }

  /**
   * Saves an edited location as saveServiceEdit saves a service. The public item holds the public
   * projection only; a confidential location's address goes to its own item (and is removed from
   * there when the location stops being confidential).
   */
  async saveLocationEdit(input: {
    after: Location;
    expectedRev: number;
    audit: { tableName: string; event: AuditEvent };
    now?: Date;
  }): Promise<number> {
    const stamp = (input.now ?? new Date()).toISOString();
    const location = { ...input.after, updatedAt: stamp };
    const secret = location.confidential
      ? {
          Put: {
            TableName: this.tableName,
            Item: {
              ...confidentialAddressKey(location.id),
              entity: 'LOC_CONFIDENTIAL',
              address: location.address,
              latitude: location.latitude,
              longitude: location.longitude,
            },
          },
        }
      : { Delete: { TableName: this.tableName, Key: confidentialAddressKey(location.id) } };
    return this.saveEdit(
      'LOC',
      location.id,
      input.expectedRev,
      input.audit,
      stamp,
      this.entityItem('LOC', location.id, toPublicLocation(location)),
      [secret],
    );
  }

  private async getEntity(
    entity: DirectoryEntity,
    id: string,
  ): Promise<{ data: unknown; rev: number } | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: directoryItemKey(entity, id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    return { data: Item.data, rev: typeof Item.rev === 'number' ? Item.rev : 0 };
  }

  /** One edit: the item on its revision, the audit event and a new directory version, all or nothing. */
  private async saveEdit(
    entity: DirectoryEntity,
    id: string,
    expectedRev: number,
    audit: { tableName: string; event: AuditEvent },
    stamp: string,
    item: Record<string, unknown>,
    more: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [],
  ): Promise<number> {
    const rev = expectedRev + 1;
    const { event } = audit;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...item, rev },
                ConditionExpression:
                  expectedRev === 0
                    ? 'attribute_exists(pk) AND (attribute_not_exists(rev) OR rev = :zero)'
                    : 'rev = :rev',
                ExpressionAttributeValues: expectedRev === 0 ? { ':zero': 0 } : { ':rev': expectedRev },
              },
            },
            {
              Put: {
                TableName: audit.tableName,
                Item: {
                  pk: event.subject,
                  sk: auditSortKey(event.at, event.actor, randomBytes(4).toString('hex')),
                  ...event,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: directoryVersionKey,
                UpdateExpression: 'ADD version :one SET updatedAt = :now',
                ExpressionAttributeValues: { ':one': 1, ':now': stamp },
              },
            },
            ...more,
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      )
        throw new ListingConflictError(`${entity}#${id}`);
      throw error;
    }
    return rev;
  }

  /** Staff only: the street address of a confidential location. The public app never calls this. */
  async getConfidentialAddress(locationId: string): Promise<ConfidentialAddress | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: confidentialAddressKey(locationId) }),
    );
    if (!Item) return undefined;
    return { address: Item.address, latitude: Item.latitude, longitude: Item.longitude };
  }

  /** Bumps the version without other changes (e.g. after an out-of-band fix). */
  async touch(now = new Date()): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: directoryVersionKey,
        UpdateExpression: 'ADD version :one SET updatedAt = :now',
        ExpressionAttributeValues: { ':one': 1, ':now': now.toISOString() },
      }),
    );
  }

  private entityItem(entity: DirectoryEntity, id: string, data: unknown): Record<string, unknown> {
    return {
      ...directoryEntityKeys(entity, id),
      entity,
      data,
    };
  }
}
