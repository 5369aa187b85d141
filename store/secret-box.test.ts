import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSecretBox,
  loadOrCreateSecretKey,
  parseSecretKey,
  resolveSecretKey,
  SECRET_KEY_FILE,
  SecretDecryptError,
  SecretKeyError,
} from './secret-box.js';

const key = Buffer.alloc(32, 7);

describe('createSecretBox', () => {
  it('opens what it sealed, and the sealed text does not contain the plaintext', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('s3cret-token', 'ctx');
    expect(sealed).not.toContain('s3cret-token');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(box.open(sealed, 'ctx')).toBe('s3cret-token');
  });

  it('seals the same value differently each time (random nonce)', () => {
    const box = createSecretBox(key);
    expect(box.seal('x', 'ctx')).not.toBe(box.seal('x', 'ctx'));
  });

  it('refuses to open with another key, with a message naming the variable', () => {
    const sealed = createSecretBox(key).seal('x', 'ctx');
    const other = createSecretBox(Buffer.alloc(32, 8));
    expect(() => other.open(sealed, 'ctx')).toThrow(SecretDecryptError);
    expect(() => other.open(sealed, 'ctx')).toThrow(/SWITCHBOARD_SECRET_KEY/);
  });

  it('refuses to open under another context (a ciphertext moved to another row)', () => {
    const box = createSecretBox(key);
    expect(() => box.open(box.seal('x', 'tenant-a'), 'tenant-b')).toThrow(SecretDecryptError);
  });
});

describe('parseSecretKey', () => {
  it('accepts 64 hex digits and base64 of 32 bytes', () => {
    expect(parseSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretKey(key.toString('base64'))).toEqual(key);
  });

  it('refuses other lengths with a message naming the variable', () => {
    expect(() => parseSecretKey('short')).toThrow(SecretKeyError);
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(/SWITCHBOARD_SECRET_KEY/);
  });
});

describe('loadOrCreateSecretKey / resolveSecretKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'switchboard-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates the key once, with mode 0600, and reads the same key afterwards', async () => {
    const first = await loadOrCreateSecretKey(dir);
    const second = await loadOrCreateSecretKey(dir);
    expect(first).toHaveLength(32);
    expect(second).toEqual(first);
    expect((await stat(path.join(dir, SECRET_KEY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('reports a damaged key file instead of replacing it', async () => {
    await writeFile(path.join(dir, SECRET_KEY_FILE), 'garbage');
    await expect(loadOrCreateSecretKey(dir)).rejects.toThrow(SecretKeyError);
    expect(await readFile(path.join(dir, SECRET_KEY_FILE), 'utf8')).toBe('garbage');
  });

  it('prefers SWITCHBOARD_SECRET_KEY, and requires it with DATABASE_URL', async () => {
    const configured = await resolveSecretKey({
      secretKey: key.toString('hex'),
      databaseUrl: 'postgres://x',
      dataDir: dir,
    });
    expect(configured).toEqual(key);
    await expect(
      resolveSecretKey({ secretKey: undefined, databaseUrl: 'postgres://x', dataDir: dir }),
    ).rejects.toThrow(/SWITCHBOARD_SECRET_KEY is required when DATABASE_URL is set/);
    const embedded = await resolveSecretKey({ secretKey: undefined, databaseUrl: undefined, dataDir: dir });
    expect(embedded).toEqual(await loadOrCreateSecretKey(dir));
  });
});
