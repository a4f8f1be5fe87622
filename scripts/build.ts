/**
 * `npm run build`: writes the web assets for deployment. dist/web-assets.json is read by the Lambda
 * handlers (inline CSS and the islands' paths); dist/assets/ holds the islands for the CDN.
 * `cdk synth` runs the same build itself (cdk/app.ts), so deploying needs no separate step.
 */
import { writeWebDist } from '../cdk/web-dist.js';

const out = process.argv[2] ?? 'dist';
const dist = await writeWebDist(out);
console.log(`Wrote ${dist.islands} islands and web-assets.json to ${out}/`);
