/** Starting a run inside a tenant transaction: the run row, `run.started`, the first step's job. */
import type { Json } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';
import type { RunTriggerKind } from './api.js';
import { WorkflowVersionNotFoundError } from './errors.js';
import { insertRun, type RunRow } from './sql/runs.js';
import type { WorkflowRow } from './sql/workflows.js';
import { Transition, type TransitionHost } from './transition.js';

export interface StartRunInTx {
  trigger: RunTriggerKind;
  input: Json;
  requester: string | null;
  parentRunId?: string;
  parentStepKey?: string;
  /** Schedule runs: the fire time (unique per workflow; a second start of it violates the key). */
  scheduledFor?: Date;
  now: Date;
}

export async function startRunInTx(
  host: TransitionHost,
  tx: TenantTx,
  workflow: WorkflowRow,
  version: number,
  options: StartRunInTx,
): Promise<RunRow> {
  const index = await host.indexOf(tx, workflow.id, version).catch((error: unknown) => {
    throw error instanceof Error && 'code' in error && error.code === 'workflow.version_not_found'
      ? error
      : new WorkflowVersionNotFoundError(workflow.id, version);
  });
  const run = await insertRun(tx, {
    workflowId: workflow.id,
    version,
    trigger: options.trigger,
    requester: options.requester,
    input: options.input,
    parentRunId: options.parentRunId ?? null,
    parentStepKey: options.parentStepKey ?? null,
    scheduledFor: options.scheduledFor ?? null,
    now: options.now,
  });
  const t = new Transition(host, tx, run, index, options.now);
  await t.event('run.started', null, {
    workflow: workflow.id,
    version,
    trigger: options.trigger,
    parentRun: options.parentRunId ?? null,
  });
  await t.scheduleStep('', index.entry);
  return run;
}
