/**
 * `form`: asks the assignees (groups resolved when the request is made) to fill typed fields and
 * waits durably. The first valid submission (tasks/service.ts) closes the task and the step
 * continues with `{ values, by, at }`. With `timeout`, a form nobody filled in closes as
 * timed out and the step fails with `form.timeout` (so `onError` applies).
 */
import { durationInWords } from '../../graph/index.js';
import type { CoreNode } from '../core-node.js';
import { selectOpenTaskOfStep } from '../sql/tasks.js';
import { cancelTaskOfStep, closeTask } from '../tasks/lifecycle.js';
import { nextWakeOf, openTask, rearm, sleepOnTask } from '../tasks/open.js';

export const formNode: CoreNode<'form'> = {
  async start(t, step, node) {
    const opened = await openTask(t, step, {
      kind: 'form',
      title: node.title,
      message: node.message,
      facts: [],
      fields: node.fields.map((f) => ({
        key: f.key,
        label: f.label,
        type: f.type,
        ...(f.options === undefined ? {} : { options: f.options }),
        required: f.required ?? false,
      })),
      mode: null,
      quorum: null,
      references: node.assignees,
      requireRejectComment: false,
      allowSelfApproval: true,
      timeout: node.timeout,
    });
    if (!('id' in opened)) {
      await t.fail(step, opened);
      return;
    }
    await sleepOnTask(t, step, opened, nextWakeOf(opened, undefined));
  },

  async wake(t, step, node) {
    const row = await selectOpenTaskOfStep(t.tx, t.run.id, step.key, true);
    if (row === undefined) return;
    if (row.due_at === null || row.due_at.getTime() > t.now.getTime()) {
      await rearm(t, step, row.due_at);
      return;
    }
    await closeTask(t, row, 'timed_out', { actor: 'engine', channel: 'engine', data: { reason: 'timeout' } });
    await t.fail(step, {
      code: 'form.timeout',
      message: `Nobody filled in the form within ${durationInWords(node.timeout ?? '')}.`,
      node: node.id,
    });
  },

  cancel: (t, step) => cancelTaskOfStep(t, step),
};
