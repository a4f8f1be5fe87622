/**
 * `npm run build`: writes the web assets for deployment. dist/web-assets.json is read by the Lambda
 * handlers (inline CSS and the islands' paths); dist/assets/ holds the islands for the CDN.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWebAssets } from '../web/build-assets.js';

const out = process.argv[2] ?? 'dist';
const assets = await buildWebAssets();
mkdirSync(join(out, 'assets'), { recursive: true });
writeFileSync(join(out, 'web-assets.json'), JSON.stringify(assets));
for (const file of Object.values(assets.scripts)) writeFileSync(join(out, file.path), file.content);
console.log(`Wrote ${Object.keys(assets.scripts).length} islands and web-assets.json to ${out}/`);
