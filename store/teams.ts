import type { TenantTx } from './tenancy.js';

/**
 * Microsoft Teams (migration 0011): conversation references for proactive messages, the people
 * the bot has seen, and the posts made for the engine (by idempotency key). References are
 * stored as the Bot Framework sends them; this module does not look inside them.
 */

/** A Bot Framework ConversationReference, as JSON. */
export type StoredConversationReference = Record<string, unknown>;

/** Remembers where `reference` (`teams:user/…`, `teams:channel/…`, `teams:chat/…`) is reached. */
export async function saveTeamsConversation(
  tx: TenantTx,
  reference: string,
  conversationReference: StoredConversationReference,
): Promise<void> {
  await tx.query(
    `INSERT INTO teams_conversations (reference, conversation_reference) VALUES ($1, $2)
     ON CONFLICT (tenant_id, reference)
     DO UPDATE SET conversation_reference = EXCLUDED.conversation_reference, updated_at = now()`,
    [reference, conversationReference],
  );
}

/** Where `reference` is reached, or undefined when the bot has no conversation there. */
export async function findTeamsConversation(
  tx: TenantTx,
  reference: string,
): Promise<StoredConversationReference | undefined> {
  const { rows } = await tx.query<{ conversation_reference: StoredConversationReference }>(
    'SELECT conversation_reference FROM teams_conversations WHERE reference = $1',
    [reference],
  );
  return rows[0]?.conversation_reference;
}

/** Remembers the latest activity's reference of a person the bot has seen. */
export async function saveTeamsMember(
  tx: TenantTx,
  person: string,
  conversationReference: StoredConversationReference,
): Promise<void> {
  await tx.query(
    `INSERT INTO teams_members (person, conversation_reference) VALUES ($1, $2)
     ON CONFLICT (tenant_id, person)
     DO UPDATE SET conversation_reference = EXCLUDED.conversation_reference, updated_at = now()`,
    [person, conversationReference],
  );
}

/** The latest reference of `person` (any conversation), or undefined when never seen. */
export async function findTeamsMember(
  tx: TenantTx,
  person: string,
): Promise<StoredConversationReference | undefined> {
  const { rows } = await tx.query<{ conversation_reference: StoredConversationReference }>(
    'SELECT conversation_reference FROM teams_members WHERE person = $1',
    [person],
  );
  return rows[0]?.conversation_reference;
}

/** Any reference of the tenant (newest first): its service URL and bot serve to open new conversations. */
export async function findAnyTeamsConversation(
  tx: TenantTx,
): Promise<StoredConversationReference | undefined> {
  const { rows } = await tx.query<{ conversation_reference: StoredConversationReference }>(
    'SELECT conversation_reference FROM teams_conversations ORDER BY updated_at DESC LIMIT 1',
  );
  return rows[0]?.conversation_reference;
}

export interface TeamsPost {
  conversationReference: StoredConversationReference;
  activityId: string;
}

/** The message posted before under `idempotencyKey`, or undefined. */
export async function findTeamsPost(tx: TenantTx, idempotencyKey: string): Promise<TeamsPost | undefined> {
  const { rows } = await tx.query<{
    conversation_reference: StoredConversationReference;
    activity_id: string;
  }>('SELECT conversation_reference, activity_id FROM teams_posts WHERE idempotency_key = $1', [
    idempotencyKey,
  ]);
  const row = rows[0];
  return row ? { conversationReference: row.conversation_reference, activityId: row.activity_id } : undefined;
}

/** Records a message posted under `idempotencyKey` (the first record wins). */
export async function recordTeamsPost(tx: TenantTx, idempotencyKey: string, post: TeamsPost): Promise<void> {
  await tx.query(
    `INSERT INTO teams_posts (idempotency_key, conversation_reference, activity_id) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`,
    [idempotencyKey, post.conversationReference, post.activityId],
  );
}
