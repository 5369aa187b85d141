import { type ParsedReference, parseReference } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';
import { appendChatMessage } from '../store/index.js';
import { PermanentStepError } from './errors.js';
import type { TaskChannel, TaskView } from './tasks/api.js';

/**
 * The notifier port: how `chat` steps (and later approvals) post a message to a person or a
 * place, whatever platform serves it. Channels register by reference kind (`slack_user`,
 * `teams_channel`, `email`, …); kinds without a channel go to the fallback, which in this
 * release is the built-in channel recording messages for the run log and the web view. Slack
 * and Teams plug in as channels of their kinds.
 *
 * Every post carries an idempotency key derived from the step: a channel must make a second
 * post with the same key return the first message instead of posting again (the built-in channel
 * has a unique index on it; platform channels keep the key in message metadata).
 */

export interface ChatPost {
  tenantId: string;
  runId: string;
  /** A single person or place reference (groups and `requester` are resolved before posting). */
  to: string;
  /** Markdown. */
  text: string;
  idempotencyKey: string;
}

export interface PostedMessage {
  /** The platform's id of the message. */
  messageId: string;
  /** Which channel carried it, e.g. `switchboard`, `slack`. */
  channel: string;
}

export interface Notifier {
  postMessage(post: ChatPost): Promise<PostedMessage>;
}

/** A notifier for some reference kinds, named for the record. */
export interface NotifierChannel extends Notifier {
  readonly name: string;
}

export type ReferenceKind = ParsedReference['kind'];

/** Where the engine's task notices go: the task channel of a recipient's reference kind. */
export interface TaskChannelRouter {
  taskChannelFor(kind: ReferenceKind): TaskChannel;
}

export interface NotifierRegistry extends Notifier, TaskChannelRouter {
  /**
   * Routes the given reference kinds to `channel` from now on (replacing any before); a channel
   * that is also a `TaskChannel` (has `postTask`) carries those kinds' task notices too.
   */
  register(kinds: readonly ReferenceKind[], channel: NotifierChannel | (NotifierChannel & TaskChannel)): void;
  /** Routes the task notices of the given kinds to `channel` (e.g. email approval links), messages unchanged. */
  registerTaskChannel(kinds: readonly ReferenceKind[], channel: TaskChannel): void;
  /** The channel that would carry a post to `kind`. */
  channelFor(kind: ReferenceKind): NotifierChannel;
  /** The channel that would carry a task notice to `kind` (the fallback's when none is registered). */
  taskChannelFor(kind: ReferenceKind): TaskChannel;
}

/**
 * A notifier routing each post by the kind of its `to` reference; others go to `fallback`. Task
 * notices of kinds without a task channel go to `taskFallback`, default `fallback` when it is a
 * task channel too (the run-log channel is), else nowhere.
 */
export function createNotifierRegistry(
  fallback: NotifierChannel | (NotifierChannel & TaskChannel),
  taskFallback?: TaskChannel,
): NotifierRegistry {
  const channels = new Map<ReferenceKind, NotifierChannel>();
  const taskChannels = new Map<ReferenceKind, TaskChannel>();
  const channelFor = (kind: ReferenceKind) => channels.get(kind) ?? fallback;
  const defaultTaskChannel = taskFallback ?? (isTaskChannel(fallback) ? fallback : droppingTaskChannel);
  return {
    register(kinds, channel) {
      for (const kind of kinds) {
        channels.set(kind, channel);
        if (isTaskChannel(channel)) taskChannels.set(kind, channel);
      }
    },
    registerTaskChannel(kinds, channel) {
      for (const kind of kinds) taskChannels.set(kind, channel);
    },
    channelFor,
    taskChannelFor: (kind) => taskChannels.get(kind) ?? defaultTaskChannel,
    async postMessage(post) {
      const reference = parseReference(post.to);
      if (reference === null) {
        throw new PermanentStepError(
          'chat.invalid_recipient',
          `"${post.to.slice(0, 200)}" is not a person or place reference.`,
        );
      }
      return channelFor(reference.kind).postMessage(post);
    },
  };
}

/** Runs work in a transaction of one tenant (the `Database.withTenant` of store/). */
export type WithTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/** Name of the built-in channel. */
export const RUN_LOG_CHANNEL = 'switchboard';

function isTaskChannel(channel: object): channel is TaskChannel {
  return typeof (channel as Partial<TaskChannel>).postTask === 'function';
}

/** Where task notices go when no channel takes them: nowhere (the task is still in the web view). */
const droppingTaskChannel: TaskChannel = {
  name: 'none',
  postTask: async () => null,
  updateTask: async () => {},
};

/**
 * The built-in channel: stores the message in `chat_messages`, shown with the run in the web view.
 * A repeated post with the same idempotency key returns the stored message. As a task channel it
 * records "Approval requested: …" (and reminders) for the run, and one line with the outcome
 * when the task closes.
 */
export function createRunLogChannel(withTenant: WithTenant): NotifierChannel & TaskChannel {
  return {
    name: RUN_LOG_CHANNEL,
    async postTask({ tenantId, task, recipient, kind, idempotencyKey }) {
      if (task.status !== 'open') return null;
      const lead = kind === 'reminder' ? 'Reminder: ' : kind === 'escalated' ? 'Escalated: ' : '';
      const what = task.kind === 'approval' ? 'Approval requested' : 'Form to fill in';
      const message = await withTenant(tenantId, (tx) =>
        appendChatMessage(tx, {
          runId: task.runId,
          recipient,
          text: `${lead}${what}: ${task.title}\n\n${task.message}`,
          idempotencyKey,
        }),
      );
      return { messageId: message.id };
    },
    async updateTask(copy, task) {
      if (task.status !== 'closed') return;
      await withTenant(copy.tenantId, (tx) =>
        appendChatMessage(tx, {
          runId: task.runId,
          recipient: copy.recipient,
          text: closedText(task),
          idempotencyKey: `task:${task.id}/closed/${copy.recipient}`,
        }),
      );
    },
    async postMessage(post) {
      const message = await withTenant(post.tenantId, (tx) =>
        appendChatMessage(tx, {
          runId: post.runId,
          recipient: post.to,
          text: post.text,
          idempotencyKey: post.idempotencyKey,
        }),
      );
      return { messageId: message.id, channel: RUN_LOG_CHANNEL };
    },
  };
}

/** One line saying how a task ended and who decided. */
export function closedText(task: TaskView): string {
  const by = task.closedBy && task.closedBy !== 'engine' ? ` by ${task.closedBy}` : '';
  return `${task.kind === 'approval' ? 'Approval' : 'Form'} "${task.title}": ${task.outcome?.replace('_', ' ')}${by}.`;
}
