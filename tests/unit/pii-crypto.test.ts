import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  KeyringNode,
} from '@aws-crypto/material-management-node';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createPiiDecryptor,
  createPiiEncryptor,
  encryptOnlyKeyring,
  kmsKeyring,
  localKeyring,
  type PiiContext,
} from '../../functions/data/pii-crypto.js';
import { lazyPiiCrypto } from '../../functions/data/pii-crypto-lazy.js';

// Local files only (a temporary key file), no network.
const dir = mkdtempSync(join(tmpdir(), 'waypoint-pii-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyFile = join(dir, 'keys', 'pii.key');
const context: PiiContext = { requestId: '01JZ8Q4V6R0000000000000000', purpose: 'callback' };
const contact = { handle: '@mali.secret-handle', channel: 'signal', note: 'ปลอดภัยหลัง 6 โมงเย็น' };

describe('PII envelope encryption', () => {
  it('round-trips a record with the local keyring', async () => {
    const keyring = localKeyring(keyFile);
    const ciphertext = await createPiiEncryptor(keyring).encrypt(contact, context);
    expect(await createPiiDecryptor(keyring).decrypt(ciphertext, context)).toEqual(contact);
  });

  it('does not leave the plaintext in the ciphertext', async () => {
    const ciphertext = await createPiiEncryptor(localKeyring(keyFile)).encrypt(contact, context);
    const bytes = Buffer.from(ciphertext, 'base64');
    expect(bytes.includes(Buffer.from(contact.handle, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(contact.note, 'utf8'))).toBe(false);
  });

  it('refuses a ciphertext under another request or purpose', async () => {
    const keyring = localKeyring(keyFile);
    const ciphertext = await createPiiEncryptor(keyring).encrypt(contact, context);
    const decryptor = createPiiDecryptor(keyring);
    await expect(decryptor.decrypt(ciphertext, { ...context, requestId: 'other' })).rejects.toThrow(
      /does not belong/,
    );
    await expect(decryptor.decrypt(ciphertext, { ...context, purpose: 'export' })).rejects.toThrow(
      /does not belong/,
    );
  });

  it('creates the key file with mode 0o600 and reuses it', async () => {
    const file = join(dir, 'fresh', 'nested', 'pii.key');
    const first = localKeyring(file);
    const stat = statSync(file);
    expect(stat.size).toBe(32);
    if (process.platform !== 'win32') expect(stat.mode & 0o777).toBe(0o600);
    const key = readFileSync(file);

    const ciphertext = await createPiiEncryptor(first).encrypt(contact, context);
    const second = localKeyring(file);
    expect(readFileSync(file).equals(key)).toBe(true);
    expect(await createPiiDecryptor(second).decrypt(ciphertext, context)).toEqual(contact);
  });

  it('does not decrypt with a different key', async () => {
    const ciphertext = await createPiiEncryptor(localKeyring(keyFile)).encrypt(contact, context);
    const other = localKeyring(join(dir, 'other.key'));
    await expect(createPiiDecryptor(other).decrypt(ciphertext, context)).rejects.toThrow();
  });

  it('rejects a key file of the wrong size', () => {
    const file = join(dir, 'short.key');
    writeFileSync(file, Buffer.alloc(16));
    expect(() => localKeyring(file)).toThrow(/holds 16 bytes; it must hold exactly 32/);
  });

  it('encrypt-only keyring encrypts for the full keyring but cannot decrypt', async () => {
    const full = localKeyring(keyFile);
    const encryptOnly = encryptOnlyKeyring(full);
    expect(encryptOnly).toBeInstanceOf(KeyringNode);
    const ciphertext = await createPiiEncryptor(encryptOnly).encrypt(contact, context);
    expect(await createPiiDecryptor(full).decrypt(ciphertext, context)).toEqual(contact);
    await expect(createPiiDecryptor(encryptOnly).decrypt(ciphertext, context)).rejects.toThrow(
      'decrypt is not allowed here',
    );
  });

  it('encrypts with key commitment and refuses a message written without it', async () => {
    const keyring = localKeyring(keyFile);
    const ciphertext = await createPiiEncryptor(keyring).encrypt(contact, context);
    const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const { messageHeader } = await decrypt(keyring, Buffer.from(ciphertext, 'base64'));
    expect(messageHeader.suiteId).toBe(
      AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    );
    // A message from a client that allows the older suites (no key commitment) is not read.
    const { encrypt } = buildEncrypt(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);
    const legacy = await encrypt(keyring, JSON.stringify(contact), { encryptionContext: { ...context } });
    await expect(
      createPiiDecryptor(keyring).decrypt(legacy.result.toString('base64'), context),
    ).rejects.toThrow(/commitment/i);
  });

  it('builds a KMS keyring without calling KMS', () => {
    const arn = 'arn:aws:kms:ap-southeast-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(kmsKeyring(arn)).toBeInstanceOf(KeyringNode);
  });
});

describe('PII encryption loaded on first use (lazyPiiCrypto)', () => {
  it('builds the keyring once, on the first call, and then round-trips like the eager one', async () => {
    const built: string[] = [];
    const pii = lazyPiiCrypto((crypto) => {
      built.push('keyring');
      return crypto.localKeyring(keyFile);
    });
    expect(built).toEqual([]);
    const ciphertext = await pii.encrypt(contact, context);
    expect(await pii.decrypt(ciphertext, context)).toEqual(contact);
    // Interchangeable with the eager encryptor and decryptor over the same key.
    expect(await createPiiDecryptor(localKeyring(keyFile)).decrypt(ciphertext, context)).toEqual(contact);
    expect(built).toEqual(['keyring']);
  });

  it('keeps an encrypt-only keyring encrypt-only', async () => {
    const pii = lazyPiiCrypto((crypto) => crypto.encryptOnlyKeyring(crypto.localKeyring(keyFile)));
    const ciphertext = await pii.encrypt(contact, context);
    await expect(pii.decrypt(ciphertext, context)).rejects.toThrow();
  });

  it('reports a broken key file on each use instead of keeping the failure', async () => {
    const badKey = join(dir, 'short-lazy.key');
    writeFileSync(badKey, Buffer.alloc(16));
    const pii = lazyPiiCrypto((crypto) => crypto.localKeyring(badKey));
    await expect(pii.encrypt(contact, context)).rejects.toThrow(/exactly 32/);
    writeFileSync(badKey, Buffer.alloc(32, 7));
    const ciphertext = await pii.encrypt(contact, context);
    expect(await pii.decrypt(ciphertext, context)).toEqual(contact);
  });
});
