import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from './queryable.js';
import type { TenantTx } from './tenancy.js';

/**
 * API keys for the REST API. A key is `sb_live_` followed by 32 random bytes (base64url); only
 * its sha256 is stored, with the first characters for recognising it in lists. Keys are
 * tenant-owned; `authenticateApiKey` finds the tenant of a key before any tenant is known,
 * through a SECURITY DEFINER function of migration 0005.
 */

/** Every key starts with this, so leaked keys are easy to recognise (and scan for). */
export const API_KEY_PREFIX = 'sb_live_';

/** Characters of the key kept in clear for display: the prefix and four more. */
const DISPLAY_LENGTH = API_KEY_PREFIX.length + 4;

const KEY_PATTERN = /^sb_live_[A-Za-z0-9_-]{43}$/;

export const apiKeySchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string().min(1),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

const columns =
  'id, tenant_id AS "tenantId", name, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"';

/** sha256 of a key, hex: what is stored and looked up. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** True when `text` has the shape of a Switchboard API key (it may still be unknown). */
export function looksLikeApiKey(text: string): boolean {
  return KEY_PATTERN.test(text);
}

/** Creates a key for the transaction's tenant; the returned `key` is the only copy in clear. */
export async function createApiKey(tx: TenantTx, name: string): Promise<{ key: string; apiKey: ApiKey }> {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const { rows } = await tx.query<ApiKey>(
    `INSERT INTO api_keys (name, prefix, key_hash) VALUES ($1, $2, $3) RETURNING ${columns}`,
    [name, key.slice(0, DISPLAY_LENGTH), hashApiKey(key)],
  );
  return { key, apiKey: rows[0]! };
}

/** The transaction's tenant's keys, oldest first, revoked ones included. */
export async function listApiKeys(tx: TenantTx): Promise<ApiKey[]> {
  const { rows } = await tx.query<ApiKey>(`SELECT ${columns} FROM api_keys ORDER BY created_at, id`);
  return rows;
}

/** Revokes a key of the transaction's tenant; false when it has no such live key. */
export async function revokeApiKey(tx: TenantTx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL',
    [id],
  );
  return rowCount === 1;
}

/**
 * The tenant and key id of a live key, or undefined for an unknown, revoked or malformed key.
 * Marks the key used. Runs on any connection (no tenant needed).
 */
export async function authenticateApiKey(
  db: Queryable,
  key: string,
): Promise<{ tenantId: string; keyId: string } | undefined> {
  if (!looksLikeApiKey(key)) return undefined;
  const { rows } = await db.query<{ tenantId: string; keyId: string }>(
    'SELECT tenant_id AS "tenantId", key_id AS "keyId" FROM switchboard_authenticate_api_key($1)',
    [hashApiKey(key)],
  );
  return rows[0];
}
