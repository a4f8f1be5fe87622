import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The answers of the callback form between its steps, so that every step can answer with a
 * redirect (post/redirect/get: the phone's Back button, "change" links and another language all
 * work without resending a form) while nothing typed ever appears in an address.
 *
 * Each form gets a random draft token `<id>.<key>` in its page address. The server keeps only
 * `sealed`: the answers encrypted with AES-256-GCM under `<key>`, which is never stored. So neither
 * the table nor the server alone can read a draft; only the page address can, and only for
 * DRAFT_MINUTES after the last step. Personal data encryption (data/pii-crypto.ts) is not used here
 * on purpose: the public function may only encrypt with that key, and drafts must be read back.
 * Sending replaces the answers with the reference code until the PIN is set.
 */
export const DRAFT_MINUTES = 30;

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface DraftStorage {
  get(id: string, nowMs: number): Promise<string | undefined>;
  put(id: string, sealed: string, expiresAtMs: number): Promise<void>;
}

export function newDraftToken(): string {
  return `${randomBytes(16).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
}

export function isDraftToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

function parts(token: string): { id: string; key: Buffer } {
  const m = TOKEN.exec(token);
  if (!m) throw new Error('not a draft token');
  return { id: m[1] as string, key: Buffer.from(m[2] as string, 'base64url') };
}

export function seal(token: string, value: unknown): string {
  const { id, key } = parts(token);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`draft:${id}`));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [iv, data, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** The sealed value, or undefined when it is not sealed with this token (or was tampered with). */
export function unseal(token: string, sealed: string): unknown {
  const { id, key } = parts(token);
  const [iv, data, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !data || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(`draft:${id}`));
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Drafts by token: load and save, each save keeping it DRAFT_MINUTES longer. */
export class RequestDrafts {
  constructor(
    private readonly store: DraftStorage,
    private readonly now: () => Date,
  ) {}

  async load(token: string): Promise<unknown> {
    const sealed = await this.store.get(parts(token).id, this.now().getTime());
    return sealed === undefined ? undefined : unseal(token, sealed);
  }

  async save(token: string, value: unknown): Promise<void> {
    await this.store.put(parts(token).id, seal(token, value), this.now().getTime() + DRAFT_MINUTES * 60_000);
  }
}
