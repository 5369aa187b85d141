import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './queryable.js';
import type { TenantTx } from './tenancy.js';

/**
 * Links of email approvals (migration 0007): a token of 32 random bytes (base64url) in the URL
 * of the task page, bound to one person and one task, expiring, usable once. Only its sha256 is
 * stored. `findTaskLink` learns the tenant of a token before any tenant is known, through a
 * SECURITY DEFINER function; everything else runs in the tenant's transaction.
 */

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** One link, as stored (the token itself is never stored). */
export interface TaskLink {
  tenantId: string;
  taskId: string;
  /** The person reference the link acts as. */
  person: string;
  expiresAt: Date;
  usedAt: Date | null;
}

const COLUMNS =
  'tenant_id AS "tenantId", task_id AS "taskId", person, expires_at AS "expiresAt", used_at AS "usedAt"';

/** sha256 of a token, hex: what is stored and looked up. */
export function hashTaskLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when `text` has the shape of a link token (it may still be unknown). */
export function looksLikeTaskLinkToken(text: string): boolean {
  return TOKEN_PATTERN.test(text);
}

/**
 * Stores a new link for the transaction's tenant; the returned token is the only copy in clear.
 * `noticeKey` names the notice whose mail carries it (default: none, a link of its own).
 */
export async function createTaskLink(
  tx: TenantTx,
  link: { taskId: string; person: string; createdAt: Date; expiresAt: Date; noticeKey?: string },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.query(
    `INSERT INTO task_links (token_hash, task_id, person, notice_key, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      hashTaskLinkToken(token),
      link.taskId,
      link.person,
      link.noticeKey ?? hashTaskLinkToken(token),
      link.createdAt,
      link.expiresAt,
    ],
  );
  return token;
}

/** Records that the mail carrying the link of `token` was sent at `at`. */
export async function markTaskLinkSent(tx: TenantTx, token: string, at: Date): Promise<void> {
  await tx.query('UPDATE task_links SET sent_at = $2 WHERE token_hash = $1', [hashTaskLinkToken(token), at]);
}

/** When the mail of notice `noticeKey` was sent and until when its link works; null when no mail was sent yet. */
export async function findSentTaskNotice(
  tx: TenantTx,
  noticeKey: string,
): Promise<{ sentAt: Date; expiresAt: Date } | null> {
  const { rows } = await tx.query<{ sentAt: Date; expiresAt: Date }>(
    `SELECT sent_at AS "sentAt", expires_at AS "expiresAt" FROM task_links
      WHERE notice_key = $1 AND sent_at IS NOT NULL ORDER BY sent_at LIMIT 1`,
    [noticeKey],
  );
  return rows[0] ?? null;
}

/** The link of `token` in any tenant, or null when the token is malformed or unknown. */
export async function findTaskLink(db: Queryable, token: string): Promise<TaskLink | null> {
  if (!looksLikeTaskLinkToken(token)) return null;
  const { rows } = await db.query<TaskLink>(`SELECT ${COLUMNS} FROM switchboard_task_link($1)`, [
    hashTaskLinkToken(token),
  ]);
  return rows[0] ?? null;
}

/**
 * The link of `token` in the transaction's tenant, locked until the transaction ends, so that two
 * requests with one token take turns and the second sees the first one's `used_at`.
 */
export async function lockTaskLink(tx: TenantTx, token: string): Promise<TaskLink | null> {
  if (!looksLikeTaskLinkToken(token)) return null;
  const { rows } = await tx.query<TaskLink>(
    `SELECT ${COLUMNS} FROM task_links WHERE token_hash = $1 FOR UPDATE`,
    [hashTaskLinkToken(token)],
  );
  return rows[0] ?? null;
}

/** Marks the link of `token` used at `at` (no-op when it already was). */
export async function useTaskLink(tx: TenantTx, token: string, at: Date): Promise<void> {
  await tx.query('UPDATE task_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL', [
    hashTaskLinkToken(token),
    at,
  ]);
}
