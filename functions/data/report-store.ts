import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { ListingReportInput } from '../domain/directory/report.js';
import { REPORT_TTL_DAYS, reportKeys } from './keys.js';

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
}
