/** Starting a run inside a tenant transaction: the run row, `run.started`, the first step's job. */
import { canonicalReference, type Json } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';
import type { RunTriggerKind } from './api.js';
import { InvalidStartKeyError, RunStartKeyReusedError, WorkflowVersionNotFoundError } from './errors.js';
import { insertRun, type NewRun, type RunRow, selectRunByStartKey } from './sql/runs.js';
import type { WorkflowRow } from './sql/workflows.js';
import { Transition, type TransitionHost } from './transition.js';

/** Longest start key `runs.start_key` holds (migration 0012). */
export const MAX_START_KEY_LENGTH = 256;

export interface StartRunInTx {
  trigger: RunTriggerKind;
  input: Json;
  requester: string | null;
  parentRunId?: string;
  parentStepKey?: string;
  /** Schedule runs: the fire time (unique per workflow; a second start of it violates the key). */
  scheduledFor?: Date;
  /** The request that starts it, unique per workflow: a repeat finds the first start's run. */
  startKey?: string;
  now: Date;
}

/** The run, and whether an earlier start with the same start key made it (then nothing was written). */
export interface StartedRunRow {
  run: RunRow;
  repeated: boolean;
}

export async function startRunInTx(
  host: TransitionHost,
  tx: TenantTx,
  workflow: WorkflowRow,
  version: number,
  options: StartRunInTx,
): Promise<StartedRunRow> {
  const index = await host.indexOf(tx, workflow.id, version).catch((error: unknown) => {
    throw error instanceof Error && 'code' in error && error.code === 'workflow.version_not_found'
      ? error
      : new WorkflowVersionNotFoundError(workflow.id, version);
  });
  const started = await insertOrFindRun(tx, {
    workflowId: workflow.id,
    version,
    trigger: options.trigger,
    // Stored canonical, as every reference the task service compares it with.
    requester: options.requester === null ? null : canonicalReference(options.requester),
    input: options.input,
    parentRunId: options.parentRunId ?? null,
    parentStepKey: options.parentStepKey ?? null,
    scheduledFor: options.scheduledFor ?? null,
    startKey: options.startKey ?? null,
    now: options.now,
  });
  if (started.repeated) return started;
  const t = new Transition(host, tx, started.run, index, options.now);
  await t.event('run.started', null, {
    workflow: workflow.id,
    version,
    trigger: options.trigger,
    parentRun: options.parentRunId ?? null,
  });
  await t.scheduleStep('', index.entry);
  return started;
}

/**
 * Inserts the run, or finds the run its start key already started. Not check-then-insert: the
 * insert itself waits for a concurrent start of the same key, so exactly one of them inserts.
 */
async function insertOrFindRun(tx: TenantTx, run: NewRun): Promise<StartedRunRow> {
  const key = run.startKey ?? null;
  if (key !== null && (key.length === 0 || key.length > MAX_START_KEY_LENGTH)) {
    throw new InvalidStartKeyError(key.length, MAX_START_KEY_LENGTH);
  }
  // Another round only when the run holding the key was deleted between the two statements.
  for (let round = 1; round <= 3; round++) {
    const inserted = await insertRun(tx, run);
    if (inserted !== undefined) return { run: inserted, repeated: false };
    const earlier = await selectRunByStartKey(tx, run.workflowId, key as string, run.input);
    if (earlier === undefined) continue;
    if (!earlier.sameInput) throw new RunStartKeyReusedError(earlier.run.id, key as string);
    return { run: earlier.run, repeated: true };
  }
  throw new Error(`Run start key ${key} neither inserts a run nor finds one; report this as a bug.`);
}
