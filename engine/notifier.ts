import { type ParsedReference, parseReference } from '../graph/index.js';
import type { TenantTx } from '../store/index.js';
import { appendChatMessage } from '../store/index.js';
import { PermanentStepError } from './errors.js';

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

export interface NotifierRegistry extends Notifier {
  /** Routes the given reference kinds to `channel` from now on (replacing any before). */
  register(kinds: readonly ReferenceKind[], channel: NotifierChannel): void;
  /** The channel that would carry a post to `kind`. */
  channelFor(kind: ReferenceKind): NotifierChannel;
}

/** A notifier routing each post by the kind of its `to` reference; others go to `fallback`. */
export function createNotifierRegistry(fallback: NotifierChannel): NotifierRegistry {
  const channels = new Map<ReferenceKind, NotifierChannel>();
  const channelFor = (kind: ReferenceKind) => channels.get(kind) ?? fallback;
  return {
    register(kinds, channel) {
      for (const kind of kinds) channels.set(kind, channel);
    },
    channelFor,
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

/**
 * The built-in channel: stores the message in `chat_messages`, shown with the run in the web view.
 * A repeated post with the same idempotency key returns the stored message.
 */
export function createRunLogChannel(withTenant: WithTenant): NotifierChannel {
  return {
    name: RUN_LOG_CHANNEL,
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
