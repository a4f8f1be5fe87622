import { handle } from 'hono/aws-lambda';
import { readWebAssetsFile } from '../../web/assets.js';
import { createPublicDeps } from '../public-deps.js';
import { loadRuntimeConfig } from '../config.js';
import { lambdaClientAddress } from '../http/client-address.js';
import { createPublicApp } from '../http/public-app.js';
import { resolveSecrets } from './aws-secrets.js';

// Entry file: wiring only. The web assets file is written by `npm run build` next to the bundle.
await resolveSecrets(); // AWS: APP_SECRET from Secrets Manager (cold start only)
const config = loadRuntimeConfig();
const webAssets = readWebAssetsFile(
  process.env.WEB_ASSETS_FILE ?? `${process.env.LAMBDA_TASK_ROOT ?? '.'}/web-assets.json`,
);

export const handler = handle(createPublicApp(createPublicDeps(config, webAssets, lambdaClientAddress)));
