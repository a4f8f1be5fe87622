import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RESOURCES } from '../locales/index.js';
import type { WebAssets } from '../web/assets.js';
import type { RuntimeConfig } from './config.js';
import type { DirectoryLabels } from './domain/directory/hsds/index.js';
import { createLogger } from './logger.js';
import type { ClientAddressFn } from './http/client-address.js';
import { loadWith } from './http/lazy-area.js';
import type { PublicAppDeps } from './http/public-app.js';
import { referenceData } from './reference/index.js';
import { loadOnce } from './domain/once.js';

/**
 * Builds the public app's dependencies from configuration. Shared by the Lambda entry file and
 * the local server, so both run the same wiring. Only configuration checks happen here: the
 * DynamoDB client and the services (public-services.ts) load with the first request that needs
 * them, so a cold start that serves a page without data compiles neither (docs/performance.md,
 * "Route areas on first use").
 */
export function createPublicDeps(
  config: RuntimeConfig,
  webAssets: WebAssets,
  clientAddress: ClientAddressFn,
  doc?: DynamoDBDocumentClient,
): PublicAppDeps {
  if (!config.APP_SECRET) throw new Error('APP_SECRET is not set (at least 32 characters)');
  if (!config.PII_KMS_KEY_ARN && !config.PII_KEY_FILE)
    throw new Error('Set PII_KMS_KEY_ARN (AWS) or PII_KEY_FILE (local)');
  const reference = referenceData();
  const client = loadOnce(
    async () =>
      doc ??
      (await import('./data/dynamo-client.js')).createDocumentClient({
        endpoint: config.DYNAMODB_ENDPOINT,
        region: config.AWS_REGION,
      }),
  );
  const loadServices = loadOnce(async () =>
    (await import('./public-services.js')).createPublicServices(
      config,
      await client(),
      clientAddress,
      reference,
    ),
  );
  return {
    config,
    webAssets,
    checkDatabase: async () =>
      (await import('./data/health.js')).isTableReachable(await client(), config.APP_TABLE_NAME),
    reference,
    log: createLogger('public'),
    services: loadServices,
    mounts: [
      {
        base: '/hsds',
        paths: ['', '/*'],
        load: loadWith(
          () => import('./http/hsds-routes.js'),
          loadServices,
          ({ createHsdsRoutes }, { directory }) =>
            createHsdsRoutes({
              directory: () => directory.get(),
              labels: (locale) => RESOURCES[locale].directory as unknown as DirectoryLabels,
            }),
        ),
      },
    ],
  };
}
