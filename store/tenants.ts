import { z } from 'zod';
import { TenantNotFoundError } from './errors.js';
import type { Queryable } from './queryable.js';

/**
 * Tenants: a Slack workspace, a Teams tenant, or the local default tenant. These functions are
 * administrative (they span tenants), so they run on the connecting user's pool, not inside
 * `withTenant`.
 */

/** The tenant migration 0001 creates for local use. */
export const DEFAULT_TENANT_ID = '00000000-0000-0000-0000-000000000001';
export const DEFAULT_TENANT_NAME = 'default';

export const tenantSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1),
  createdAt: z.date(),
});
export type Tenant = z.infer<typeof tenantSchema>;

const columns = 'id, name, created_at AS "createdAt"';

/** Creates a tenant named `name` (unique). */
export async function createTenant(db: Queryable, name: string): Promise<Tenant> {
  const { rows } = await db.query<Tenant>(`INSERT INTO tenants (name) VALUES ($1) RETURNING ${columns}`, [
    name,
  ]);
  return rows[0]!;
}

/**
 * The tenant named `name`, created when missing; `created` says which. Safe when several
 * processes ask at the same moment (one insert wins, the others find it).
 */
export async function ensureTenant(
  db: Queryable,
  name: string,
): Promise<{ tenant: Tenant; created: boolean }> {
  const { rows } = await db.query<Tenant>(
    `INSERT INTO tenants (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING ${columns}`,
    [name],
  );
  if (rows[0]) return { tenant: rows[0], created: true };
  return { tenant: await getTenant(db, name), created: false };
}

/** The tenant named `name`, or undefined. */
export async function findTenant(db: Queryable, name: string): Promise<Tenant | undefined> {
  const { rows } = await db.query<Tenant>(`SELECT ${columns} FROM tenants WHERE name = $1`, [name]);
  return rows[0];
}

/** The tenant named `name`; throws `TenantNotFoundError` when there is none. */
export async function getTenant(db: Queryable, name: string): Promise<Tenant> {
  const tenant = await findTenant(db, name);
  if (!tenant) throw new TenantNotFoundError(name);
  return tenant;
}

/** All tenants, oldest first. */
export async function listTenants(db: Queryable): Promise<Tenant[]> {
  const { rows } = await db.query<Tenant>(`SELECT ${columns} FROM tenants ORDER BY created_at, name`);
  return rows;
}
