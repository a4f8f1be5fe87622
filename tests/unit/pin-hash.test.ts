import { describe, expect, it } from 'vitest';
import { hashPin, PIN_HASH_PARAMS, verifyPin } from '../../functions/data/pin-hash.js';

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
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

  it('takes about as long for an unknown code as for a wrong PIN', async () => {
    const stored = await hashPin('1234');
    const real: number[] = [];
    const dummy: number[] = [];
    // Interleaved, best of five: noise from other test files only ever adds time.
    for (let i = 0; i < 5; i++) {
      real.push(await elapsed(() => verifyPin('9999', stored)));
      dummy.push(await elapsed(() => verifyPin('9999', undefined)));
    }
    expect(Math.min(...dummy)).toBeGreaterThanOrEqual(Math.min(...real) / 2);
  });
});
