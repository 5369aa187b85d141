import type { TenantTx } from './tenancy.js';

/**
 * Chat conversations (migration 0009): one row per chat thread holding a draft workflow, from
 * the description through questions and previews to activation or discard.
 */

export type ConversationStatus = 'planning' | 'questions' | 'draft' | 'active' | 'discarded' | 'refused';

export interface TranscriptMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface Conversation {
  id: string;
  tenantId: string;
  platform: 'slack' | 'teams' | 'web';
  channel: string;
  /** Null in conversations without threads (a DM, the web chat): one open draft at a time. */
  thread: string | null;
  /** The person who described it (a reference); the workflow's owner once activated. */
  owner: string;
  description: string;
  transcript: TranscriptMessage[];
  /** The latest validated workflow document, once there is one. */
  draft: unknown;
  /** The planner's open questions, when it asked some. */
  questions: unknown;
  workflowId: string | null;
  status: ConversationStatus;
  createdAt: Date;
  updatedAt: Date;
}

interface ConversationRow {
  id: string;
  tenant_id: string;
  platform: Conversation['platform'];
  channel: string;
  thread: string | null;
  owner: string;
  description: string;
  transcript: TranscriptMessage[];
  draft: unknown;
  questions: unknown;
  workflow_id: string | null;
  status: ConversationStatus;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, tenant_id, platform, channel, thread, owner, description, transcript, draft, questions, workflow_id, status, created_at, updated_at';

function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    platform: row.platform,
    channel: row.channel,
    thread: row.thread,
    owner: row.owner,
    description: row.description,
    transcript: row.transcript,
    draft: row.draft,
    questions: row.questions,
    workflowId: row.workflow_id,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface ConversationInput {
  platform: Conversation['platform'];
  channel: string;
  thread: string | null;
  owner: string;
  description: string;
  now: Date;
}

/** Starts a conversation in status `planning`, its transcript holding the description. */
export async function createConversation(tx: TenantTx, input: ConversationInput): Promise<Conversation> {
  const transcript: TranscriptMessage[] = [{ role: 'user', content: input.description }];
  const { rows } = await tx.query<ConversationRow>(
    `INSERT INTO conversations (platform, channel, thread, owner, description, transcript, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'planning', $7, $7) RETURNING ${COLUMNS}`,
    [
      input.platform,
      input.channel,
      input.thread,
      input.owner,
      input.description,
      JSON.stringify(transcript),
      input.now,
    ],
  );
  return toConversation(rows[0]!);
}

/** The conversation `id`, locked for the transaction when `lock`; null when unknown. */
export async function getConversation(tx: TenantTx, id: string, lock = false): Promise<Conversation | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await tx.query<ConversationRow>(
    `SELECT ${COLUMNS} FROM conversations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ? toConversation(rows[0]) : null;
}

/**
 * The conversation a message in this thread continues: the newest one still being worked on.
 * In a real thread an activated workflow stays open for changes; without threads only drafts
 * do, so that a new description after an activation starts a new conversation.
 */
export async function findOpenConversation(
  tx: TenantTx,
  where: { platform: Conversation['platform']; channel: string; thread: string | null },
): Promise<Conversation | null> {
  const { rows } = await tx.query<ConversationRow>(
    `SELECT ${COLUMNS} FROM conversations
      WHERE platform = $1 AND channel = $2 AND thread IS NOT DISTINCT FROM $3
        AND (status IN ('planning', 'questions', 'draft') OR (thread IS NOT NULL AND status = 'active'))
      ORDER BY updated_at DESC LIMIT 1`,
    [where.platform, where.channel, where.thread],
  );
  return rows[0] ? toConversation(rows[0]) : null;
}

/**
 * Moves the conversation `id` from one of `from` to `to` and returns it as it was before; null
 * when it is in another status (someone else got there first: a double click, a second tab).
 */
export async function claimConversation(
  tx: TenantTx,
  id: string,
  from: readonly ConversationStatus[],
  to: ConversationStatus,
  now: Date,
): Promise<Conversation | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await tx.query<ConversationRow>(
    `UPDATE conversations c SET status = $3, updated_at = $4
       FROM (SELECT id, status FROM conversations WHERE id = $1 FOR UPDATE) before
      WHERE c.id = before.id AND before.status = ANY($2)
     RETURNING ${COLUMNS.split(', ')
       .map((column) => (column === 'status' ? 'before.status' : `c.${column}`))
       .join(', ')}`,
    [id, from, to, now],
  );
  return rows[0] ? toConversation(rows[0]) : null;
}

export interface ConversationChange {
  status?: ConversationStatus;
  /** Messages appended to the transcript. */
  append?: TranscriptMessage[];
  draft?: unknown;
  questions?: unknown;
  workflowId?: string | null;
  now: Date;
}

/** Applies `change` to the conversation `id` and returns it as stored. */
export async function updateConversation(
  tx: TenantTx,
  id: string,
  change: ConversationChange,
): Promise<Conversation> {
  const sets: string[] = ['updated_at = $2'];
  const values: unknown[] = [id, change.now];
  const set = (column: string, value: unknown, cast = '') => {
    values.push(value);
    sets.push(`${column} = $${values.length}${cast}`);
  };
  if (change.status !== undefined) set('status', change.status);
  if (change.append !== undefined && change.append.length > 0) {
    values.push(JSON.stringify(change.append));
    sets.push(`transcript = transcript || $${values.length}::jsonb`);
  }
  if (change.draft !== undefined) set('draft', JSON.stringify(change.draft), '::jsonb');
  if (change.questions !== undefined) set('questions', JSON.stringify(change.questions), '::jsonb');
  if (change.workflowId !== undefined) set('workflow_id', change.workflowId);
  const { rows } = await tx.query<ConversationRow>(
    `UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    values,
  );
  return toConversation(rows[0]!);
}
