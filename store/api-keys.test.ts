import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey } from './api-keys.js';
import { createTenant } from './tenants.js';

let testDb: TestDatabase;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  tenantA = (await createTenant(testDb.db.pool, 'keys-a')).id;
  tenantB = (await createTenant(testDb.db.pool, 'keys-b')).id;
});

afterAll(async () => {
  await testDb?.drop();
});

describe('API keys', () => {
  it('stores only the hash and a display prefix', async () => {
    const { key, apiKey } = await testDb.db.withTenant(tenantA, (tx) => createApiKey(tx, 'ci'));
    expect(apiKey.prefix).toBe(key.slice(0, 12));
    const { rows } = await testDb.db.pool.query('SELECT * FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(rows[0].key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(rows[0])).not.toContain(key.slice(12));
  });

  it('finds the tenant of a key without a tenant set, from the application role too, and marks it used', async () => {
    const { key, apiKey } = await testDb.db.withTenant(tenantB, (tx) => createApiKey(tx, 'b'));
    expect(await authenticateApiKey(testDb.db.pool, key)).toEqual({ tenantId: tenantB, keyId: apiKey.id });
    const client = await testDb.db.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL ROLE switchboard_app');
      expect((await authenticateApiKey(client, key))?.tenantId).toBe(tenantB);
      // The table itself shows the application role nothing without a tenant.
      expect((await client.query('SELECT count(*)::int AS n FROM api_keys')).rows[0].n).toBe(0);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const [listed] = await testDb.db.withTenant(tenantB, (tx) => listApiKeys(tx));
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("lists and revokes only the tenant's own keys", async () => {
    const { key, apiKey } = await testDb.db.withTenant(tenantA, (tx) => createApiKey(tx, 'a2'));
    const seenByB = await testDb.db.withTenant(tenantB, (tx) => listApiKeys(tx));
    expect(seenByB.map((k) => k.id)).not.toContain(apiKey.id);
    expect(await testDb.db.withTenant(tenantB, (tx) => revokeApiKey(tx, apiKey.id))).toBe(false);
    expect(await authenticateApiKey(testDb.db.pool, key)).toBeDefined();
    expect(await testDb.db.withTenant(tenantA, (tx) => revokeApiKey(tx, apiKey.id))).toBe(true);
    expect(await authenticateApiKey(testDb.db.pool, key)).toBeUndefined();
  });

  it('answers undefined for malformed and unknown keys', async () => {
    expect(await authenticateApiKey(testDb.db.pool, 'hello')).toBeUndefined();
    expect(await authenticateApiKey(testDb.db.pool, `sb_live_${'x'.repeat(43)}`)).toBeUndefined();
  });
});
