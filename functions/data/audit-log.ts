import { randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../domain/audit.js';
import { auditSortKey } from './keys.js';

/**
 * The append-only audit trail (its own table; application roles may only PutItem and Query).
 * Every view of personal data, every change and every export writes one event (the event's shape
 * is in domain/audit.ts).
 */
export class AuditLog {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** The random end of each key, so two events in the same millisecond by one actor never collide. */
    private readonly suffix: () => string = () => randomBytes(4).toString('hex'),
  ) {}

  /**
   * Appends one event. The condition makes the put fail rather than replace an existing event; no
   * role is granted UpdateItem or DeleteItem on this table (cdk/constructs/waypoint-function.ts).
   */
  async write(event: AuditEvent): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: event.subject,
          sk: auditSortKey(event.at, event.actor, this.suffix()),
          ...event,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async trail(subject: string, limit = 200): Promise<AuditEvent[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': subject },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((i) => ({
      subject: i.subject,
      actor: i.actor,
      actorName: i.actorName,
      action: i.action,
      at: i.at,
      details: i.details,
    }));
  }
}
