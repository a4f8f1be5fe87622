/**
 * Operations tool for restores: copies every item of one DynamoDB table into another.
 *
 *   npm run ops:copy-table -- --from <restored-table> --to <live-table> [--region ap-southeast-1] [--dry-run]
 *
 * A point-in-time restore always creates a new table, outside the stack. This puts the restored
 * items back into the table the stack (and the Lambdas) use. Items are copied as they are:
 * personal data stays envelope-encrypted under the personal-data key; this tool never decrypts.
 * Items newer in the target are overwritten by the restored version; items only in the target stay.
 * Scan is fine here: this runs by hand, never on a request path. Uses your AWS CLI credentials, or
 * DYNAMODB_ENDPOINT (e.g. http://127.0.0.1:8000) for the local portal's DynamoDB Local.
 */
import { parseArgs } from 'node:util';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/data/dynamo-client.js';
import { connectionHelp } from '../../scripts/connection-help.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE =
  'Usage: npm run ops:copy-table -- --from <source-table> --to <target-table> [--region <region>] [--dry-run]';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    region: { type: 'string', default: process.env.AWS_REGION ?? 'ap-southeast-1' },
    'dry-run': { type: 'boolean', default: false },
    segments: { type: 'string', default: '4' },
  },
});
if (!values.from || !values.to || values.from === values.to) {
  console.error(USAGE);
  process.exit(2);
}
const source = values.from;
const target = values.to;
const dryRun = values['dry-run'];
const doc = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: values.region });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function writeBatch(items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw new Error(`gave up after retries with ${pending.length} unprocessed items`);
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [target]: pending } }));
    pending = (out.UnprocessedItems?.[target] ?? []) as typeof pending;
    if (pending.length > 0) await sleep(100 * 2 ** attempt);
  }
}

async function copySegment(segment: number, total: number): Promise<number> {
  let copied = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: source,
        Segment: segment,
        TotalSegments: total,
        ExclusiveStartKey: start,
      }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      if (!dryRun) await writeBatch(items.slice(i, i + 25));
    }
    copied += items.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return copied;
}

const total = Math.max(1, Math.min(16, Number(values.segments) || 4));
const counts = await Promise.all(Array.from({ length: total }, (_, i) => copySegment(i, total))).catch(
  (error: unknown) => {
    const help = connectionHelp(error, process.env, {
      command: `npm run ops:copy-table -- --from ${source} --to ${target}`,
      usesAppTableName: false,
    });
    console.error(help ?? (error instanceof Error ? error.message : error));
    process.exit(2);
  },
);
const sum = counts.reduce((a, b) => a + b, 0);
console.log(`${dryRun ? 'Would copy' : 'Copied'} ${sum} items from ${source} to ${target}.`);
