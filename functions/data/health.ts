import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { healthKey } from './keys.js';

/**
 * True when the application table answers a single-item read within the time limit.
 * A GetItem (not DescribeTable) so the check uses the same permission and limits as real traffic.
 */
export async function isTableReachable(
  doc: DynamoDBDocumentClient,
  tableName: string,
  timeoutMs = 2000,
): Promise<boolean> {
  try {
    await doc.send(new GetCommand({ TableName: tableName, Key: healthKey }), {
      abortSignal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}
