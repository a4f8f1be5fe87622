/**
 * One-off operations tool: moves staff notes written before they had their own partition into it.
 *
 *   npm run ops:move-notes -- --table <AppTableName> [--region ap-southeast-1]
 *
 * Operator notes, handover notes and closes with a wrap-up summary now live under NOTE#<request id>,
 * a partition the public function has no IAM right on. Items written before that change are still
 * under REQ#<request id>: the console reads them there and "delete my data" deletes them there, so
 * nothing is lost or kept if this never runs; running it once takes them out of the public
 * function's reach. Each item moves in one transaction (same sort key, same ciphertext and ttl);
 * running it again finds nothing. Scan is fine here: this runs by hand, never on a request path.
 * Uses your AWS CLI credentials, or DYNAMODB_ENDPOINT (e.g. http://127.0.0.1:8000) for the local
 * portal's DynamoDB Local. It never decrypts anything.
 */
import { parseArgs } from 'node:util';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { connectionHelp } from '../../scripts/connection-help.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'Usage: npm run ops:move-notes -- --table <app-table> [--region <region>]';

const { values } = parseArgs({
  options: {
    table: { type: 'string', default: process.env.APP_TABLE_NAME },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'ap-southeast-1' },
    segments: { type: 'string', default: '4' },
  },
});
if (!values.table) {
  console.error(USAGE);
  process.exit(2);
}
const table = values.table;
const doc = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: values.region });
const store = new CaseworkStore(doc, table);
const total = Math.max(1, Math.min(16, Number(values.segments) || 4));
const counts = await Promise.all(
  Array.from({ length: total }, (_, i) => store.moveLegacyStaffNotes(i, total)),
).catch((error: unknown) => {
  const help = connectionHelp(error, process.env, {
    command: `npm run ops:move-notes -- --table ${table}`,
    usesAppTableName: false,
  });
  console.error(help ?? (error instanceof Error ? error.message : error));
  process.exit(2);
});
console.log(`Moved ${counts.reduce((a, b) => a + b, 0)} staff notes from REQ# to NOTE# in ${table}.`);
