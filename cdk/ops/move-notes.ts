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
 *
 * It also cleans priority changes written before their reason was a word from a list: the free
 * text on the request item and in its history event becomes an encrypted staff note, and the reason
 * `other`. That needs the personal-data key to encrypt with: `--kms-key-arn <arn>` (or
 * PII_KMS_KEY_ARN, as the console function has it), or PII_KEY_FILE for the local portal. Without one it only counts them.
 */
import { parseArgs } from 'node:util';
import { CaseworkStore } from '../../functions/data/casework-store.js';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { lazyPiiCrypto } from '../../functions/data/pii-crypto-lazy.js';
import { NOTE_PURPOSE } from '../../functions/domain/requests/records.js';
import { connectionHelp } from '../../scripts/connection-help.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE =
  'Usage: npm run ops:move-notes -- --table <app-table> [--region <region>] [--kms-key-arn <pii-key-arn>] [--retention-days <days>]';

const { values } = parseArgs({
  options: {
    table: { type: 'string', default: process.env.APP_TABLE_NAME },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'ap-southeast-1' },
    segments: { type: 'string', default: '4' },
    'kms-key-arn': { type: 'string', default: process.env.PII_KMS_KEY_ARN },
    'retention-days': { type: 'string', default: process.env.RETENTION_DAYS ?? '180' },
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
const keyArn = values['kms-key-arn'];
const keyFile = process.env.PII_KEY_FILE;
const retentionDays = Number(values['retention-days']);
if (!Number.isInteger(retentionDays) || retentionDays < 1) {
  console.error(USAGE);
  process.exit(2);
}
// Encrypt only: the notes are written exactly as the console writes them (purpose operator-note).
const pii =
  keyArn || keyFile
    ? lazyPiiCrypto((crypto) =>
        crypto.encryptOnlyKeyring(
          keyArn ? crypto.kmsKeyring(keyArn) : crypto.localKeyring(keyFile as string),
        ),
      )
    : undefined;
const encryptNote = pii
  ? (requestId: string, text: string) => pii.encrypt({ text }, { requestId, purpose: NOTE_PURPOSE })
  : undefined;
const segments = Array.from({ length: total }, (_, i) => i);
const [counts, reasons] = await Promise.all([
  Promise.all(segments.map((i) => store.moveLegacyStaffNotes(i, total))),
  Promise.all(segments.map((i) => store.moveLegacyPriorityReasons({ encryptNote, retentionDays }, i, total))),
]).catch((error: unknown) => {
  const help = connectionHelp(error, process.env, {
    command: `npm run ops:move-notes -- --table ${table}`,
    usesAppTableName: false,
  });
  console.error(help ?? (error instanceof Error ? error.message : error));
  process.exit(2);
});
const sum = (n: number[]) => n.reduce((a, b) => a + b, 0);
console.log(`Moved ${sum(counts)} staff notes from REQ# to NOTE# in ${table}.`);
if (encryptNote) {
  console.log(`Moved ${sum(reasons)} free-text priority reasons into encrypted notes (reason now "other").`);
} else {
  console.log(
    `Found ${sum(reasons)} free-text priority reasons; left as they are: run again with --kms-key-arn <PII_KMS_KEY_ARN> to move them into encrypted notes.`,
  );
}
