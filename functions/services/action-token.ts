import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A short-lived proof that someone entered the right code and PIN, so the status page's change
 * forms need not carry the PIN itself (no cookies on the public side). HMAC-signed, 15 minutes.
 */
const TOKEN_MINUTES = 15;

export function issueActionToken(secret: string, code: string, now: Date): string {
  const expires = now.getTime() + TOKEN_MINUTES * 60_000;
  const payload = `${code}.${expires}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** The code the token was issued for, or undefined if it is forged or expired. */
export function verifyActionToken(secret: string, token: string | undefined, now: Date): string | undefined {
  if (!token || token.length > 200) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [code, expires, mac] = parts as [string, string, string];
  const expected = sign(secret, `${code}.${expires}`);
  if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
    return undefined;
  if (!/^\d+$/.test(expires) || Number(expires) < now.getTime()) return undefined;
  return code;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', `action-token:${secret}`).update(payload).digest('base64url');
}

/** When the form was first shown, signed, to tell a person from a script that posts at once. */
export function issueFormToken(secret: string, now: Date): string {
  const payload = String(now.getTime());
  return `${payload}.${sign(secret, `form:${payload}`)}`;
}

/** Milliseconds since the form was shown, or undefined when the token is missing or forged. */
export function formAgeMs(secret: string, token: string | undefined, now: Date): number | undefined {
  if (!token || token.length > 100) return undefined;
  const [payload, mac] = token.split('.');
  if (!payload || !mac || !/^\d+$/.test(payload)) return undefined;
  const expected = sign(secret, `form:${payload}`);
  if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
    return undefined;
  return now.getTime() - Number(payload);
}
