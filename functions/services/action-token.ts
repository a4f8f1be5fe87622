import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed, short-lived tokens that let the public side work without cookies. Each carries a random
 * id so that it can be used once only (data/token-ledger.ts records the ids that were used).
 *
 * - An action token proves that someone entered the right code and PIN, so the status page's change
 *   forms need not carry the PIN itself. 15 minutes; every page that offers a change gets a new one.
 * - A form token says when a form was first shown, to tell a person from a script that posts at once.
 */
export const ACTION_TOKEN_MINUTES = 15;
/** A form token older than this is refused: the form is shown again with a fresh one. */
export const FORM_TOKEN_HOURS = 24;

const nonce = () => randomBytes(12).toString('base64url');
const ID = /^[A-Za-z0-9_-]{16}$/;

export function issueActionToken(secret: string, code: string, now: Date): string {
  const expires = now.getTime() + ACTION_TOKEN_MINUTES * 60_000;
  const payload = `${code}.${expires}.${nonce()}`;
  return `${payload}.${sign(secret, payload)}`;
}

export interface ActionToken {
  code: string;
  /** The token's own id, for single use. */
  id: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** What a valid action token says, or undefined if it is forged, malformed or expired. */
export function readActionToken(
  secret: string,
  token: string | undefined,
  now: Date,
): ActionToken | undefined {
  if (!token || token.length > 200) return undefined;
  const parts = token.split('.');
  if (parts.length !== 4) return undefined;
  const [code, expires, id, mac] = parts as [string, string, string, string];
  if (!macMatches(mac, sign(secret, `${code}.${expires}.${id}`))) return undefined;
  if (!/^\d+$/.test(expires) || Number(expires) < now.getTime() || !ID.test(id)) return undefined;
  return { code, id, expiresAt: Number(expires) };
}

/** The code the token was issued for, or undefined if it is forged or expired. */
export function verifyActionToken(secret: string, token: string | undefined, now: Date): string | undefined {
  return readActionToken(secret, token, now)?.code;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', `action-token:${secret}`).update(payload).digest('base64url');
}

function macMatches(mac: string, expected: string): boolean {
  return mac.length === expected.length && timingSafeEqual(Buffer.from(mac), Buffer.from(expected));
}

/** When the form was first shown, signed, with an id of its own. */
export function issueFormToken(secret: string, now: Date): string {
  const payload = `${now.getTime()}.${nonce()}`;
  return `${payload}.${sign(secret, `form:${payload}`)}`;
}

export interface FormToken {
  /** Milliseconds since the form was shown. */
  ageMs: number;
  id: string;
  /** Epoch milliseconds after which the token is refused anyway. */
  expiresAt: number;
}

/** What a valid form token says, or undefined when it is missing, forged or too old. */
export function readFormToken(secret: string, token: string | undefined, now: Date): FormToken | undefined {
  if (!token || token.length > 100) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [shown, id, mac] = parts as [string, string, string];
  if (!/^\d+$/.test(shown) || !ID.test(id)) return undefined;
  if (!macMatches(mac, sign(secret, `form:${shown}.${id}`))) return undefined;
  const expiresAt = Number(shown) + FORM_TOKEN_HOURS * 3_600_000;
  if (now.getTime() > expiresAt) return undefined;
  return { ageMs: now.getTime() - Number(shown), id, expiresAt };
}

/** Milliseconds since the form was shown, or undefined when the token is missing or forged. */
export function formAgeMs(secret: string, token: string | undefined, now: Date): number | undefined {
  return readFormToken(secret, token, now)?.ageMs;
}
