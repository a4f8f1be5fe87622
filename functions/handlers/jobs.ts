import { randomBytes } from 'node:crypto';
import { AuditLog } from '../data/audit-log.js';
import { FollowUpStore } from '../data/followup-store.js';
import { RequestStore } from '../data/request-store.js';
import { Erasure } from '../services/erasure.js';
import { FollowUps } from '../services/followups.js';
import { CaseworkStore } from '../data/casework-store.js';
import { DirectoryStore } from '../data/directory-store.js';
import { createDocumentClient } from '../data/dynamo-client.js';
import { loadRuntimeConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { JOBS, type JobName } from '../domain/jobs.js';
import { emfMetric, runJob } from '../services/jobs.js';

// Entry file: wiring only. EventBridge Scheduler sends { "job": "<name>" }.
const config = loadRuntimeConfig();
const doc = createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
const store = new CaseworkStore(doc, config.APP_TABLE_NAME);
// The jobs function only schedules check-ins: it never encrypts, decrypts or checks PINs.
const followUpStore = new FollowUpStore(doc, config.APP_TABLE_NAME);
const requestStore = new RequestStore(doc, config.APP_TABLE_NAME);
const followUps = new FollowUps({
  store: followUpStore,
  casework: store,
  requests: requestStore,
  erasure: new Erasure({
    requests: requestStore,
    casework: store,
    followUps: followUpStore,
    now: () => new Date(),
  }),
  encrypt: async () => {
    throw new Error('The jobs function does not encrypt');
  },
  retentionDays: config.RETENTION_DAYS,
  now: () => new Date(),
  randomBytes: (n) => randomBytes(n),
});
const deps = {
  store,
  dueFollowUps: () => followUps.runDue(),
  audit: new AuditLog(doc, config.AUDIT_TABLE_NAME),
  loadDirectory: () => new DirectoryStore(doc, config.APP_TABLE_NAME).loadSnapshot(),
  staleAfterDays: config.STALE_AFTER_DAYS,
  now: () => new Date(),
  log: createLogger('jobs'),
  metric: emfMetric('Waypoint'),
};

export const handler = async (event: { job?: string }) => {
  if (!(JOBS as readonly string[]).includes(event.job ?? ''))
    throw new Error(`Unknown job: ${String(event.job).slice(0, 40)}`);
  return runJob(event.job as JobName, deps);
};
