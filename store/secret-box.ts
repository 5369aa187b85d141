import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StoreError } from './errors.js';

/**
 * Encryption of secrets at rest (credentials, webhook secrets): AES-256-GCM with the key from
 * `SWITCHBOARD_SECRET_KEY`, a random 96-bit nonce per value and associated data that binds the
 * ciphertext to where it is stored (tenant, name), so a ciphertext copied to another row does not
 * open. Sealed values are text: `v1.<nonce>.<tag>.<ciphertext>`, each part base64url.
 */

/** `SWITCHBOARD_SECRET_KEY` is missing where it is required, or is not a 32-byte key. */
export class SecretKeyError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('SECRET_KEY_INVALID', message, options);
  }
}

/** A sealed value does not open: wrong key, tampered or copied between rows. */
export class SecretDecryptError extends StoreError {
  constructor(message: string, options?: ErrorOptions) {
    super('SECRET_DECRYPT_FAILED', message, options);
  }
}

export interface SecretBox {
  /** Encrypts `plaintext`; `context` (e.g. tenant and name) must be given again to open it. */
  seal(plaintext: string, context: string): string;
  /** Decrypts a value made by `seal` with the same key and context; throws `SecretDecryptError`. */
  open(sealed: string, context: string): string;
}

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const VERSION = 'v1';

/** Parses a 32-byte key written as 64 hex digits or as base64 / base64url. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64')
      : undefined;
  if (key?.length !== KEY_BYTES) {
    throw new SecretKeyError(
      'SWITCHBOARD_SECRET_KEY must be 32 random bytes written as 64 hex digits or base64; ' +
        'make one with `openssl rand -base64 32`.',
    );
  }
  return key;
}

/** A box sealing with `key` (32 bytes). */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`The secret key must be ${KEY_BYTES} bytes.`);
  const ownKey = Buffer.from(key);
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', ownKey, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [nonce, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
      return [VERSION, ...parts].join('.');
    },
    open(sealed, context) {
      const [version, nonce, tag, ciphertext, ...rest] = sealed.split('.');
      if (version !== VERSION || nonce === undefined || tag === undefined || ciphertext === undefined) {
        throw new SecretDecryptError('The stored secret is not in a format this version can read.');
      }
      if (rest.length > 0) throw new SecretDecryptError('The stored secret is malformed.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', ownKey, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch (error) {
        throw new SecretDecryptError(
          'A stored secret cannot be decrypted: SWITCHBOARD_SECRET_KEY is not the key it was encrypted ' +
            'with (or the value was altered). Restore the original key, or store the secret again.',
          { cause: error },
        );
      }
    },
  };
}

/** File in the data directory holding the embedded install's key (mode 0600). */
export const SECRET_KEY_FILE = 'secret.key';

/**
 * The key of the embedded install: read from `<dataDir>/secret.key`, or generated and written
 * there (mode 0600) the first time. Losing the file makes stored secrets unreadable.
 */
export async function loadOrCreateSecretKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  try {
    return parseSecretKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (error instanceof SecretKeyError) {
        throw new SecretKeyError(`${file} does not hold a valid key: ${error.message}`);
      }
      throw error;
    }
  }
  const key = randomBytes(KEY_BYTES);
  try {
    // `wx`: if another process created it meanwhile, use theirs rather than overwrite it.
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return parseSecretKey(await readFile(file, 'utf8'));
    throw error;
  }
}

export interface ResolveSecretKeyOptions {
  /** `SWITCHBOARD_SECRET_KEY`, if set. */
  secretKey: string | undefined;
  /** `DATABASE_URL`, if set: then the key must be configured, never generated. */
  databaseUrl: string | undefined;
  /** `SWITCHBOARD_DATA_DIR` (absolute), where the embedded install keeps its generated key. */
  dataDir: string;
}

/**
 * The key to seal secrets with: `SWITCHBOARD_SECRET_KEY` when set; else, with the embedded
 * database, the key kept in the data directory; with DATABASE_URL and no key, a `SecretKeyError`
 * (several processes share that database, so a locally generated key would split them).
 */
export async function resolveSecretKey(options: ResolveSecretKeyOptions): Promise<Buffer> {
  if (options.secretKey) return parseSecretKey(options.secretKey);
  if (options.databaseUrl) {
    throw new SecretKeyError(
      'SWITCHBOARD_SECRET_KEY is required when DATABASE_URL is set: give every process the same ' +
        '32-byte key (`openssl rand -base64 32`).',
    );
  }
  return loadOrCreateSecretKey(options.dataDir);
}
