import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { ListingReportInput, StoredReport } from '../domain/directory/report.js';
import { INDEX_PK, REPORT_TTL_DAYS, reportIdOf, reportKey, reportKeys } from './keys.js';

/** Anonymous listing reports, newest first in gsi1 for directory editors. No client data stored. */
export class ReportStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async save(
    serviceId: string,
    report: Pick<ListingReportInput, 'reason' | 'message'>,
    now = new Date(),
  ): Promise<string> {
    const id = ulid(now.getTime());
    const createdAt = now.toISOString();
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...reportKeys(id, createdAt),
          entity: 'REPORT',
          serviceId,
          reason: report.reason,
          message: report.message || undefined,
          createdAt,
          ttl: Math.floor(now.getTime() / 1000) + REPORT_TTL_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return id;
  }

  /** Open reports, newest first (they expire by TTL after a year). */
  async listOpen(limit = 500): Promise<StoredReport[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': INDEX_PK.openReports },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((i) => ({
      id: reportIdOf(String(i.pk)),
      serviceId: String(i.serviceId),
      reason: i.reason as StoredReport['reason'],
      ...(i.message ? { message: String(i.message) } : {}),
      createdAt: String(i.createdAt),
    }));
  }

  /** Resolves or dismisses an open report with a note; records who and when. False if not open. */
  async close(
    id: string,
    outcome: { status: 'resolved' | 'dismissed'; note: string; by: string; at: string },
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: reportKey(id),
          UpdateExpression:
            'SET closedStatus = :s, closedNote = :n, closedBy = :b, closedAt = :a REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'gsi1pk = :open',
          ExpressionAttributeValues: {
            ':open': INDEX_PK.openReports,
            ':s': outcome.status,
            ':n': outcome.note,
            ':b': outcome.by,
            ':a': outcome.at,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** One report with how it was closed (for the tests and the audit). */
  async get(id: string): Promise<Record<string, unknown> | undefined> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk = :s',
        ExpressionAttributeValues: { ':p': reportKey(id).pk, ':s': reportKey(id).sk },
      }),
    );
    return Items?.[0];
  }
}
