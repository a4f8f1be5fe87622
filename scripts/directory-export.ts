/**
 * Exports the public service directory as Open Referral HSDS 3.0 JSON.
 *
 *   npm run directory:export -- <folder> [--locale th | --locale all]
 *
 * Writes services.json (array of fully nested services), organizations.json, taxonomies.json and
 * taxonomy_terms.json into <folder> (created if missing). Texts are in --locale where translated,
 * English otherwise. Only the public projection of locations is read: confidential addresses are
 * never exported.
 *
 * Environment (see functions/config.ts):
 *   DYNAMODB_ENDPOINT  http://127.0.0.1:8000 for the local portal (`npm start`); leave unset in AWS
 *                      (then AWS credentials are needed: AWS_PROFILE or the usual variables)
 *   APP_TABLE_NAME     directory table (default waypoint-app)
 *   AWS_REGION         (default ap-southeast-1)
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadRuntimeConfig } from '../functions/config.js';
import { exportHsds } from '../functions/services/directory-transfer.js';
import { DirectoryStore } from '../functions/data/directory-store.js';
import { createDocumentClient } from '../functions/data/dynamo-client.js';
import { isLocale, SUPPORTED_LOCALES } from '../functions/domain/locales.js';
import { referenceData } from '../functions/reference/index.js';
import { connectionHelp } from './connection-help.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'Usage: npm run directory:export -- <folder> [--locale en|th|my|km|lo|vi|zh-Hans|id|all]';

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [folder] = args.positionals;
  const locale = args.values.locale ?? 'en';
  if (!folder || args.positionals.length > 1 || !(locale === 'all' || isLocale(locale))) {
    console.error(USAGE);
    return 2;
  }
  const config = loadRuntimeConfig();
  const doc = createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
  try {
    // "all": one folder per locale (<folder>/th/services.json, …): HSDS has one text per field.
    const targets =
      locale === 'all'
        ? SUPPORTED_LOCALES.map((l) => [l, path.join(folder, l)] as const)
        : [[locale, folder] as const];
    for (const [l, dir] of targets) {
      const report = await exportHsds(new DirectoryStore(doc, config.APP_TABLE_NAME), dir, {
        locale: l,
        places: referenceData().places,
      });
      const { services, organizations, taxonomyTerms } = report.counts;
      console.log(
        `Exported ${services} service(s), ${organizations} organization(s) and ${taxonomyTerms} taxonomy terms (${l}):\n  ${report.files.join('\n  ')}`,
      );
    }
    return 0;
  } finally {
    doc.destroy();
  }
}

function parse() {
  return parseArgs({ allowPositionals: true, options: { locale: { type: 'string' } } });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const help = connectionHelp(error, process.env, {
      command: 'npm run directory:export -- <folder>',
      usesAppTableName: true,
      table: process.env.APP_TABLE_NAME ?? 'waypoint-app',
    });
    console.error(help ?? (error instanceof Error ? error.message : error));
    process.exitCode = 2;
  },
);
