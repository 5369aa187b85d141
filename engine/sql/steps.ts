/** SQL on `step_states`: one row per step (node, scope, visit) of a run. */
import type { Json, NodeType } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { StepStatus } from '../api.js';
import type { NewRunEvent } from './events.js';
import { STEP_TASK } from './jobs.js';
import { type RunJson, type RunRow, runOfJson } from './runs.js';

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

/** A step to create: the next visit of a node in a scope, its key `<scope><node>#<visit>`. */
export interface NextStep {
  scope: string;
  nodeId: string;
  nodeType: NodeType;
  state: Record<string, Json>;
  /** No step is created when this visit would be more than `maxVisits`. */
  maxVisits: number;
  /**
   * Enqueue its job (job key and payload of `stepJobKey` and `enqueueStepJob`, jobs.ts) to run
   * at `runAt` (null: now). False: the caller runs the step in this transaction (inline steps,
   * runtime.ts).
   */
  enqueue: boolean;
  runAt: Date | null;
}

/** A step's success as `succeedStep` records it. */
export interface StepSuccess {
  key: string;
  output: Json;
  /** Merged into the run's `vars` (transform steps, executors' `vars`); null: none. */
  vars: Record<string, Json> | null;
  at: Date;
}

/**
 * The hot path of every step, in one statement (one round trip): a step's success recorded, its
 * variables merged into the run's, the next step created and its job enqueued, and the run's
 * events noted so far appended. Any part may be absent (`$2` null: no success; `$7` null: no
 * next step; `$15` empty: no events).
 */
const ADVANCE = `
  WITH logged AS (
    INSERT INTO run_events (run_id, at, type, step_key, data)
    SELECT $1::uuid, e.at, e.type, e.step, coalesce(e.data, '{}')
      FROM jsonb_to_recordset($15::jsonb) AS e(type text, step text, data jsonb, at timestamptz)
  ), merged AS (
    UPDATE runs SET vars = vars || $3::jsonb WHERE id = $1::uuid AND $3::jsonb IS NOT NULL RETURNING vars
  ), succeeded AS (
    UPDATE step_states SET status = 'succeeded', output = $4::jsonb, error = NULL,
           started_at = coalesce(started_at, $5::timestamptz), finished_at = $5::timestamptz,
           finished_seq = nextval('step_finished_seq')
     WHERE run_id = $1::uuid AND key = $2::text
  ), visit AS (
    SELECT count(*)::int + 1 AS n FROM step_states WHERE run_id = $1::uuid AND scope = $6 AND node_id = $7
  ), inserted AS (
    INSERT INTO step_states (run_id, key, scope, node_id, node_type, visit, status, state)
    SELECT $1::uuid, $6 || $7 || '#' || visit.n, $6, $7, $8, visit.n, 'pending', $9::jsonb
      FROM visit WHERE $7::text IS NOT NULL AND visit.n <= $10
    RETURNING *
  )
  SELECT (SELECT vars FROM merged) AS vars, to_jsonb(i) AS next,
         CASE WHEN i.key IS NOT NULL AND $11::boolean THEN
           switchboard_enqueue_job($12, json_build_object('tenantId', $13::text, 'runId', $1::uuid::text,
                                   'key', i.key), 'step:' || $1::uuid::text || '/' || i.key, $14) IS NULL
         END AS enqueued
    FROM (SELECT 1) AS one LEFT JOIN inserted AS i ON true`;

/** An event of the run to append with the statement; `at` is required here. */
export type TimedRunEvent = NewRunEvent & { at: Date };

async function advance(
  tx: TenantTx,
  runId: string,
  success: StepSuccess | null,
  next: NextStep | null,
  events: readonly TimedRunEvent[],
): Promise<{ vars: Record<string, Json> | null; next: StepRow | null }> {
  const { rows } = await tx.query<{ vars: Record<string, Json> | null; next: StepRow | null }>(ADVANCE, [
    runId,
    success?.key ?? null,
    success?.vars == null ? null : JSON.stringify(success.vars),
    success === null ? null : JSON.stringify(success.output),
    success?.at ?? null,
    next?.scope ?? null,
    next?.nodeId ?? null,
    next?.nodeType ?? null,
    next === null ? null : JSON.stringify(next.state),
    next?.maxVisits ?? 0,
    next?.enqueue ?? false,
    STEP_TASK,
    tx.tenantId,
    next?.runAt ?? null,
    JSON.stringify(events.map((e) => ({ type: e.type, step: e.step ?? null, data: e.data ?? {}, at: e.at }))),
  ]);
  return { vars: rows[0]?.vars ?? null, next: rows[0]?.next ?? null };
}

/**
 * Creates the next step (and enqueues its job unless the caller runs it inline), appending
 * `events` of the run with it. Returns the step (its dates null), or null, creating nothing,
 * when that visit would exceed `maxVisits`.
 */
export async function insertNextStep(
  tx: TenantTx,
  runId: string,
  next: NextStep,
  events: readonly TimedRunEvent[] = [],
): Promise<StepRow | null> {
  return (await advance(tx, runId, null, next, events)).next;
}

/**
 * Records the step's success, merges its variables into the run's, creates the next step (when
 * `next` is given) and appends `events` of the run, in one round trip. Returns the run's merged
 * vars (null when no variables were given) and the new step (null as for `insertNextStep`).
 */
export async function succeedStep(
  tx: TenantTx,
  runId: string,
  success: StepSuccess,
  next: NextStep | null,
  events: readonly TimedRunEvent[] = [],
): Promise<{ vars: Record<string, Json> | null; next: StepRow | null }> {
  return advance(tx, runId, success, next, events);
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

/** The step, locked, with its run (not locked): one round trip at the start of a step job. */
export async function selectStepWithRun(
  tx: TenantTx,
  runId: string,
  key: string,
): Promise<{ step: StepRow; run: RunRow } | undefined> {
  const { rows } = await tx.query<StepRow & { run_row: RunJson }>(
    `SELECT s.*, to_jsonb(r) AS run_row FROM step_states s JOIN runs r ON r.id = s.run_id
      WHERE s.run_id = $1 AND s.key = $2 FOR UPDATE OF s`,
    [runId, key],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const { run_row, ...step } = row;
  return { step, run: runOfJson(run_row) };
}

export async function selectSteps(tx: TenantTx, runId: string): Promise<StepRow[]> {
  const { rows } = await tx.query<StepRow>(
    `SELECT * FROM step_states WHERE run_id = $1 ORDER BY started_at NULLS LAST, finished_seq NULLS LAST, key`,
    [runId],
  );
  return rows;
}

/**
 * Outputs of succeeded steps in the order they finished (for `steps.<id>` in the context): of
 * every node, or only of the nodes `nodeIds` when given.
 */
export async function selectStepOutputs(
  tx: TenantTx,
  runId: string,
  nodeIds: readonly string[] | null = null,
): Promise<{ scope: string; node_id: string; output: Json }[]> {
  const { rows } = await tx.query<{ scope: string; node_id: string; output: Json }>(
    `SELECT scope, node_id, output FROM step_states
      WHERE run_id = $1 AND status = 'succeeded' AND ($2::text[] IS NULL OR node_id = ANY($2))
      ORDER BY finished_seq`,
    [runId, nodeIds],
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
