/**
 * SQL on `runs`: insert, load (optionally locked), finish. Variables are merged together with a
 * step's success (`succeedStep`, steps.ts).
 */
import type { Json } from '../../graph/index.js';
import type { TenantTx } from '../../store/index.js';
import type { RunStatus, RunTriggerKind } from '../api.js';

export interface RunRow {
  id: string;
  tenant_id: string;
  workflow_id: string;
  version: number;
  status: RunStatus;
  trigger_kind: RunTriggerKind;
  requester: string | null;
  input: Json;
  output: Json | null;
  error: { message: string; code: string; node: string | null; step?: string } | null;
  vars: Record<string, Json>;
  parent_run_id: string | null;
  parent_step_key: string | null;
  scheduled_for: Date | null;
  start_key: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface NewRun {
  workflowId: string;
  version: number;
  trigger: RunTriggerKind;
  requester: string | null;
  input: Json;
  parentRunId?: string | null;
  parentStepKey?: string | null;
  /** Schedule runs: the fire time, unique per workflow. */
  scheduledFor?: Date | null;
  /** The request that starts it (`webhook:…`, `api:…`), unique per workflow. */
  startKey?: string | null;
  now: Date;
}

/**
 * Inserts the run; undefined when its `startKey` already belongs to a run of the workflow. A
 * concurrent insert of the same key makes this wait for that transaction, then insert nothing
 * (when it commits) or insert (when it rolls back). A repeated `scheduledFor` still fails (23505).
 */
export async function insertRun(tx: TenantTx, run: NewRun): Promise<RunRow | undefined> {
  const { rows } = await tx.query<RunRow>(
    `INSERT INTO runs (workflow_id, version, status, trigger_kind, requester, input, parent_run_id,
                       parent_step_key, scheduled_for, start_key, created_at)
     VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (workflow_id, start_key) DO NOTHING RETURNING *`,
    [
      run.workflowId,
      run.version,
      run.trigger,
      run.requester,
      JSON.stringify(run.input),
      run.parentRunId ?? null,
      run.parentStepKey ?? null,
      run.scheduledFor ?? null,
      run.startKey ?? null,
      run.now,
    ],
  );
  return rows[0];
}

/** The run of the workflow started with `startKey`, and whether it was started with `input`. */
export async function selectRunByStartKey(
  tx: TenantTx,
  workflowId: string,
  startKey: string,
  input: Json,
): Promise<{ run: RunRow; sameInput: boolean } | undefined> {
  // jsonb equality in SQL: key order and number spelling do not make inputs differ.
  const { rows } = await tx.query<RunRow & { same_input: boolean }>(
    `SELECT *, input = $3::jsonb AS same_input FROM runs WHERE workflow_id = $1 AND start_key = $2`,
    [workflowId, startKey, JSON.stringify(input)],
  );
  if (rows[0] === undefined) return undefined;
  const { same_input: sameInput, ...run } = rows[0];
  return { run, sameInput };
}

/** A run row as `to_jsonb` gives it: timestamps as strings. */
export type RunJson = Omit<RunRow, 'created_at' | 'finished_at' | 'scheduled_for'> & {
  created_at: string;
  finished_at: string | null;
  scheduled_for: string | null;
};

/** The run row of `to_jsonb(runs)`, with its timestamps as dates again. */
export function runOfJson(json: RunJson): RunRow {
  const date = (text: string | null) => (text === null ? null : new Date(text));
  return {
    ...json,
    created_at: new Date(json.created_at),
    finished_at: date(json.finished_at),
    scheduled_for: date(json.scheduled_for),
  };
}

/** The run, locked against concurrent finishing when `lock` is set. */
export async function selectRun(tx: TenantTx, runId: string, lock = false): Promise<RunRow | undefined> {
  const { rows } = await tx.query<RunRow>(`SELECT * FROM runs WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
    runId,
  ]);
  return rows[0];
}

export async function selectRuns(
  tx: TenantTx,
  options: { workflowId?: string; limit?: number },
): Promise<RunRow[]> {
  const { rows } = await tx.query<RunRow>(
    `SELECT * FROM runs WHERE ($1::uuid IS NULL OR workflow_id = $1) ORDER BY created_at DESC, id LIMIT $2`,
    [options.workflowId ?? null, options.limit ?? 100],
  );
  return rows;
}

export async function finishRun(
  tx: TenantTx,
  runId: string,
  status: RunStatus,
  output: Json | null,
  error: RunRow['error'],
  now: Date,
): Promise<void> {
  await tx.query(`UPDATE runs SET status = $2, output = $3, error = $4, finished_at = $5 WHERE id = $1`, [
    runId,
    status,
    JSON.stringify(output),
    error === null ? null : JSON.stringify(error),
    now,
  ]);
}

export async function updateRunStatus(tx: TenantTx, runId: string, status: RunStatus): Promise<void> {
  await tx.query(`UPDATE runs SET status = $2, finished_at = NULL, error = NULL WHERE id = $1`, [
    runId,
    status,
  ]);
}

export async function selectChildRuns(tx: TenantTx, runId: string): Promise<RunRow[]> {
  const { rows } = await tx.query<RunRow>(`SELECT * FROM runs WHERE parent_run_id = $1`, [runId]);
  return rows;
}
