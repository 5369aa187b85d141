/** SQL on `step_states`: one row per step (node, scope, visit) of a run. */
import type { Json, NodeType } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { StepStatus } from '../api.js';
import { STEP_TASK } from './jobs.js';

export interface StepError {
  message: string;
  code: string;
  node: string;
}

export interface StepRow {
  run_id: string;
  key: string;
  scope: string;
  node_id: string;
  node_type: NodeType;
  visit: number;
  status: StepStatus;
  attempt: number;
  output: Json | null;
  error: StepError | null;
  state: Record<string, Json>;
  finished_seq: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/**
 * Creates the next visit of a node in a scope (`<scope><node>#<visit>`) and enqueues its job
 * (`runAt` null: now), in one statement: one round trip on the hot path of every step. Returns
 * the new step's key, or null, writing nothing, when that visit would exceed `maxVisits`. The
 * job key and payload are those of `stepJobKey` and `enqueueStepJob` (jobs.ts).
 */
export async function insertNextStep(
  tx: TenantTx,
  step: {
    runId: string;
    scope: string;
    nodeId: string;
    nodeType: NodeType;
    state: Record<string, Json>;
  },
  maxVisits: number,
  runAt: Date | null,
): Promise<string | null> {
  const { rows } = await tx.query<{ key: string }>(
    `WITH visit AS (
       SELECT count(*)::int + 1 AS n FROM step_states WHERE run_id = $1::uuid AND scope = $2 AND node_id = $3
     ), inserted AS (
       INSERT INTO step_states (run_id, key, scope, node_id, node_type, visit, status, state)
       SELECT $1::uuid, $2 || $3 || '#' || visit.n, $2, $3, $4, visit.n, 'pending', $5::jsonb
         FROM visit WHERE visit.n <= $6
       RETURNING key
     )
     SELECT inserted.key,
            switchboard_enqueue_job($7, json_build_object('tenantId', $8::text, 'runId', $1::uuid::text,
                                    'key', inserted.key), 'step:' || $1::uuid::text || '/' || inserted.key, $9)
       FROM inserted`,
    [
      step.runId,
      step.scope,
      step.nodeId,
      step.nodeType,
      JSON.stringify(step.state),
      maxVisits,
      STEP_TASK,
      tx.tenantId,
      runAt,
    ],
  );
  return rows[0]?.key ?? null;
}

export async function selectStep(
  tx: TenantTx,
  runId: string,
  key: string,
  lock = false,
): Promise<StepRow | undefined> {
  const { rows } = await tx.query<StepRow>(
    `SELECT * FROM step_states WHERE run_id = $1 AND key = $2${lock ? ' FOR UPDATE' : ''}`,
    [runId, key],
  );
  return rows[0];
}

export async function selectSteps(tx: TenantTx, runId: string): Promise<StepRow[]> {
  const { rows } = await tx.query<StepRow>(
    `SELECT * FROM step_states WHERE run_id = $1 ORDER BY started_at NULLS LAST, finished_seq NULLS LAST, key`,
    [runId],
  );
  return rows;
}

/** Outputs of succeeded steps in the order they finished (for `steps.<id>` in the context). */
export async function selectStepOutputs(
  tx: TenantTx,
  runId: string,
): Promise<{ scope: string; node_id: string; output: Json }[]> {
  const { rows } = await tx.query<{ scope: string; node_id: string; output: Json }>(
    `SELECT scope, node_id, output FROM step_states
      WHERE run_id = $1 AND status = 'succeeded' ORDER BY finished_seq`,
    [runId],
  );
  return rows;
}

export interface StepUpdate {
  status: StepStatus;
  attempt?: number;
  output?: Json | null;
  error?: StepError | null;
  state?: Record<string, Json>;
  startedAt?: Date;
  finishedAt?: Date | null;
}

export async function updateStep(
  tx: TenantTx,
  runId: string,
  key: string,
  update: StepUpdate,
): Promise<void> {
  const finished =
    update.status === 'succeeded' || update.status === 'failed' || update.status === 'cancelled';
  await tx.query(
    `UPDATE step_states SET
        status = $3,
        attempt = coalesce($4, attempt),
        output = CASE WHEN $5::boolean THEN $6::jsonb ELSE output END,
        error = CASE WHEN $7::boolean THEN $8::jsonb ELSE error END,
        state = coalesce($9::jsonb, state),
        started_at = coalesce(started_at, $10),
        finished_at = CASE WHEN $11::boolean THEN $12::timestamptz ELSE NULL END,
        finished_seq = CASE WHEN $11::boolean THEN nextval('step_finished_seq') ELSE NULL END
      WHERE run_id = $1 AND key = $2`,
    [
      runId,
      key,
      update.status,
      update.attempt ?? null,
      update.output !== undefined,
      update.output === undefined ? null : JSON.stringify(update.output),
      update.error !== undefined,
      update.error == null ? null : JSON.stringify(update.error),
      update.state === undefined ? null : JSON.stringify(update.state),
      update.startedAt ?? null,
      finished,
      update.finishedAt ?? null,
    ],
  );
}

/** Steps not yet finished (pending, running, waiting) whose key starts with `prefix`. */
export async function selectOpenSteps(tx: TenantTx, runId: string, prefix = ''): Promise<StepRow[]> {
  const { rows } = await tx.query<StepRow>(
    `SELECT * FROM step_states
      WHERE run_id = $1 AND status IN ('pending', 'running', 'waiting') AND starts_with(key, $2)`,
    [runId, prefix],
  );
  return rows;
}

/** Marks the steps cancelled. */
export async function cancelSteps(tx: TenantTx, runId: string, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(
    `UPDATE step_states SET status = 'cancelled', finished_at = $3 WHERE run_id = $1 AND key = ANY($2)`,
    [runId, keys, now],
  );
}

/** Waiting `wait.event` steps of the tenant listening to `name`. */
export async function selectEventWaits(tx: TenantTx, name: string): Promise<StepRow[]> {
  const { rows } = await tx.query<StepRow>(
    `SELECT * FROM step_states WHERE status = 'waiting' AND state ? 'event' AND state ->> 'event' = $1
      ORDER BY started_at FOR UPDATE`,
    [name],
  );
  return rows;
}
