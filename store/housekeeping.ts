import type { Queryable } from './queryable.js';

/**
 * Deleting rows that can no longer be used, in every tenant, through migration 0013's SECURITY
 * DEFINER function (row-level security hides other tenants' rows from everyone else).
 */

/** How many rows of each kind one pass deleted. */
export interface DeletedRows {
  webSessions: number;
  webSignInLinks: number;
  taskLinks: number;
  webSignInFailures: number;
}

export interface DeleteUnusableRowsOptions {
  /** The time rows are judged at. */
  now: Date;
  /**
   * How long an expired task link is kept so the task page can still say "already used" or
   * "expired" (and a retried notice finds the link it mailed) rather than "unknown".
   */
  taskLinkGraceMs: number;
}

/**
 * Deletes expired web sessions, used or expired web sign-in links, sign-in failures that no
 * longer count, and task links expired for longer than the grace period.
 */
export async function deleteUnusableRows(
  db: Queryable,
  options: DeleteUnusableRowsOptions,
): Promise<DeletedRows> {
  const { rows } = await db.query<{
    deleted_web_sessions: string;
    deleted_web_sign_in_links: string;
    deleted_task_links: string;
    deleted_web_sign_in_failures: string;
  }>(`SELECT * FROM switchboard_delete_unusable_rows($1, make_interval(secs => $2))`, [
    options.now,
    options.taskLinkGraceMs / 1000,
  ]);
  const row = rows[0]!;
  return {
    webSessions: Number(row.deleted_web_sessions),
    webSignInLinks: Number(row.deleted_web_sign_in_links),
    taskLinks: Number(row.deleted_task_links),
    webSignInFailures: Number(row.deleted_web_sign_in_failures),
  };
}
