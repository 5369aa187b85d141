/**
 * Approve, Reject and Submit on task cards. The engine decides who may act; its refusals (not an
 * assignee, already closed, bad input) go back privately with the engine's message. On success
 * the clicked card is replaced at once; every other copy is updated by the engine through its
 * task channels.
 */
import { EngineError, type TaskView } from '../../engine/index.js';
import type { Json } from '../../graph/index.js';
import { TASK_ACTIONS, taskMessage } from './cards.js';
import type { CoreServices } from './deps.js';
import { sorry } from './say.js';
import type { Turn } from './turn.js';

export async function handleTaskAction(
  s: CoreServices,
  turn: Turn,
  actionId: string,
  taskId: string,
  inputs: Record<string, string>,
): Promise<void> {
  const tenantId = turn.actor.tenantId;
  const by = turn.actor.person;
  const channel = turn.where.platform;
  let task: TaskView;
  try {
    if (actionId === TASK_ACTIONS.submit) {
      const current = await s.engine.tasks.getTask(tenantId, taskId);
      task = await s.engine.tasks.submit(tenantId, taskId, {
        by,
        values: formValues(current, inputs),
        channel,
      });
    } else {
      const comment = inputs.comment?.trim();
      task = await s.engine.tasks.decide(tenantId, taskId, {
        by,
        decision: actionId === TASK_ACTIONS.approve ? 'approve' : 'reject',
        comment: comment ? comment : null,
        channel,
      });
    }
  } catch (error) {
    if (error instanceof EngineError) {
      await turn.responder.postPrivate(sorry(error.message));
      return;
    }
    throw error;
  }
  if (turn.incoming.kind === 'action' && turn.incoming.message) {
    await turn.responder.update(turn.incoming.message, taskMessage(task, { viewer: by }));
  }
}

/** Form text to the field types; the task service checks required fields and options. */
function formValues(task: TaskView, inputs: Record<string, string>): Record<string, Json> {
  const values: Record<string, Json> = {};
  for (const field of task.fields) {
    const raw = inputs[field.key];
    if (raw === undefined || raw.trim() === '') {
      if (field.type === 'boolean') values[field.key] = false;
      continue;
    }
    const text = raw.trim();
    if (field.type === 'number') values[field.key] = Number.isFinite(Number(text)) ? Number(text) : text;
    else if (field.type === 'boolean')
      values[field.key] = ['true', 'on', 'yes', '1'].includes(text.toLowerCase());
    else values[field.key] = text;
  }
  return values;
}
