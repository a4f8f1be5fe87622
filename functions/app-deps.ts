import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebAssets } from '../web/assets.js';
import type { RuntimeConfig } from './config.js';
import { createDocumentClient } from './data/dynamo-client.js';
import { isTableReachable } from './data/health.js';
import type { PublicAppDeps } from './http/public-app.js';

/**
 * Builds the public app's dependencies from configuration. Shared by the Lambda entry file and
 * the local server, so both run the same wiring.
 */
export function createPublicDeps(
  config: RuntimeConfig,
  webAssets: WebAssets,
  doc?: DynamoDBDocumentClient,
): PublicAppDeps {
  const client =
    doc ?? createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  return {
    config,
    webAssets,
    checkDatabase: () => isTableReachable(client, config.APP_TABLE_NAME),
  };
}
