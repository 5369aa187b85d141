import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { createCredentials, InvalidCredentialError } from './credentials.js';
import { createSecretBox, SecretDecryptError } from './secret-box.js';
import { createTenant } from './tenants.js';

let testDb: TestDatabase;
let tenantA: string;
let tenantB: string;
const credentials = createCredentials(createSecretBox(Buffer.alloc(32, 1)));

beforeAll(async () => {
  testDb = await createTestDatabase();
  tenantA = (await createTenant(testDb.db.pool, 'cred-a')).id;
  tenantB = (await createTenant(testDb.db.pool, 'cred-b')).id;
});

afterAll(async () => {
  await testDb?.drop();
});

describe('credentials', () => {
  it('stores encrypted: the database holds no plaintext, and getCredential decrypts', async () => {
    await testDb.db.withTenant(tenantA, (tx) =>
      credentials.putCredential(tx, 'crm', { type: 'bearer', token: 'tok-PLAINTEXT-123' }),
    );
    const { rows } = await testDb.db.pool.query("SELECT * FROM credentials WHERE name = 'crm'");
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain('tok-PLAINTEXT-123');
    const secret = await testDb.db.withTenant(tenantA, (tx) => credentials.getCredential(tx, 'crm'));
    expect(secret).toEqual({ type: 'bearer', token: 'tok-PLAINTEXT-123' });
  });

  it('replaces a credential of the same name and lists names without secrets', async () => {
    await testDb.db.withTenant(tenantA, async (tx) => {
      await credentials.putCredential(tx, 'erp', { type: 'basic', username: 'u', password: 'p1' });
      await credentials.putCredential(tx, 'erp', { type: 'header', name: 'X-Api-Key', value: 'k2' });
    });
    const [secret, list] = await testDb.db.withTenant(tenantA, async (tx) => [
      await credentials.getCredential(tx, 'erp'),
      await credentials.listCredentialNames(tx),
    ]);
    expect(secret).toEqual({ type: 'header', name: 'X-Api-Key', value: 'k2' });
    expect(Array.isArray(list) && list.map((c) => [c.name, c.type])).toEqual([
      ['crm', 'bearer'],
      ['erp', 'header'],
    ]);
    expect(JSON.stringify(list)).not.toContain('k2');
  });

  it('keeps tenants apart: another tenant neither sees nor reads the credential', async () => {
    const seen = await testDb.db.withTenant(tenantB, async (tx) => ({
      secret: await credentials.getCredential(tx, 'crm'),
      names: await credentials.listCredentialNames(tx),
    }));
    expect(seen).toEqual({ secret: null, names: [] });
  });

  it('fails clearly under the wrong key', async () => {
    const wrong = createCredentials(createSecretBox(Buffer.alloc(32, 2)));
    await expect(testDb.db.withTenant(tenantA, (tx) => wrong.getCredential(tx, 'crm'))).rejects.toThrow(
      SecretDecryptError,
    );
  });

  it('refuses bad names and secrets without echoing the secret', async () => {
    await expect(
      testDb.db.withTenant(tenantA, (tx) =>
        credentials.putCredential(tx, 'Bad Name', { type: 'bearer', token: 't' }),
      ),
    ).rejects.toThrow(InvalidCredentialError);
    const bad = testDb.db.withTenant(tenantA, (tx) =>
      credentials.putCredential(tx, 'hdr', { type: 'header', name: 'bad header', value: 'VALUE-SECRET' }),
    );
    await expect(bad).rejects.toThrow(InvalidCredentialError);
    await expect(bad).rejects.not.toThrow(/VALUE-SECRET/);
  });

  it('deletes', async () => {
    const deleted = await testDb.db.withTenant(tenantA, async (tx) => [
      await credentials.deleteCredential(tx, 'crm'),
      await credentials.deleteCredential(tx, 'crm'),
    ]);
    expect(deleted).toEqual([true, false]);
  });
});
