/**
 * What happens to a task inside a run's transition: recording activity (a run event and an audit
 * entry for every request, reminder, escalation, delegation, decision and close), enqueueing the
 * durable notices that post or update its copies, closing it, and continuing the step.
 */
import type { Json } from '../../graph/index.js';
import { appendAudit, type TenantTx } from '../../store/index.js';
import { removeStepJobs } from '../sql/jobs.js';
import type { StepRow } from '../sql/steps.js';
import { closeTaskRow, selectOpenTaskOfStep, type TaskRow } from '../sql/tasks.js';
import type { Transition } from '../transition.js';
import type { TaskChannelName, TaskNoticeKind, TaskOutcome } from './api.js';
import { recordsOf, type TaskRecord } from './view.js';

/** The graphile-worker task delivering task notices (see notices.ts). */
export const TASK_NOTICE_TASK = 'switchboard_task_notice';

export interface TaskNoticePayload {
  tenantId: string;
  taskId: string;
  kind: TaskNoticeKind;
  /** For opened / reminder / escalated / delegated: the people to post to (as designated or delegated). */
  recipients: string[];
  /** Tells occurrences of one kind apart (reminder number, delegation id); part of job and idempotency keys. */
  key: string;
}

/**
 * Enqueues a notice in the caller's transaction, so it exists exactly when what it announces
 * committed. `updated` notices of a task collapse into one (each renders the task as it is then).
 */
export async function enqueueTaskNotice(
  tx: TenantTx,
  notice: Omit<TaskNoticePayload, 'tenantId'>,
): Promise<void> {
  if (notice.recipients.length === 0 && notice.kind !== 'updated' && notice.kind !== 'closed') return;
  const payload: TaskNoticePayload = { tenantId: tx.tenantId, ...notice };
  const jobKey =
    notice.kind === 'updated'
      ? `task:${notice.taskId}/updated`
      : `task:${notice.taskId}/${notice.kind}/${notice.key}`;
  await tx.query(`SELECT switchboard_enqueue_job($1, $2, $3, $4)`, [
    TASK_NOTICE_TASK,
    JSON.stringify(payload),
    jobKey,
    null,
  ]);
}

export interface TaskActivity {
  /** Who acted: a person reference, or `engine`. */
  actor: string;
  channel: TaskChannelName;
  comment?: string | null;
  data?: Record<string, Json>;
}

/** Records a `task.*` event in the run's log and the same as an audit entry. */
export async function recordTaskActivity(
  t: Transition,
  row: TaskRow,
  type: string,
  activity: TaskActivity,
): Promise<void> {
  const detail: Record<string, Json> = {
    task: row.id,
    kind: row.kind,
    by: activity.actor,
    channel: activity.channel,
    ...(activity.comment ? { comment: activity.comment } : {}),
    ...activity.data,
  };
  await t.event(type, row.step_key, detail);
  await appendAudit(t.tx, {
    actor: activity.actor,
    action: type,
    subject: row.id,
    detail: { ...detail, runId: row.run_id, step: row.step_key, node: row.node_id, at: t.now.toISOString() },
  });
}

/** Closes the task with its outcome, records it, and enqueues the notice that updates every copy. */
export async function closeTask(
  t: Transition,
  row: TaskRow,
  outcome: TaskOutcome,
  activity: TaskActivity,
  submission?: TaskRow['submission'],
): Promise<void> {
  await closeTaskRow(t.tx, row.id, { outcome, by: activity.actor, at: t.now, submission });
  await recordTaskActivity(t, row, 'task.closed', { ...activity, data: { ...activity.data, outcome } });
  await enqueueTaskNotice(t.tx, { taskId: row.id, kind: 'closed', recipients: [], key: 'closed' });
}

/** The task of a step, reloaded with its decisions and delegations. */
export async function loadRecord(tx: TenantTx, row: TaskRow): Promise<TaskRecord> {
  return (await recordsOf(tx, [row]))[0]!;
}

/** An approval's step output (GRAPH.md): `{ outcome, decisions: [{ by, decision, comment, at }] }`. */
export function approvalOutput(record: TaskRecord, outcome: TaskOutcome): Json {
  return {
    outcome,
    decisions: record.decisions.map((d) => ({
      by: d.by,
      decision: d.decision,
      comment: d.comment,
      at: d.at.toISOString(),
    })),
  };
}

/** The step of a closed task continues at `next` with `output`; its timer job is removed. */
export async function continueStep(
  t: Transition,
  step: StepRow,
  output: Json,
  next?: string | null,
): Promise<void> {
  await removeStepJobs(t.tx, t.run.id, [step.key]);
  await t.event('step.resumed', step.key, { node: step.node_id, reason: 'task' });
  await t.succeed(step, output, next);
}

/** Hook for cancelled approval/form steps (run cancelled or failed, sibling branch won): the open task closes as cancelled. */
export async function cancelTaskOfStep(t: Transition, step: StepRow): Promise<void> {
  const row = await selectOpenTaskOfStep(t.tx, t.run.id, step.key, true);
  if (row === undefined) return;
  await closeTask(t, row, 'cancelled', { actor: 'engine', channel: 'engine' });
}
