/**
 * `approval`: asks the approvers (groups resolved when the request is made, membership recorded)
 * and waits durably for the outcome, without holding a worker and without an upper bound.
 * Decisions arrive through the task service (tasks/service.ts), which closes the task and
 * continues the step at `next.approved` / `next.rejected`. The step's timer job wakes it for
 * reminders (to those who have not decided) and for the timeout, which follows `onTimeout`:
 * approve, reject, fail, or escalate to `escalateTo` once, restarting the clock (a timeout after
 * the escalation counts as no onTimeout). Without onTimeout a timeout continues at
 * `next.timed_out`, else fails with `approval.timeout`.
 */
import { durationInWords, type NodeOf, parseDuration } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import type { StepRow } from '../sql/steps.js';
import {
  escalateTaskRow,
  selectOpenTaskOfStep,
  selectTask,
  type TaskRow,
  updateTaskReminders,
} from '../sql/tasks.js';
import type { TaskOutcome } from '../tasks/api.js';
import {
  approvalOutput,
  cancelTaskOfStep,
  closeTask,
  continueStep,
  enqueueTaskNotice,
  loadRecord,
  recordTaskActivity,
} from '../tasks/lifecycle.js';
import { designeesJson, nextWakeOf, openTask, rearm, resolveDesignees, sleepOnTask } from '../tasks/open.js';
import { actorFor, openParts } from '../tasks/view.js';
import type { Transition } from '../transition.js';

export const approvalNode: CoreNode<'approval'> = {
  async start(t, step, node) {
    const opened = await openTask(t, step, {
      kind: 'approval',
      title: node.title,
      message: node.message,
      facts: node.fields ?? [],
      fields: [],
      mode: node.mode ?? 'any',
      quorum: node.mode === 'quorum' ? (node.quorum ?? 1) : null,
      references: node.approvers,
      requireRejectComment: node.requireRejectComment ?? true,
      allowSelfApproval: node.allowSelfApproval ?? false,
      timeout: node.timeout,
    });
    if (!('id' in opened)) {
      await t.fail(step, opened);
      return;
    }
    await sleepOnTask(t, step, opened, nextWakeOf(opened, node.reminders));
  },

  async wake(t, step, node) {
    const row = await selectOpenTaskOfStep(t.tx, t.run.id, step.key, true);
    if (row === undefined) return;
    if (row.due_at !== null && row.due_at.getTime() <= t.now.getTime()) {
      await timedOut(t, step, node, row);
      return;
    }
    await remindIfDue(t, row, node.reminders);
    await rearm(t, step, nextWakeOf((await selectTask(t.tx, row.id)) as TaskRow, node.reminders));
  },

  cancel: (t, step) => cancelTaskOfStep(t, step),
};

/** Sends the reminder that is due (one, however many intervals passed) to those who have not decided. */
export async function remindIfDue(
  t: Transition,
  row: TaskRow,
  reminders: { every: string; max?: number } | undefined,
): Promise<void> {
  const every = reminders === undefined ? null : parseDuration(reminders.every);
  if (every === null || every <= 0) return;
  const elapsed = Math.floor((t.now.getTime() - row.round_started_at.getTime()) / every);
  const count = Math.min(elapsed, reminders?.max ?? Number.POSITIVE_INFINITY);
  if (count <= row.reminders_sent) return;
  const record = await loadRecord(t.tx, row);
  const recipients = [...new Set(openParts(record).map((part) => actorFor(record, part)))];
  await updateTaskReminders(t.tx, row.id, count);
  await recordTaskActivity(t, row, 'task.reminded', {
    actor: 'engine',
    channel: 'engine',
    data: { reminder: count, to: recipients },
  });
  await enqueueTaskNotice(t.tx, {
    taskId: row.id,
    kind: 'reminder',
    recipients,
    key: `${row.escalations}.${count}`,
  });
}

async function timedOut(t: Transition, step: StepRow, node: NodeOf<'approval'>, row: TaskRow): Promise<void> {
  if (node.onTimeout === 'escalate' && node.escalateTo !== undefined && row.escalations === 0) {
    await escalate(t, step, node, row, node.escalateTo);
    return;
  }
  const waited = node.timeout === undefined ? 'the timeout' : durationInWords(node.timeout);
  const engine = { actor: 'engine', channel: 'engine' as const, data: { reason: 'timeout' } };
  const record = await loadRecord(t.tx, row);
  const decided = async (outcome: TaskOutcome, next: string) => {
    await closeTask(t, row, outcome, engine);
    await continueStep(t, step, approvalOutput(record, outcome), next);
  };
  if (node.onTimeout === 'approve') return decided('approved', node.next.approved);
  if (node.onTimeout === 'reject') return decided('rejected', node.next.rejected);
  if (node.onTimeout !== 'fail' && node.next.timed_out !== undefined)
    return decided('timed_out', node.next.timed_out);
  await closeTask(t, row, node.onTimeout === 'fail' ? 'failed' : 'timed_out', engine);
  await t.fail(step, {
    code: 'approval.timeout',
    message:
      node.onTimeout === 'fail'
        ? `Nobody decided within ${waited}, and onTimeout is "fail".`
        : `Nobody decided within ${waited}; add next.timed_out or onTimeout to continue instead of failing.`,
    node: node.id,
  });
}

/** The escalation round: `escalateTo` decide from now on (in the node's mode), with the clock restarted. */
async function escalate(
  t: Transition,
  step: StepRow,
  node: NodeOf<'approval'>,
  row: TaskRow,
  escalateTo: string[],
): Promise<void> {
  const round = row.escalations + 1;
  const resolved = await resolveDesignees(t, 'approval', escalateTo, round, row.allow_self_approval);
  if ('code' in resolved) {
    await closeTask(t, row, 'failed', { actor: 'engine', channel: 'engine', data: { reason: 'escalation' } });
    await t.fail(step, { ...resolved, node: node.id });
    return;
  }
  const timeoutMs = node.timeout === undefined ? null : parseDuration(node.timeout);
  const dueAt = timeoutMs === null ? null : new Date(t.now.getTime() + timeoutMs);
  await escalateTaskRow(t.tx, row.id, {
    designated: [...row.designated, ...resolved],
    escalations: round,
    dueAt,
    now: t.now,
  });
  await recordTaskActivity(t, row, 'task.escalated', {
    actor: 'engine',
    channel: 'engine',
    data: { to: designeesJson(resolved), dueAt: dueAt?.toISOString() ?? null },
  });
  const first = row.mode === 'sequential' ? resolved.slice(0, 1) : resolved;
  await enqueueTaskNotice(t.tx, {
    taskId: row.id,
    kind: 'escalated',
    recipients: first.map((d) => d.reference),
    key: String(round),
  });
  await enqueueTaskNotice(t.tx, { taskId: row.id, kind: 'updated', recipients: [], key: '' });
  await rearm(t, step, nextWakeOf((await selectTask(t.tx, row.id)) as TaskRow, node.reminders));
}
