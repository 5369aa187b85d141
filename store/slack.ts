import type { TenantTx } from './tenancy.js';

/**
 * The Slack adapter's shared state (migration 0010): requests and events already seen, posts
 * made for the engine by idempotency key, forms behind "Open form" buttons, and the channel
 * threads the bot takes part in. All tenant-scoped; nothing here lives in process memory, so any
 * web or worker process can serve any request.
 */

/**
 * Records `key` (a request signature or an event id) as seen until `expiresAt`; true when it
 * was new, false when it was seen before and has not expired. Expired keys are cleared first.
 */
export async function claimSlackKey(tx: TenantTx, key: string, expiresAt: Date): Promise<boolean> {
  await tx.query('DELETE FROM slack_seen WHERE expires_at < now()');
  const { rowCount } = await tx.query(
    'INSERT INTO slack_seen (key, expires_at) VALUES ($1, $2) ON CONFLICT (tenant_id, key) DO NOTHING',
    [key, expiresAt],
  );
  return rowCount === 1;
}

/** A message posted for the engine. */
export interface SlackPost {
  idempotencyKey: string;
  channel: string;
  ts: string;
}

/** The message posted under `idempotencyKey`, or null. */
export async function findSlackPost(tx: TenantTx, idempotencyKey: string): Promise<SlackPost | null> {
  const { rows } = await tx.query<SlackPost>(
    'SELECT idempotency_key AS "idempotencyKey", channel, ts FROM slack_posts WHERE idempotency_key = $1',
    [idempotencyKey],
  );
  return rows[0] ?? null;
}

/** Records a post; when one was recorded under the key already, that one is returned instead. */
export async function recordSlackPost(tx: TenantTx, post: SlackPost): Promise<SlackPost> {
  const { rows } = await tx.query<SlackPost>(
    `INSERT INTO slack_posts (idempotency_key, channel, ts) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
     RETURNING idempotency_key AS "idempotencyKey", channel, ts`,
    [post.idempotencyKey, post.channel, post.ts],
  );
  return rows[0] ?? (await findSlackPost(tx, post.idempotencyKey))!;
}

/** Stores forms by content hash (storing one twice is harmless). */
export async function saveSlackForms(
  tx: TenantTx,
  forms: readonly { hash: string; spec: unknown }[],
): Promise<void> {
  for (const form of forms) {
    await tx.query(
      'INSERT INTO slack_forms (hash, spec) VALUES ($1, $2) ON CONFLICT (tenant_id, hash) DO NOTHING',
      [form.hash, JSON.stringify(form.spec)],
    );
  }
}

/** The form stored under `hash`, or null. */
export async function findSlackForm(tx: TenantTx, hash: string): Promise<unknown | null> {
  const { rows } = await tx.query<{ spec: unknown }>('SELECT spec FROM slack_forms WHERE hash = $1', [hash]);
  return rows[0]?.spec ?? null;
}

/** Remembers that the bot takes part in the thread `threadTs` of `channel`. */
export async function rememberSlackThread(tx: TenantTx, channel: string, threadTs: string): Promise<void> {
  await tx.query(
    'INSERT INTO slack_threads (channel, thread_ts) VALUES ($1, $2) ON CONFLICT (tenant_id, channel, thread_ts) DO NOTHING',
    [channel, threadTs],
  );
}

/** True when the bot takes part in the thread. */
export async function isSlackThread(tx: TenantTx, channel: string, threadTs: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM slack_threads WHERE channel = $1 AND thread_ts = $2', [
    channel,
    threadTs,
  ]);
  return rows.length > 0;
}
