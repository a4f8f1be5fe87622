/**
 * Imports Open Referral HSDS 3.0 data into the service directory.
 *
 *   npm run directory:import -- <path> [--default-place TH] [--dry-run] [--locale th]
 *
 * <path> is an HSDS JSON file (one object, an array, or a paged list with "contents"), a folder
 * holding the tabular data package (*.csv), or a folder of *.json files. Every record is
 * validated; each accepted one is written in its own transaction, each rejected one is printed
 * with its reason. --default-place gives the place (e.g. TH, TH-50) for services and locations
 * that name none; --dry-run validates without writing. --locale says which language the file's
 * texts are in (default en): English replaces the English texts and keeps the other languages;
 * another locale changes only that language's texts of listings already in Waypoint.
 *
 * Environment (see functions/config.ts):
 *   DYNAMODB_ENDPOINT  http://127.0.0.1:8000 for the local portal (`npm start`); leave unset in AWS
 *                      (then AWS credentials are needed: AWS_PROFILE or the usual variables)
 *   APP_TABLE_NAME     directory table (default waypoint-app)
 *   AWS_REGION         (default ap-southeast-1)
 *
 * Exit code: 0 when everything was accepted, 1 when any record was rejected, 2 on a usage or
 * configuration error.
 */
import { parseArgs } from 'node:util';
import { loadRuntimeConfig } from '../functions/config.js';
import { formatImportReport, importHsds } from '../functions/services/directory-transfer.js';
import { DirectoryStore } from '../functions/data/directory-store.js';
import { createDocumentClient } from '../functions/data/dynamo-client.js';
import { PlaceIdSchema } from '../functions/domain/directory/model.js';
import { isLocale, SUPPORTED_LOCALES } from '../functions/domain/locales.js';
import { referenceData } from '../functions/reference/index.js';
import { connectionHelp } from './connection-help.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE =
  'Usage: npm run directory:import -- <file.json | folder> [--default-place TH] [--dry-run] [--locale en|th|…]';

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [input] = args.positionals;
  if (!input || args.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const defaultPlace = args.values['default-place'];
  if (defaultPlace !== undefined && !PlaceIdSchema.safeParse(defaultPlace).success) {
    console.error(`--default-place must be a place id such as TH or TH-50, not "${defaultPlace}"`);
    return 2;
  }
  const dryRun = args.values['dry-run'] ?? false;
  const locale = args.values.locale ?? 'en';
  if (!isLocale(locale)) {
    console.error(`--locale must be one of ${SUPPORTED_LOCALES.join(', ')}, not "${locale}"`);
    return 2;
  }
  const config = loadRuntimeConfig();
  const doc = createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  try {
    const store = new DirectoryStore(doc, config.APP_TABLE_NAME);
    // One cheap read first: a missing endpoint or credentials is said once, not once per record.
    if (!dryRun) await store.currentVersion();
    const report = await importHsds(store, input, {
      places: referenceData().places,
      ...(defaultPlace ? { defaultPlace } : {}),
      dryRun,
      locale,
    });
    console.log(formatImportReport(report, dryRun));
    return report.rejections.length > 0 ? 1 : 0;
  } finally {
    doc.destroy();
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      'default-place': { type: 'string' },
      'dry-run': { type: 'boolean' },
      locale: { type: 'string' },
    },
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const help = connectionHelp(error, process.env, {
      command: 'npm run directory:import -- <file-or-folder>',
      usesAppTableName: true,
      table: process.env.APP_TABLE_NAME ?? 'waypoint-app',
    });
    console.error(help ?? (error instanceof Error ? error.message : error));
    process.exitCode = 2;
  },
);
