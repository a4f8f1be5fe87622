import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RuntimeConfig } from './config.js';
import { AuditLog } from './data/audit-log.js';
import { CaseworkStore } from './data/casework-store.js';
import { DirectoryCache } from './data/directory-cache.js';
import { DirectoryStore } from './data/directory-store.js';
import { ReportStore } from './data/report-store.js';
import { FollowUpStore } from './data/followup-store.js';
import { lazyPiiCrypto } from './data/pii-crypto-lazy.js';
import { RequestStore } from './data/request-store.js';
import type { StaffStore } from './data/staff-store.js';
import { cognitoIdentityAdmin } from './data/cognito-identity-admin.js';
import { LocalAccounts } from './data/local-accounts.js';
import { StaffAdmin } from './services/staff-admin.js';
import type { ConsoleServices } from './http/console-app.js';
import { createLogger } from './logger.js';
import { searchVocabulary } from './search-vocabulary.js';
import { referenceData } from './reference/index.js';
import { Casework } from './services/casework.js';
import { Erasure } from './services/erasure.js';
import { FollowUps } from './services/followups.js';

/**
 * The services behind the console's pages: casework (which holds a keyring that can decrypt
 * personal data; every decrypt happens in Casework.open, after an audit event is written),
 * follow-ups, the directory and its editing, and the staff area. Loaded and built with the first
 * request that needs one (console-deps.ts).
 */
export function createConsoleServices(
  config: RuntimeConfig,
  client: DynamoDBDocumentClient,
  staff: StaffStore,
  /** The staff area is offered (Cognito in AWS, or the local provider's accounts). */
  areas: { staffAdmin: boolean },
): ConsoleServices {
  const reference = referenceData();
  const directoryStore = new DirectoryStore(client, config.APP_TABLE_NAME);
  const directory = new DirectoryCache(directoryStore, {
    checkEveryMs: config.DIRECTORY_CHECK_SECONDS * 1000,
    // Built with the first index: it reads every language's directory labels.
    vocabulary: () => searchVocabulary(reference),
  });
  // The Encryption SDK loads with the first encrypt or decrypt, not with the services.
  const pii = lazyPiiCrypto((crypto) =>
    config.PII_KMS_KEY_ARN
      ? crypto.kmsKeyring(config.PII_KMS_KEY_ARN)
      : crypto.localKeyring(config.PII_KEY_FILE as string),
  );
  const caseworkStore = new CaseworkStore(client, config.APP_TABLE_NAME);
  const followUpStore = new FollowUpStore(client, config.APP_TABLE_NAME);
  const requestStore = new RequestStore(client, config.APP_TABLE_NAME);
  const [p1, p2, p3] = config.TARGET_MINUTES;
  return {
    casework: new Casework({
      store: caseworkStore,
      audit: new AuditLog(client, config.AUDIT_TABLE_NAME),
      encrypt: pii.encrypt,
      retentionDays: config.RETENTION_DAYS,
      decrypt: pii.decrypt,
      followupCiphertext: (id) => followUpStore.personalCiphertext(id),
      followupHistory: async (id) => (await followUpStore.get(id))?.history ?? [],
      requestIdForCode: async (code) => (await requestStore.getCode(code))?.requestId,
      directory,
      staff,
      claimMinutes: config.CLAIM_MINUTES,
      maxUnsuccessful: config.MAX_UNSUCCESSFUL_ATTEMPTS,
      safeguardingTriggers: config.SAFEGUARDING_ESCALATION,
      retry: { urgentMinutes: config.URGENT_RETRY_MINUTES, normalMinutes: config.NORMAL_RETRY_MINUTES },
      targetMinutes: { 1: p1, 2: p2, 3: p3 },
      now: () => new Date(),
      log: createLogger('console'),
    }),
    // Operators record check-ins; the console never issues codes, so PIN checks are not needed here.
    followUps: new FollowUps({
      store: followUpStore,
      casework: caseworkStore,
      requests: requestStore,
      erasure: new Erasure({
        requests: requestStore,
        casework: caseworkStore,
        followUps: followUpStore,
        now: () => new Date(),
      }),
      encrypt: pii.encrypt,
      retentionDays: config.RETENTION_DAYS,
      now: () => new Date(),
      randomBytes: (n) => randomBytes(n),
    }),
    directory,
    directoryEditing: {
      store: directoryStore,
      reports: new ReportStore(client, config.APP_TABLE_NAME),
      audit: new AuditLog(client, config.AUDIT_TABLE_NAME),
      // The reference data is read with the first edit, not at cold start.
      placeIds: { has: (id: string) => reference.placeById.has(id) },
      auditTableName: config.AUDIT_TABLE_NAME,
      staleAfterDays: config.STALE_AFTER_DAYS,
    },
    // Cognito in AWS; with the local provider (http issuer), its accounts in DynamoDB Local.
    ...(areas.staffAdmin
      ? {
          staffAdmin: new StaffAdmin({
            identity: config.COGNITO_USER_POOL_ID
              ? cognitoIdentityAdmin({ userPoolId: config.COGNITO_USER_POOL_ID, region: config.AWS_REGION })
              : new LocalAccounts(client, config.APP_TABLE_NAME),
            staff,
            auditTableName: config.AUDIT_TABLE_NAME,
            now: () => new Date(),
          }),
        }
      : {}),
  };
}
