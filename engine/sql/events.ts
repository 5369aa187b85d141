/** SQL on `run_events` (append-only) and `pending_events` (events kept for later waits). */
import type { Json } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';

export interface RunEventRow {
  id: string;
  at: Date;
  type: string;
  step_key: string | null;
  data: Json;
}

export interface NewRunEvent {
  type: string;
  step?: string | null;
  data?: Json;
  /** When it happened; default: the `now` passed to `appendRunEvents`. */
  at?: Date;
}

export async function appendRunEvents(
  tx: TenantTx,
  runId: string,
  now: Date,
  events: NewRunEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO run_events (run_id, at, type, step_key, data)
     SELECT $1, coalesce(e.at, $2), e.type, e.step, coalesce(e.data, '{}')
       FROM jsonb_to_recordset($3::jsonb) AS e(type text, step text, data jsonb, at timestamptz)`,
    [
      runId,
      now,
      JSON.stringify(
        events.map((e) => ({ type: e.type, step: e.step ?? null, data: e.data ?? {}, at: e.at ?? null })),
      ),
    ],
  );
}

export async function selectRunEvents(tx: TenantTx, runId: string): Promise<RunEventRow[]> {
  const { rows } = await tx.query<RunEventRow>(
    `SELECT id, at, type, step_key, data FROM run_events WHERE run_id = $1 ORDER BY id`,
    [runId],
  );
  return rows;
}

export interface PendingEventRow {
  id: string;
  name: string;
  payload: Json;
  published_at: Date;
}

export async function insertPendingEvent(
  tx: TenantTx,
  name: string,
  payload: Json,
  now: Date,
): Promise<PendingEventRow> {
  const { rows } = await tx.query<PendingEventRow>(
    `INSERT INTO pending_events (name, payload, published_at) VALUES ($1, $2, $3)
     RETURNING id, name, payload, published_at`,
    [name, JSON.stringify(payload), now],
  );
  return rows[0] as PendingEventRow;
}

/** Unconsumed events of this name published at or after `since`, oldest first. */
export async function selectOpenEvents(tx: TenantTx, name: string, since: Date): Promise<PendingEventRow[]> {
  const { rows } = await tx.query<PendingEventRow>(
    `SELECT id, name, payload, published_at FROM pending_events
      WHERE name = $1 AND consumed_at IS NULL AND published_at >= $2 ORDER BY id LIMIT 1000`,
    [name, since],
  );
  return rows;
}

export async function consumeEvent(tx: TenantTx, eventId: string, by: string, now: Date): Promise<void> {
  await tx.query(`UPDATE pending_events SET consumed_at = $2, consumed_by = $3 WHERE id = $1`, [
    eventId,
    now,
    by,
  ]);
}

/**
 * Serialises "publish an event" against "a wait looks for kept events" for one event name of the
 * tenant, so an event is either seen by the wait or finds the wait waiting, never neither.
 */
export async function lockEventName(tx: TenantTx, name: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`switchboard.event:${tx.tenantId}:${name}`]);
}
