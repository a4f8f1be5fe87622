import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt cost for callback PINs. 2^15 measured ~90 ms per hash on the 2-core build machine, over the
 * ~30–60 ms budget for a public endpoint; 2^14 measured ~45 ms. A PIN has little entropy, so the cost
 * only slows offline guessing down: the real protection is rate limiting and short retention.
 */
export const PIN_HASH_PARAMS = Object.freeze({ logN: 14, r: 8, p: 1, saltBytes: 16, keyBytes: 32 });

// Bounds for stored values: a corrupt or hostile record must not make us allocate gigabytes.
const LOG_N_RANGE = [10, 17] as const;
const MAX_R = 16;
const MAX_P = 4;

// Used when there is no stored hash, so an unknown code costs the same scrypt as a wrong PIN.
const DUMMY_SALT = Buffer.alloc(PIN_HASH_PARAMS.saltBytes, 0x5a);

interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

function derive(pin: string, salt: Buffer, { logN, r, p }: ScryptParams, keyBytes: number): Promise<Buffer> {
  const N = 2 ** logN;
  // Node's default maxmem (32 MiB) is just under what N=2^15, r=8 needs; allow twice the working set.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r * p };
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFC'), salt, keyBytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a PIN as `scrypt$<logN>$<r>$<p>$<saltB64>$<hashB64>`. */
export async function hashPin(pin: string): Promise<string> {
  const { logN, r, p, saltBytes, keyBytes } = PIN_HASH_PARAMS;
  const salt = randomBytes(saltBytes);
  const hash = await derive(pin, salt, { logN, r, p }, keyBytes);
  return ['scrypt', logN, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  hash: Buffer;
}

const STORED_PATTERN = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function parse(stored: string): ParsedHash | undefined {
  const m = STORED_PATTERN.exec(stored);
  if (!m) return undefined;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const hash = Buffer.from(m[5] ?? '', 'base64');
  if (logN < LOG_N_RANGE[0] || logN > LOG_N_RANGE[1]) return undefined;
  if (r < 1 || r > MAX_R || p < 1 || p > MAX_P) return undefined;
  if (salt.length < PIN_HASH_PARAMS.saltBytes || hash.length !== PIN_HASH_PARAMS.keyBytes) return undefined;
  return { logN, r, p, salt, hash };
}

/**
 * True when `pin` matches `stored`. A missing or malformed record still runs one scrypt with the
 * current parameters, so "no such code" and "wrong PIN" take the same time and cannot be told apart.
 */
export async function verifyPin(pin: string, stored: string | undefined): Promise<boolean> {
  const parsed = stored === undefined ? undefined : parse(stored);
  if (!parsed) {
    await derive(pin, DUMMY_SALT, PIN_HASH_PARAMS, PIN_HASH_PARAMS.keyBytes);
    return false;
  }
  const candidate = await derive(pin, parsed.salt, parsed, parsed.hash.length);
  return timingSafeEqual(candidate, parsed.hash);
}
