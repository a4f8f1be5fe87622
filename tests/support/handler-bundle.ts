/**
 * A Lambda handler bundled exactly as the CDK stack bundles it: the same function
 * (cdk/constructs/waypoint-function.ts bundleFunction, with its esbuild options and chunks), the
 * same entry files (HANDLER_ENTRIES in cdk/stacks/waypoint-stack.ts), the web build's
 * web-assets.json beside index.mjs and, for the functions that render pages, the texts beside it
 * too. Used by the cold-start bench and the edge tier (tests/integration/edge-tier.test.ts).
 */
import { bundleFunction } from '../../cdk/constructs/waypoint-function.js';

export async function bundleHandler(
  entry: string,
  outdir: string,
  options: {
    /** The web build's asset list (what `npm run build` writes to dist/web-assets.json). */
    webAssets: unknown;
    /** Copy the texts next to the bundle, as the stack does for page-rendering functions. */
    texts: boolean;
  },
): Promise<void> {
  bundleFunction(entry, outdir, { webAssetsJson: JSON.stringify(options.webAssets), texts: options.texts });
}
