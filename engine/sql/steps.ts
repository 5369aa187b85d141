/** SQL on `step_states`: one row per step (node, scope, visit) of a run. */
import type { Json, NodeType } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { StepStatus } from '../api.js';

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

/** How many times the node was visited in this scope of the run. */
export async function countVisits(
  tx: TenantTx,
  runId: string,
  scope: string,
  nodeId: string,
): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM step_states WHERE run_id = $1 AND scope = $2 AND node_id = $3`,
    [runId, scope, nodeId],
  );
  return rows[0]?.n ?? 0;
}

export async function insertStep(
  tx: TenantTx,
  step: {
    runId: string;
    key: string;
    scope: string;
    nodeId: string;
    nodeType: NodeType;
    visit: number;
    state: Record<string, Json>;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO step_states (run_id, key, scope, node_id, node_type, visit, status, state)
     VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)`,
    [step.runId, step.key, step.scope, step.nodeId, step.nodeType, step.visit, JSON.stringify(step.state)],
  );
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
