/** Enqueueing and removing engine jobs from inside tenant transactions (see 0003_engine.sql). */
import type { TenantTx } from '../../store/index.js';

export const STEP_TASK = 'switchboard_step';
/** Enqueued by migration 0009's trigger when a top-level run finishes; job key `run-finished:<run id>`. */
export const RUN_FINISHED_TASK = 'switchboard_run_finished';

export interface RunFinishedJobPayload {
  tenantId: string;
  runId: string;
}

export interface StepJobPayload {
  tenantId: string;
  runId: string;
  key: string;
}

/** The graphile-worker job key of a step: run, node path and visit, so duplicates collapse. */
export function stepJobKey(runId: string, stepKey: string): string {
  return `step:${runId}/${stepKey}`;
}

/** Enqueues (or reschedules) the job of a step; `runAt` null means now. */
export async function enqueueStepJob(
  tx: TenantTx,
  runId: string,
  stepKey: string,
  runAt: Date | null,
): Promise<void> {
  const payload: StepJobPayload = { tenantId: tx.tenantId, runId, key: stepKey };
  await tx.query(`SELECT switchboard_enqueue_job($1, $2, $3, $4)`, [
    STEP_TASK,
    JSON.stringify(payload),
    stepJobKey(runId, stepKey),
    runAt,
  ]);
}

export async function removeStepJobs(tx: TenantTx, runId: string, stepKeys: string[]): Promise<void> {
  if (stepKeys.length === 0) return;
  await tx.query(`SELECT switchboard_remove_jobs($1, $2)`, [
    runId,
    stepKeys.map((k) => stepJobKey(runId, k)),
  ]);
}
