import { createHmac } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { rateKey } from './keys.js';

/** Kept after a window ends so a late retry still finds its counter; DynamoDB TTL then removes it. */
const TTL_GRACE_SECONDS = 86_400;
const KEY_HEX_LENGTH = 32;
/** A short secret makes the keyed hashes of the small IPv4 space easy to reverse by brute force. */
export const MIN_SECRET_LENGTH = 16;
/** Stands in for a client whose address could not be learned: such clients share one bucket. */
export const UNKNOWN_CLIENT = 'unknown';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SCOPE = /^[A-Za-z0-9_.:-]+$/;

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`rate-limit secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

/**
 * A pseudonymous, non-reversible key for a client (or any other value) on one UTC day:
 * HMAC-SHA256 under a per-day key HMAC-SHA256(secret, 'rate-limit:' + day), as 32 hex characters.
 * The raw value is never stored; the daily key rotates, so keys of different days cannot be linked.
 */
export function clientKey(secret: string, address: string, day: string): string {
  assertSecret(secret);
  if (!DAY.test(day)) throw new RangeError('day must be YYYY-MM-DD (UTC)');
  const dayKey = createHmac('sha256', secret).update(`rate-limit:${day}`).digest();
  return createHmac('sha256', dayKey).update(address).digest('hex').slice(0, KEY_HEX_LENGTH);
}

export interface RateLimitResult {
  allowed: boolean;
  /** Hits still allowed in the current window. */
  remaining: number;
  /** Seconds until the window resets when refused; 0 when allowed. */
  retryAfterSeconds: number;
  /** Hits counted in the current window, this one included. */
  count: number;
}

/**
 * Fixed-window counters in the app table (pk=RATE#<scope>#<hashed key>, sk=<window start>), one atomic
 * UpdateItem per hit, expired by TTL. Nothing stored identifies a client: keys are daily-rotated HMACs.
 * DynamoDB errors propagate; each caller decides whether to fail open or closed.
 */
export class RateLimiter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    assertSecret(secret);
  }

  /** Counts a hit by a client address; an unknown address is limited as the shared 'unknown' client. */
  hit(
    scope: string,
    address: string | undefined,
    limit: number,
    windowSeconds: number,
  ): Promise<RateLimitResult> {
    return this.hitKey(scope, address || UNKNOWN_CLIENT, limit, windowSeconds);
  }

  /** Counts a hit by any other key (e.g. a reference code); the key is hashed exactly like an address. */
  async hitKey(scope: string, key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    if (!SCOPE.test(scope))
      throw new RangeError('rate-limit scope must be a non-empty [A-Za-z0-9_.:-] string');
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError('limit must be a non-negative integer');
    if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) {
      throw new RangeError('windowSeconds must be a positive integer');
    }
    const nowMs = this.now().getTime();
    const windowStart = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
    const windowEnd = windowStart + windowSeconds;
    // The day of the window start, not of the hit: a window spanning midnight keeps one counter.
    const day = new Date(windowStart * 1000).toISOString().slice(0, 10);
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: rateKey(scope, clientKey(this.secret, key, day), windowStart),
        UpdateExpression: 'ADD #count :one SET #entity = :entity, #ttl = :ttl',
        ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'RATE', ':ttl': windowEnd + TTL_GRACE_SECONDS },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const count = Number(Attributes?.count);
    if (!Number.isFinite(count)) throw new Error('rate-limit update returned no count');
    const allowed = count <= limit;
    return {
      allowed,
      count,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((windowEnd * 1000 - nowMs) / 1000)),
    };
  }
}
