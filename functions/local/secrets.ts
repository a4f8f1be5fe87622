import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Local secrets for `npm start`, created on first start and kept in .data/ (never committed):
 * the app secret (form tokens, rate-limit hashing) and the path of the personal-data key file
 * (created by pii-crypto's localKeyring on first use). In AWS these come from Secrets Manager and KMS.
 */
export function localSecrets(dir: string): { APP_SECRET: string; PII_KEY_FILE: string } {
  const folder = resolve(dir);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const secretFile = join(folder, 'app-secret');
  if (!existsSync(secretFile)) {
    writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(secretFile, 0o600);
  }
  return { APP_SECRET: readFileSync(secretFile, 'utf8').trim(), PII_KEY_FILE: join(folder, 'pii.key') };
}
