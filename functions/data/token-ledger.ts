import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { usedTokenKey } from './keys.js';

/** Kept a day past the token's own expiry, then DynamoDB TTL removes it. */
const TTL_GRACE_SECONDS = 86_400;

/**
 * Remembers which public form and action tokens were used, so each works once only.
 *
 *   pk=TOKEN#<sha256 of the token id>  sk=USED  binding  ttl
 *
 * A binding ties a use to one thing (e.g. a request's idempotency key): the same token with the
 * same binding is a retry of the same send and passes again; with another binding it is refused.
 */
export class TokenLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True the first time a token id is used (or again with the same binding), false after. */
  async use(tokenId: string, expiresAtMs: number, binding?: string): Promise<boolean> {
    const hashed = createHash('sha256').update(`token:${tokenId}`).digest('base64url');
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...usedTokenKey(hashed),
            entity: 'TOKEN',
            binding: binding ?? '',
            ttl: Math.ceil(expiresAtMs / 1000) + TTL_GRACE_SECONDS,
          },
          ConditionExpression:
            binding === undefined ? 'attribute_not_exists(pk)' : 'attribute_not_exists(pk) OR binding = :b',
          ...(binding === undefined ? {} : { ExpressionAttributeValues: { ':b': binding } }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
