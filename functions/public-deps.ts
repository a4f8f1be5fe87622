import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RESOURCES } from '../locales/index.js';
import type { WebAssets } from '../web/assets.js';
import type { RuntimeConfig } from './config.js';
import type { DirectoryLabels } from './domain/directory/hsds/index.js';
import type { IndexVocabulary } from './domain/directory/search.js';
import { SERVED_GROUPS } from './domain/directory/model.js';
import { AREAS, type AreaId } from './domain/directory/taxonomy.js';
import { SUPPORTED_LOCALES } from './domain/locales.js';
import { DirectoryCache } from './data/directory-cache.js';
import { CaseworkStore } from './data/casework-store.js';
import { DirectoryStore } from './data/directory-store.js';
import { createDocumentClient } from './data/dynamo-client.js';
import { isTableReachable } from './data/health.js';
import { lazyPiiCrypto } from './data/pii-crypto-lazy.js';
import { createLogger } from './logger.js';
import { hashPin, verifyPin } from './data/pin-hash.js';
import { RateLimiter } from './data/rate-limiter.js';
import { FollowUpStore } from './data/followup-store.js';
import { RequestStore } from './data/request-store.js';
import type { ClientAddressFn } from './http/client-address.js';
import { CallbackRequests } from './services/callback-requests.js';
import { Erasure } from './services/erasure.js';
import { FollowUps } from './services/followups.js';
import { ReportStore } from './data/report-store.js';
import { createHsdsRoutes } from './http/hsds-routes.js';
import type { PublicAppDeps } from './http/public-app.js';
import { scaledLimiter } from './http/abuse.js';
import { TokenLedger } from './data/token-ledger.js';
import { DraftStore } from './data/draft-store.js';
import { RequestDrafts } from './services/request-drafts.js';
import { type ReferenceData, referenceData } from './reference/index.js';

/**
 * Words that name areas and places in every language, so "ที่พัก" or "Chiang Mai" finds listings
 * even when their own text does not use those words.
 */
export function searchVocabulary(reference: ReferenceData): IndexVocabulary {
  const areaLabels: Partial<Record<AreaId, string[]>> = {};
  for (const area of AREAS) {
    areaLabels[area] = SUPPORTED_LOCALES.map(
      (l) => (RESOURCES[l].directory as { areas?: Record<string, string> }).areas?.[area],
    ).filter((x): x is string => typeof x === 'string');
  }
  const placeNames = new Map(reference.places.map((p) => [p.id, Object.values(p.name)]));
  const groupLabels: Partial<Record<string, string[]>> = {};
  for (const group of SERVED_GROUPS) {
    groupLabels[group] = SUPPORTED_LOCALES.map(
      (l) => (RESOURCES[l].directory as { groups?: Record<string, string> }).groups?.[group],
    ).filter((x): x is string => typeof x === 'string');
  }
  return { areaLabels, placeNames, groupLabels };
}

/**
 * Builds the public app's dependencies from configuration. Shared by the Lambda entry file and
 * the local server, so both run the same wiring.
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
  const client =
    doc ?? createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  const reference = referenceData();
  const store = new DirectoryStore(client, config.APP_TABLE_NAME);
  const casework = new CaseworkStore(client, config.APP_TABLE_NAME);
  const directory = new DirectoryCache(store, {
    checkEveryMs: config.DIRECTORY_CHECK_SECONDS * 1000,
    // Built with the first index: it reads every language's directory labels.
    vocabulary: () => searchVocabulary(reference),
  });
  const hsds = createHsdsRoutes({
    directory: () => directory.get(),
    labels: (locale) => RESOURCES[locale].directory as unknown as DirectoryLabels,
  });
  // The public function can only encrypt: its keyring refuses to decrypt.
  // The Encryption SDK loads with the first request that carries personal data.
  const encrypt = lazyPiiCrypto((crypto) =>
    crypto.encryptOnlyKeyring(
      config.PII_KMS_KEY_ARN
        ? crypto.kmsKeyring(config.PII_KMS_KEY_ARN)
        : crypto.localKeyring(config.PII_KEY_FILE as string),
    ),
  ).encrypt;
  const requestStore = new RequestStore(client, config.APP_TABLE_NAME);
  const followUpStore = new FollowUpStore(client, config.APP_TABLE_NAME);
  const erasure = new Erasure({
    requests: requestStore,
    casework,
    followUps: followUpStore,
    now: () => new Date(),
  });
  const callbackRequests = new CallbackRequests({
    store: requestStore,
    erasure,
    encrypt,
    hashPin,
    verifyPin,
    retentionDays: config.RETENTION_DAYS,
    now: () => new Date(),
    randomBytes: (n) => randomBytes(n),
    countIntake: (week, dims) => casework.countIntake(week, dims),
    countReport: (week, cells, counters) => casework.countReport(week, cells, counters),
    log: createLogger('public'),
  });
  const followUps = new FollowUps({
    store: followUpStore,
    casework,
    requests: requestStore,
    erasure,
    encrypt,
    retentionDays: config.RETENTION_DAYS,
    now: () => new Date(),
    randomBytes: (n) => randomBytes(n),
  });
  return {
    config,
    webAssets,
    checkDatabase: () => isTableReachable(client, config.APP_TABLE_NAME),
    directory,
    reports: new ReportStore(client, config.APP_TABLE_NAME),
    reference,
    log: createLogger('public'),
    mounts: [{ path: '/hsds', app: hsds }],
    requests: {
      requests: callbackRequests,
      followUps,
      limiter: scaledLimiter(
        new RateLimiter(client, config.APP_TABLE_NAME, config.APP_SECRET),
        config.RATE_LIMIT_SCALE,
      ),
      clientAddress,
      secret: config.APP_SECRET,
      tokens: new TokenLedger(client, config.APP_TABLE_NAME),
      drafts: new RequestDrafts(new DraftStore(client, config.APP_TABLE_NAME), () => new Date()),
    },
  };
}
