import { AuditLog } from '../data/audit-log.js';
import { CaseworkStore } from '../data/casework-store.js';
import { DirectoryStore } from '../data/directory-store.js';
import { createDocumentClient } from '../data/dynamo-client.js';
import { loadRuntimeConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { emfMetric, JOBS, type JobName, runJob } from '../services/jobs.js';

// Entry file: wiring only. EventBridge Scheduler sends { "job": "<name>" }.
const config = loadRuntimeConfig();
const doc = createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
const deps = {
  store: new CaseworkStore(doc, config.APP_TABLE_NAME),
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
