import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from './config.js';
import { DirectoryCache } from './data/directory-cache.js';
import { CaseworkStore } from './data/casework-store.js';
import { DirectoryStore } from './data/directory-store.js';
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
import type { PublicServices } from './http/public-app.js';
import { scaledLimiter } from './http/abuse.js';
import { TokenLedger } from './data/token-ledger.js';
import { DraftStore } from './data/draft-store.js';
import { RequestDrafts } from './services/request-drafts.js';
import type { ReferenceData } from './reference/index.js';
import { searchVocabulary } from './search-vocabulary.js';

/**
 * The services behind the public pages: stores, the directory index, callback requests and
 * follow-ups. Loaded and built with the first request that needs one (public-deps.ts), so a cold
 * start that serves the home page compiles none of them.
 */
export function createPublicServices(
  config: RuntimeConfig,
  client: DynamoDBDocumentClient,
  clientAddress: ClientAddressFn,
  reference: ReferenceData,
): PublicServices {
  const store = new DirectoryStore(client, config.APP_TABLE_NAME);
  const casework = new CaseworkStore(client, config.APP_TABLE_NAME);
  const directory = new DirectoryCache(store, {
    checkEveryMs: config.DIRECTORY_CHECK_SECONDS * 1000,
    // Built with the first index: it reads every language's directory labels.
    vocabulary: () => searchVocabulary(reference),
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
    directory,
    reports: new ReportStore(client, config.APP_TABLE_NAME),
    requests: {
      requests: callbackRequests,
      followUps,
      limiter: scaledLimiter(
        new RateLimiter(client, config.APP_TABLE_NAME, config.APP_SECRET as string),
        config.RATE_LIMIT_SCALE,
      ),
      clientAddress,
      secret: config.APP_SECRET as string,
      tokens: new TokenLedger(client, config.APP_TABLE_NAME),
      drafts: new RequestDrafts(new DraftStore(client, config.APP_TABLE_NAME), () => new Date()),
    },
  };
}
