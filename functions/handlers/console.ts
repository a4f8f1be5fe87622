import { handle } from 'hono/aws-lambda';
import { readWebAssetsFile } from '../../web/assets.js';
import { createConsoleDeps } from '../console-deps.js';
import { loadRuntimeConfig } from '../config.js';
import { createConsoleApp } from '../http/console-app.js';

// Entry file: wiring only. The console function is the only one whose KMS grant allows Decrypt.
const config = loadRuntimeConfig();
const webAssets = readWebAssetsFile(
  process.env.WEB_ASSETS_FILE ?? `${process.env.LAMBDA_TASK_ROOT ?? '.'}/web-assets.json`,
);

export const handler = handle(createConsoleApp(createConsoleDeps(config, webAssets)));
