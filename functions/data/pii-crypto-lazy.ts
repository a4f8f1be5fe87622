import type { KeyringNode } from '@aws-crypto/material-management-node';
import type { PiiDecryptor, PiiEncryptor } from './pii-crypto.js';

type PiiCrypto = typeof import('./pii-crypto.js');

/**
 * The Encryption SDK (and, through the KMS keyring, the KMS client) loaded on first use instead of
 * at cold start: most invocations of the public function only read the directory. `keyring` builds
 * the one keyring every call shares, after the SDK has loaded. Behind the same interfaces as
 * pii-crypto.ts, so callers cannot tell the difference.
 */
export function lazyPiiCrypto(keyring: (crypto: PiiCrypto) => KeyringNode): PiiEncryptor & PiiDecryptor {
  let loaded: Promise<PiiEncryptor & PiiDecryptor> | undefined;
  const load = () => {
    loaded ??= import('./pii-crypto.js').then((crypto) => {
      const ring = keyring(crypto);
      return { ...crypto.createPiiEncryptor(ring), ...crypto.createPiiDecryptor(ring) };
    });
    // A failed load (say, a bad key file) is not kept: the next call tries again and reports it again.
    loaded.catch(() => {
      loaded = undefined;
    });
    return loaded;
  };
  return {
    encrypt: async (data, context) => (await load()).encrypt(data, context),
    decrypt: async (ciphertext, context) => (await load()).decrypt(ciphertext, context),
  };
}
