import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hashPin, PIN_HASH_PARAMS, verifyPin } from '../../functions/data/pin-hash.js';

// The real scrypt, watched: which work each path does is checked, never how long it took.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, scrypt: vi.fn(real.scrypt) };
});
const scrypt = vi.mocked(crypto.scrypt);

/** The cost options and key length of every scrypt run by `run`. */
async function scryptWork(run: () => Promise<unknown>): Promise<unknown[]> {
  scrypt.mockClear();
  await run();
  return scrypt.mock.calls.map((call) => [call[2], call[3]]);
}

describe('PIN hashing', () => {
  it('verifies the PIN it hashed and rejects a wrong one', async () => {
    const stored = await hashPin('482913');
    expect(await verifyPin('482913', stored)).toBe(true);
    expect(await verifyPin('482914', stored)).toBe(false);
    expect(await verifyPin('', stored)).toBe(false);
  });

  it('encodes the parameters and a random salt', async () => {
    const [a, b] = await Promise.all([hashPin('1234'), hashPin('1234')]);
    const { logN, r, p } = PIN_HASH_PARAMS;
    expect(a).toMatch(
      new RegExp(`^scrypt\\$${logN}\\$${r}\\$${p}\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}$`),
    );
    expect(a).not.toBe(b);
  });

  it.each([
    undefined,
    '',
    'not a hash',
    'scrypt$14$8$1$AAAA$AAAA',
    'scrypt$30$8$1$WlpaWlpaWlpaWlpaWlpaWg==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    'bcrypt$14$8$1$WlpaWlpaWlpaWlpaWlpaWg==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  ])('returns false for a missing or malformed stored value (%j)', async (stored) => {
    expect(await verifyPin('1234', stored)).toBe(false);
  });

  it('does the same scrypt work for an unknown code as for a wrong PIN', async () => {
    const stored = await hashPin('1234');
    const wrongPin = await scryptWork(() => verifyPin('9999', stored));
    expect(wrongPin).toHaveLength(1);
    for (const missing of [undefined, '', 'not a hash']) {
      expect(await scryptWork(() => verifyPin('9999', missing))).toEqual(wrongPin);
    }
  });
});
