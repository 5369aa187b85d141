import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/index.js';
import { InvalidTenantIdError } from './errors.js';
import { withTenant } from './tenancy.js';
import { createTenant, DEFAULT_TENANT_ID, findTenant } from './tenants.js';

let testDb: TestDatabase;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { pool } = testDb.db;
  tenantA = (await createTenant(pool, 'tenant-a')).id;
  tenantB = (await createTenant(pool, 'tenant-b')).id;
  // A table made tenant-owned the way every migration does it.
  await pool.query(`
    CREATE TABLE notes (
      id serial PRIMARY KEY,
      tenant_id uuid NOT NULL DEFAULT switchboard_current_tenant() REFERENCES tenants (id),
      body text NOT NULL
    );
    SELECT switchboard_tenant_table('notes');`);
  await testDb.db.withTenant(tenantA, (tx) => tx.query("INSERT INTO notes (body) VALUES ('a1'), ('a2')"));
  await testDb.db.withTenant(tenantB, (tx) => tx.query("INSERT INTO notes (body) VALUES ('b1')"));
});

afterAll(async () => {
  await testDb?.drop();
});

/** Every note, seen by the superuser connection (no RLS). */
async function allNotes(): Promise<{ tenant_id: string; body: string }[]> {
  const { rows } = await testDb.db.pool.query('SELECT tenant_id, body FROM notes ORDER BY id');
  return rows;
}

describe('withTenant isolation through the application role', () => {
  it('reads only its own tenant rows, even when asking for the other tenant by id', async () => {
    const seen = await testDb.db.withTenant(tenantA, async (tx) => ({
      all: (await tx.query('SELECT body FROM notes ORDER BY id')).rows.map((r) => r.body),
      other: (await tx.query('SELECT body FROM notes WHERE tenant_id = $1', [tenantB])).rowCount,
    }));
    expect(seen).toEqual({ all: ['a1', 'a2'], other: 0 });
  });

  it("updates and deletes none of the other tenant's rows", async () => {
    const counts = await testDb.db.withTenant(tenantA, async (tx) => ({
      updated: (await tx.query("UPDATE notes SET body = 'hacked' WHERE tenant_id = $1", [tenantB])).rowCount,
      deleted: (await tx.query('DELETE FROM notes WHERE tenant_id = $1', [tenantB])).rowCount,
      updatedAll: (await tx.query("UPDATE notes SET body = body || '' WHERE true")).rowCount,
    }));
    expect(counts).toEqual({ updated: 0, deleted: 0, updatedAll: 2 });
    expect(await allNotes()).toContainEqual({ tenant_id: tenantB, body: 'b1' });
  });

  it("refuses to insert a row carrying the other tenant's id", async () => {
    await expect(
      testDb.db.withTenant(tenantA, (tx) =>
        tx.query("INSERT INTO notes (tenant_id, body) VALUES ($1, 'planted')", [tenantB]),
      ),
    ).rejects.toThrow(/row-level security/);
    expect((await allNotes()).map((n) => n.body)).not.toContain('planted');
  });

  it('refuses to move its own row to the other tenant', async () => {
    await expect(
      testDb.db.withTenant(tenantA, (tx) =>
        tx.query("UPDATE notes SET tenant_id = $1 WHERE body = 'a1'", [tenantB]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('sees the other tenant only in the tenants table as nothing', async () => {
    const names = await testDb.db.withTenant(tenantA, async (tx) =>
      (await tx.query('SELECT name FROM tenants ORDER BY name')).rows.map((r) => r.name),
    );
    expect(names).toEqual(['tenant-a']);
  });

  it('sees no rows and cannot insert when no tenant is set', async () => {
    const client = await testDb.db.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL ROLE switchboard_app');
      expect((await client.query('SELECT * FROM notes')).rowCount).toBe(0);
      await expect(client.query("INSERT INTO notes (body) VALUES ('orphan')")).rejects.toThrow(
        /null value|row-level/,
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('does not leak the tenant into the next transaction on the same connection', async () => {
    const pool = testDb.db.pool;
    await withTenant(pool, tenantA, async () => undefined);
    // The pool may hand out the same connection; as the app role it must see nothing now.
    const client = await pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL ROLE switchboard_app');
      expect((await client.query('SELECT * FROM notes')).rowCount).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('rolls back everything when the callback throws', async () => {
    await expect(
      testDb.db.withTenant(tenantA, async (tx) => {
        await tx.query("INSERT INTO notes (body) VALUES ('rolled back')");
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await allNotes()).map((n) => n.body)).not.toContain('rolled back');
  });

  it('rejects a tenant id that is not a UUID before touching the database', async () => {
    await expect(testDb.db.withTenant("x'; DROP TABLE notes; --", async () => 1)).rejects.toThrow(
      InvalidTenantIdError,
    );
  });
});

describe('tenants', () => {
  it('has the default tenant with its well-known id', async () => {
    expect(await findTenant(testDb.db.pool, 'default')).toMatchObject({
      id: DEFAULT_TENANT_ID,
      name: 'default',
    });
  });
});

describe('row-level security coverage', () => {
  it('is enabled and forced, with a policy, on every table that has a tenant_id column', async () => {
    const { rows } = await testDb.db.pool.query<{
      table: string;
      enabled: boolean;
      forced: boolean;
      policies: number;
    }>(`
      SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       ORDER BY c.relname`);
    expect(rows.map((r) => r.table)).toContain('audit_log');
    const unprotected = rows.filter((r) => !r.enabled || !r.forced || r.policies === 0).map((r) => r.table);
    expect(unprotected).toEqual([]);
  });
});
