import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { draftKey } from './keys.js';

/**
 * The callback form's answers between steps, sealed (services/request-drafts.ts) so that only the
 * page address that holds the key can open them.
 *
 *   pk=DRAFT#<random id>  sk=DRAFT  sealed  expiresAt  ttl
 *
 * DynamoDB's TTL removes an item some time after `ttl`; `get` treats an item past `expiresAt` as gone.
 */
export class DraftStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string, nowMs: number): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: draftKey(id), ConsistentRead: true }),
    );
    const item = out.Item as { sealed?: unknown; expiresAt?: unknown } | undefined;
    if (!item || typeof item.sealed !== 'string' || typeof item.expiresAt !== 'number') return undefined;
    return item.expiresAt > nowMs ? item.sealed : undefined;
  }

  async put(id: string, sealed: string, expiresAtMs: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...draftKey(id),
          entity: 'DRAFT',
          sealed,
          expiresAt: expiresAtMs,
          ttl: Math.ceil(expiresAtMs / 1000),
        },
      }),
    );
  }
}
