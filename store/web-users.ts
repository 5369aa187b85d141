import type { Queryable } from './queryable.js';
import type { TenantTx } from './tenancy.js';

/**
 * Web chat sign-in (migration 0009): users with a password hash, sessions and single-use sign-in
 * links, each stored by the sha256 of its token. Lookups before the tenant is known (sign-in,
 * session cookie, link) go through SECURITY DEFINER functions; everything else is tenant-scoped.
 */

export interface WebUser {
  id: string;
  tenantId: string;
  email: string;
  createdAt: Date;
}

export interface WebUserCredentials {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string;
}

export interface WebSession {
  tenantId: string;
  userId: string;
  email: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Adds a web user to the transaction's tenant; the email is stored lower-case. Throws 23505 when taken. */
export async function createWebUser(
  tx: TenantTx,
  input: { email: string; passwordHash: string },
): Promise<WebUser> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; email: string; created_at: Date }>(
    `INSERT INTO web_users (email, password_hash) VALUES (lower($1), $2)
     RETURNING id, tenant_id, email, created_at`,
    [input.email, input.passwordHash],
  );
  const row = rows[0]!;
  return { id: row.id, tenantId: row.tenant_id, email: row.email, createdAt: row.created_at };
}

/** Replaces a user's password hash; false when the tenant has no such user. */
export async function setWebUserPassword(
  tx: TenantTx,
  email: string,
  passwordHash: string,
): Promise<boolean> {
  const { rowCount } = await tx.query(`UPDATE web_users SET password_hash = $2 WHERE email = lower($1)`, [
    email,
    passwordHash,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The user signing in with `email`, in whatever tenant; null when unknown. */
export async function findWebUserCredentials(
  db: Queryable,
  email: string,
): Promise<WebUserCredentials | null> {
  const { rows } = await db.query<{ id: string; tenant_id: string; email: string; password_hash: string }>(
    `SELECT id, tenant_id, email, password_hash FROM switchboard_web_user_by_email($1)`,
    [email],
  );
  const row = rows[0];
  return row
    ? { id: row.id, tenantId: row.tenant_id, email: row.email, passwordHash: row.password_hash }
    : null;
}

/** The tenant's web user with that email (the web chat's recipient of `email:` references); null when none. */
export async function findWebUser(tx: TenantTx, email: string): Promise<WebUser | null> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; email: string; created_at: Date }>(
    `SELECT id, tenant_id, email, created_at FROM web_users WHERE email = lower($1)`,
    [email],
  );
  const row = rows[0];
  return row ? { id: row.id, tenantId: row.tenant_id, email: row.email, createdAt: row.created_at } : null;
}

/** The tenant's web users, by email. */
export async function listWebUsers(tx: TenantTx): Promise<WebUser[]> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; email: string; created_at: Date }>(
    `SELECT id, tenant_id, email, created_at FROM web_users ORDER BY email`,
  );
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    createdAt: row.created_at,
  }));
}

/** Whether any tenant has a web user (as the database owner, which sees every tenant). */
export async function anyWebUser(owner: Queryable): Promise<boolean> {
  const { rows } = await owner.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM web_users) AS found`);
  return rows[0]?.found ?? false;
}

export async function markWebUserSignedIn(tx: TenantTx, userId: string, at: Date): Promise<void> {
  await tx.query(`UPDATE web_users SET last_sign_in_at = $2 WHERE id = $1`, [userId, at]);
}

export async function createWebSession(
  tx: TenantTx,
  input: { tokenHash: string; userId: string; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO web_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [input.tokenHash, input.userId, input.csrfToken, input.createdAt, input.expiresAt],
  );
}

/** The session of a token hash (expired ones included: the caller compares `expiresAt`); null when unknown. */
export async function findWebSession(db: Queryable, tokenHash: string): Promise<WebSession | null> {
  const { rows } = await db.query<{
    tenant_id: string;
    user_id: string;
    email: string;
    csrf_token: string;
    expires_at: Date;
  }>(`SELECT tenant_id, user_id, email, csrf_token, expires_at FROM switchboard_web_session($1)`, [
    tokenHash,
  ]);
  const row = rows[0];
  return row
    ? {
        tenantId: row.tenant_id,
        userId: row.user_id,
        email: row.email,
        csrfToken: row.csrf_token,
        expiresAt: row.expires_at,
      }
    : null;
}

export async function deleteWebSession(tx: TenantTx, tokenHash: string): Promise<void> {
  await tx.query(`DELETE FROM web_sessions WHERE token_hash = $1`, [tokenHash]);
}

export async function createSignInLink(
  tx: TenantTx,
  input: { tokenHash: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(`INSERT INTO web_sign_in_links (token_hash, created_at, expires_at) VALUES ($1, $2, $3)`, [
    input.tokenHash,
    input.createdAt,
    input.expiresAt,
  ]);
}

/** The link of a token hash; null when unknown. */
export async function findSignInLink(
  db: Queryable,
  tokenHash: string,
): Promise<{ tenantId: string; expiresAt: Date; usedAt: Date | null } | null> {
  const { rows } = await db.query<{ tenant_id: string; expires_at: Date; used_at: Date | null }>(
    `SELECT tenant_id, expires_at, used_at FROM switchboard_web_sign_in_link($1)`,
    [tokenHash],
  );
  const row = rows[0];
  return row ? { tenantId: row.tenant_id, expiresAt: row.expires_at, usedAt: row.used_at } : null;
}

/** Marks the link used; false when it was used already (two tabs racing). */
export async function useSignInLink(tx: TenantTx, tokenHash: string, at: Date): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE web_sign_in_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL`,
    [tokenHash, at],
  );
  return (rowCount ?? 0) > 0;
}
