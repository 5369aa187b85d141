import type { TenantTx } from './tenancy.js';

/** NOTIFY channel carrying the user id of every new or changed message (delivered at commit). */
export const WEB_MESSAGES_CHANNEL = 'switchboard_web_messages';

/**
 * What the web chat shows each user (migration 0009): their messages, the bot's answers and task
 * cards, as neutral message JSON. Every insert and update takes a new `rev`, so a page polling
 * "after rev n" receives new and replaced messages alike.
 */

export interface WebMessage {
  id: string;
  userId: string;
  rev: string;
  author: 'user' | 'bot';
  private: boolean;
  message: unknown;
  taskId: string | null;
  createdAt: Date;
}

interface WebMessageRow {
  id: string;
  user_id: string;
  rev: string;
  author: 'user' | 'bot';
  private: boolean;
  message: unknown;
  task_id: string | null;
  created_at: Date;
}

const COLUMNS = 'id, user_id, rev, author, private, message, task_id, created_at';

function toMessage(row: WebMessageRow): WebMessage {
  return {
    id: row.id,
    userId: row.user_id,
    rev: row.rev,
    author: row.author,
    private: row.private,
    message: row.message,
    taskId: row.task_id,
    createdAt: row.created_at,
  };
}

export interface WebMessageInput {
  userId: string;
  author: 'user' | 'bot';
  message: unknown;
  private?: boolean;
  taskId?: string | null;
  /** A second append with the same key returns the first message unchanged. */
  idempotencyKey?: string | null;
}

export async function appendWebMessage(tx: TenantTx, input: WebMessageInput): Promise<WebMessage> {
  const { rows } = await tx.query<WebMessageRow>(
    `INSERT INTO web_messages (user_id, author, private, message, task_id, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
    [
      input.userId,
      input.author,
      input.private ?? false,
      JSON.stringify(input.message),
      input.taskId ?? null,
      input.idempotencyKey ?? null,
    ],
  );
  if (rows[0]) {
    await notify(tx, input.userId);
    return toMessage(rows[0]);
  }
  const existing = await tx.query<WebMessageRow>(
    `SELECT ${COLUMNS} FROM web_messages WHERE idempotency_key = $1`,
    [input.idempotencyKey],
  );
  return toMessage(existing.rows[0]!);
}

/** Replaces a message's content (a new `rev`); null when the tenant has no such message. */
export async function updateWebMessage(
  tx: TenantTx,
  id: string,
  message: unknown,
): Promise<WebMessage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await tx.query<WebMessageRow>(
    `UPDATE web_messages SET message = $2, rev = nextval('web_message_revs') WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, JSON.stringify(message)],
  );
  if (rows[0] === undefined) return null;
  await notify(tx, rows[0].user_id);
  return toMessage(rows[0]);
}

async function notify(tx: TenantTx, userId: string): Promise<void> {
  await tx.query(`SELECT pg_notify($1, $2)`, [WEB_MESSAGES_CHANNEL, userId]);
}

/** One message of the tenant; null when unknown. */
export async function getWebMessage(tx: TenantTx, id: string): Promise<WebMessage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await tx.query<WebMessageRow>(`SELECT ${COLUMNS} FROM web_messages WHERE id = $1`, [id]);
  return rows[0] ? toMessage(rows[0]) : null;
}

/**
 * A user's messages changed after `afterRev`, oldest change first, at most `limit`; with
 * `afterRev` 0, the newest `limit` messages (the page's history).
 */
export async function listWebMessages(
  tx: TenantTx,
  userId: string,
  options: { afterRev: string | number; limit: number },
): Promise<WebMessage[]> {
  if (String(options.afterRev) === '0') {
    const { rows } = await tx.query<WebMessageRow>(
      `SELECT ${COLUMNS} FROM web_messages WHERE user_id = $1 ORDER BY rev DESC LIMIT $2`,
      [userId, options.limit],
    );
    return rows.reverse().map(toMessage);
  }
  const { rows } = await tx.query<WebMessageRow>(
    `SELECT ${COLUMNS} FROM web_messages WHERE user_id = $1 AND rev > $2 ORDER BY rev LIMIT $3`,
    [userId, options.afterRev, options.limit],
  );
  return rows.map(toMessage);
}
