import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { appendAudit, listAudit } from './audit.js';
import { createTenant, DEFAULT_TENANT_ID } from './tenants.js';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

describe('audit log', () => {
  it('appends entries for the current tenant and lists them newest first', async () => {
    const entries = await testDb.db.withTenant(DEFAULT_TENANT_ID, async (tx) => {
      await appendAudit(tx, { actor: 'system', action: 'tenant.created', subject: 'default' });
      await appendAudit(tx, { actor: 'alice', action: 'workflow.activated', detail: { version: 3 } });
      return listAudit(tx);
    });
    expect(entries).toMatchObject([
      {
        tenantId: DEFAULT_TENANT_ID,
        actor: 'alice',
        action: 'workflow.activated',
        subject: null,
        detail: { version: 3 },
      },
      {
        tenantId: DEFAULT_TENANT_ID,
        actor: 'system',
        action: 'tenant.created',
        subject: 'default',
        detail: {},
      },
    ]);
    expect(entries[0]?.at).toBeInstanceOf(Date);
  });

  it('pages with limit and before', async () => {
    const tenant = await createTenant(testDb.db.pool, 'paging');
    const pages = await testDb.db.withTenant(tenant.id, async (tx) => {
      for (const n of [1, 2, 3]) await appendAudit(tx, { actor: 'bob', action: `step.${n}` });
      const first = await listAudit(tx, { limit: 2 });
      const second = await listAudit(tx, { limit: 2, before: first.at(-1)?.id });
      return [first.map((e) => e.action), second.map((e) => e.action)];
    });
    expect(pages).toEqual([['step.3', 'step.2'], ['step.1']]);
  });

  it("does not show one tenant's entries to another", async () => {
    const other = await createTenant(testDb.db.pool, 'other');
    const seen = await testDb.db.withTenant(other.id, (tx) => listAudit(tx));
    expect(seen).toEqual([]);
  });

  it('is append-only for the application', async () => {
    await expect(
      testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => tx.query("UPDATE audit_log SET actor = 'mallory'")),
    ).rejects.toThrow(/permission denied/);
    await expect(
      testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => tx.query('DELETE FROM audit_log')),
    ).rejects.toThrow(/permission denied/);
  });

  it('rejects an entry without an action', async () => {
    await expect(
      testDb.db.withTenant(DEFAULT_TENANT_ID, (tx) => appendAudit(tx, { actor: 'x', action: '' })),
    ).rejects.toThrow(/action/);
  });
});
