import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import {
  CommitmentPolicy,
  type EncryptionContext,
  KeyringNode,
  type NodeDecryptionMaterial,
  type NodeEncryptionMaterial,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';

/** Bound into the ciphertext as the encryption context, so a record cannot be moved to another request. */
export interface PiiContext {
  requestId: string;
  purpose: string;
}

export interface PiiEncryptor {
  /** Returns the base64 of an Encryption SDK message whose plaintext is `JSON.stringify(data)`. */
  encrypt(data: Record<string, unknown>, context: PiiContext): Promise<string>;
}

export interface PiiDecryptor {
  /** Throws unless the message's encryption context is exactly `context`. */
  decrypt(ciphertext: string, context: PiiContext): Promise<Record<string, unknown>>;
}

// What @aws-crypto/client-node's buildClient does, from the packages' ES module builds: that
// package is CommonJS only, and its require() calls would make the bundler wrap the AWS SDK's
// shared modules in lazy initialisers, run (and parsed twice) at every cold start.
const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

// The SDK adds its own keys (the signing public key) under this prefix; callers cannot use it.
const RESERVED_PREFIX = 'aws-crypto-';

function toEncryptionContext({ requestId, purpose }: PiiContext): EncryptionContext {
  if (!requestId || !purpose) throw new Error('PII context needs a requestId and a purpose');
  return { requestId, purpose };
}

export function createPiiEncryptor(keyring: KeyringNode): PiiEncryptor {
  return {
    async encrypt(data, context) {
      const { result } = await encrypt(keyring, JSON.stringify(data), {
        encryptionContext: toEncryptionContext(context),
      });
      return result.toString('base64');
    },
  };
}

export function createPiiDecryptor(keyring: KeyringNode): PiiDecryptor {
  return {
    async decrypt(ciphertext, context) {
      const expected = toEncryptionContext(context);
      const { plaintext, messageHeader } = await decrypt(keyring, Buffer.from(ciphertext, 'base64'));
      // The SDK authenticates the context but does not compare it with anything: that is our job.
      const stored = Object.entries(messageHeader.encryptionContext).filter(
        ([key]) => !key.startsWith(RESERVED_PREFIX),
      );
      const matches =
        stored.length === Object.keys(expected).length &&
        stored.every(([key, value]) => Object.hasOwn(expected, key) && expected[key] === value);
      if (!matches) throw new Error('PII ciphertext does not belong to this request and purpose');
      const data: unknown = JSON.parse(plaintext.toString('utf8'));
      if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new Error('PII plaintext is not a JSON object');
      }
      return data as Record<string, unknown>;
    },
  };
}

const LOCAL_KEY_BYTES = 32;

/**
 * AES-256-GCM keyring for local development and tests, from a 32-byte key file that is created on first
 * use (mode 0o600). Never used in AWS, where the key lives in KMS.
 */
export function localKeyring(keyFile: string): KeyringNode {
  let key: Buffer;
  try {
    key = readFileSync(keyFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    key = createKeyFile(keyFile);
  }
  if (key.length !== LOCAL_KEY_BYTES) {
    throw new Error(
      `PII key file ${keyFile} holds ${key.length} bytes; it must hold exactly ${LOCAL_KEY_BYTES} raw bytes`,
    );
  }
  // The SDK insists on a key that owns its whole ArrayBuffer (Node buffers may be slices of a shared pool).
  const unencryptedMasterKey = new Uint8Array(key);
  key.fill(0);
  return new RawAesKeyringNode({
    keyNamespace: 'waypoint-local',
    keyName: 'pii-v1',
    unencryptedMasterKey,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** Writes a fresh key to a temporary name and links it into place, so two processes never see half a key. */
function createKeyFile(keyFile: string): Buffer {
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(LOCAL_KEY_BYTES);
  const temp = `${keyFile}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, key, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, keyFile);
    return key;
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(keyFile);
    throw err;
  } finally {
    unlinkSync(temp);
  }
}

/** KMS keyring for AWS: data keys are generated and wrapped by `keyArn`. Makes no call until used. */
export function kmsKeyring(keyArn: string): KeyringNode {
  if (!keyArn) throw new Error('kmsKeyring needs a KMS key ARN');
  return new KmsKeyringNode({ generatorKeyId: keyArn });
}

/**
 * The public-facing function can only encrypt: this keyring generates and wraps data keys through `inner`
 * but refuses to unwrap them, so that function has no code path that decrypts. Only the console decrypts,
 * and every decrypt there is audited.
 */
class EncryptOnlyKeyringNode extends KeyringNode {
  readonly #inner: KeyringNode;

  constructor(inner: KeyringNode) {
    super();
    this.#inner = inner;
    Object.freeze(this);
  }

  override _onEncrypt(material: NodeEncryptionMaterial): Promise<NodeEncryptionMaterial> {
    return this.#inner.onEncrypt(material);
  }

  override async _onDecrypt(): Promise<NodeDecryptionMaterial> {
    throw new Error('decrypt is not allowed here');
  }
}

export function encryptOnlyKeyring(inner: KeyringNode): KeyringNode {
  return new EncryptOnlyKeyringNode(inner);
}
