/**
 * Task notices: the durable job (`switchboard_task_notice`) that posts a task to people
 * (opened, reminder, escalated, delegated) through the task channel of each one's preferred
 * reference, stores the copies, and re-renders every stored copy when the task changes or
 * closes. Enqueued by the transaction that changed the task, run after it committed, retried on
 * failure; channels deduplicate posts by the idempotency key (task, notice, occurrence, person).
 */
import { parseReference } from '../../graph/index.js';
import type { Clock, EngineLogger } from '../api.js';
import type { TaskChannelRouter, WithTenant } from '../notifier.js';
import type { PeopleDirectory } from '../people-directory.js';
import { appendRunEvents } from '../sql/events.js';
import { insertCopy, selectCopies, selectTask } from '../sql/tasks.js';
import type { TaskChannel, TaskView } from './api.js';
import type { TaskNoticePayload } from './lifecycle.js';
import { recordsOf, viewOf } from './view.js';

export interface TaskNoticeDeps {
  withTenant: WithTenant;
  directory: PeopleDirectory;
  channels: TaskChannelRouter;
  clock: Clock;
  logger: EngineLogger;
}

/** The handler of `switchboard_task_notice` jobs. */
export function createTaskNoticeHandler(deps: TaskNoticeDeps): (payload: TaskNoticePayload) => Promise<void> {
  return async (payload) => {
    const view = await deps.withTenant(payload.tenantId, async (tx) => {
      const row = await selectTask(tx, payload.taskId);
      return row === undefined ? null : viewOf((await recordsOf(tx, [row]))[0]!);
    });
    if (view === null) return;
    const failures =
      payload.kind === 'updated' || payload.kind === 'closed'
        ? await updateCopies(deps, payload, view)
        : await postCopies(deps, payload, view);
    const permanent = failures.filter((f) => (f.error as { retryable?: unknown }).retryable === false);
    if (permanent.length > 0) {
      await deps.withTenant(payload.tenantId, (tx) =>
        appendRunEvents(
          tx,
          view.runId,
          deps.clock.now(),
          permanent.map((f) => ({
            type: 'task.notice_failed',
            step: view.stepKey,
            data: {
              task: view.id,
              notice: payload.kind,
              recipient: f.recipient,
              message: (f.error as Error).message,
            },
          })),
        ),
      );
    }
    // Anything else may work later: the job is retried (posts already made are deduplicated).
    const transient = failures.find((f) => !permanent.includes(f));
    if (transient !== undefined) throw transient.error;
  };
}

interface Failure {
  recipient: string;
  error: unknown;
}

async function postCopies(
  deps: TaskNoticeDeps,
  payload: TaskNoticePayload,
  view: TaskView,
): Promise<Failure[]> {
  // A request delivered after the task closed has nothing to ask for.
  if (view.status !== 'open') return [];
  const failures: Failure[] = [];
  for (const person of payload.recipients) {
    try {
      const contact = await deps.directory.contactOf(payload.tenantId, person);
      const channel = channelOf(deps, contact);
      const idempotencyKey = `task:${view.id}/${payload.kind}/${payload.key}/${person}`;
      const address = await channel.postTask({
        tenantId: payload.tenantId,
        task: view,
        recipient: contact,
        kind: payload.kind,
        idempotencyKey,
      });
      if (address !== null) {
        await deps.withTenant(payload.tenantId, (tx) =>
          insertCopy(tx, {
            task_id: view.id,
            channel: channel.name,
            recipient: contact,
            address,
            idempotency_key: idempotencyKey,
          }),
        );
      }
    } catch (error) {
      deps.logger.warn('task notice failed', {
        task: view.id,
        notice: payload.kind,
        recipient: person,
        error: String(error),
      });
      failures.push({ recipient: person, error });
    }
  }
  return failures;
}

async function updateCopies(
  deps: TaskNoticeDeps,
  payload: TaskNoticePayload,
  view: TaskView,
): Promise<Failure[]> {
  const copies = await deps.withTenant(payload.tenantId, (tx) => selectCopies(tx, view.id));
  const failures: Failure[] = [];
  for (const copy of copies) {
    const channel = channelOf(deps, copy.recipient);
    // The channel serving this kind changed since the copy was posted: it cannot update it.
    if (channel.name !== copy.channel) continue;
    try {
      await channel.updateTask(
        {
          tenantId: payload.tenantId,
          taskId: copy.task_id,
          channel: copy.channel,
          recipient: copy.recipient,
          address: copy.address,
        },
        view,
      );
    } catch (error) {
      deps.logger.warn('task copy update failed', {
        task: view.id,
        recipient: copy.recipient,
        error: String(error),
      });
      failures.push({ recipient: copy.recipient, error });
    }
  }
  return failures;
}

function channelOf(deps: TaskNoticeDeps, reference: string): TaskChannel {
  const parsed = parseReference(reference);
  // Unparseable contacts (a web login, say) go where unknown kinds go: the fallback.
  return deps.channels.taskChannelFor(parsed === null ? 'requester' : parsed.kind);
}
