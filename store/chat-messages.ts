import type { TenantTx } from './tenancy.js';

/**
 * Messages of the built-in chat channel: what `chat` steps post when no chat platform serves the
 * recipient, shown in the run log and the web view.
 */

export interface ChatMessage {
  id: string;
  runId: string;
  recipient: string;
  text: string;
  idempotencyKey: string;
  createdAt: Date;
}

interface ChatMessageRow {
  id: string;
  run_id: string;
  recipient: string;
  text: string;
  idempotency_key: string;
  created_at: Date;
}

const COLUMNS = 'id, run_id, recipient, text, idempotency_key, created_at';

function toMessage(row: ChatMessageRow): ChatMessage {
  return {
    id: row.id,
    runId: row.run_id,
    recipient: row.recipient,
    text: row.text,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
  };
}

export interface ChatMessageInput {
  runId: string;
  recipient: string;
  text: string;
  idempotencyKey: string;
}

/**
 * Stores a message once per idempotency key: a second call with the same key returns the message
 * the first one stored, unchanged.
 */
export async function appendChatMessage(tx: TenantTx, message: ChatMessageInput): Promise<ChatMessage> {
  const inserted = await tx.query<ChatMessageRow>(
    `INSERT INTO chat_messages (run_id, recipient, text, idempotency_key) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
    [message.runId, message.recipient, message.text, message.idempotencyKey],
  );
  if (inserted.rows[0]) return toMessage(inserted.rows[0]);
  const { rows } = await tx.query<ChatMessageRow>(
    `SELECT ${COLUMNS} FROM chat_messages WHERE idempotency_key = $1`,
    [message.idempotencyKey],
  );
  return toMessage(rows[0]!);
}

/** The messages of one run, oldest first. */
export async function listChatMessages(tx: TenantTx, runId: string): Promise<ChatMessage[]> {
  const { rows } = await tx.query<ChatMessageRow>(
    `SELECT ${COLUMNS} FROM chat_messages WHERE run_id = $1 ORDER BY seq`,
    [runId],
  );
  return rows.map(toMessage);
}
