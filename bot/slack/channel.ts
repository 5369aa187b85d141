import { webApi } from '@slack/bolt';
import {
  type NotifierChannel,
  PermanentStepError,
  RetryableStepError,
  type TaskChannel,
  type TaskNoticeKind,
} from '../../engine/index.js';
import { type Json, parseReference } from '../../graph/index.js';
import { findSlackPost, recordSlackPost } from '../../store/index.js';
import { taskMessage } from '../core/cards.js';
import type { Block, OutgoingMessage } from '../core/model.js';
import type { SlackAddress, SlackMessages, WithTenant } from './messages.js';
import type { SlackWebClient } from './web-client.js';
import type { SlackWorkspace } from './workspace.js';

/**
 * Slack as a channel of the engine, for references `slack:user/U…` and `slack:channel/C…`: chat
 * steps post their message (NotifierChannel) and human tasks post their card to the person's DM
 * and replace it when the task changes (TaskChannel). Each post is made once per idempotency
 * key: the key is recorded with the message (`slack_posts`), checked before posting, and sent as
 * message metadata (`switchboard_message`) so the message says where it came from.
 *
 * The bot token belongs to one workspace, whose tenant is the only one that may post through it.
 */

/** Name of the channel in the run log and on task copies. */
export const SLACK_CHANNEL = 'slack';

export interface SlackChannelOptions {
  client: SlackWebClient;
  messages: SlackMessages;
  /** The token's workspace (resolved once, lazily: worker processes may start before Slack answers). */
  workspace: () => Promise<SlackWorkspace>;
  withTenant: WithTenant;
}

export type SlackChannel = NotifierChannel & TaskChannel;

const NOTICE_HEADLINES: Partial<Record<TaskNoticeKind, string>> = {
  reminder: 'Reminder: this is still waiting for you.',
  escalated: 'Escalated to you.',
  delegated: 'Delegated to you.',
};

export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const tenantCheck = async (tenantId: string) => {
    const workspace = await options.workspace().catch((error: unknown) => {
      throw classifySlackError(error);
    });
    if (workspace.tenantId !== tenantId) {
      throw new PermanentStepError(
        'slack.other_tenant',
        `Slack is connected to the workspace ${workspace.teamId}; workflows of other tenants cannot post there.`,
      );
    }
  };

  /** Posts once per key: a key posted before returns that message. */
  const postOnce = async (tenantId: string, to: string, key: string, message: OutgoingMessage) => {
    await tenantCheck(tenantId);
    const earlier = await options.withTenant(tenantId, (tx) => findSlackPost(tx, key));
    if (earlier) return { channel: earlier.channel, ts: earlier.ts };
    const channel = await conversationFor(options.client, to);
    const address = await options.messages
      .post({
        tenantId,
        channel,
        message,
        metadata: { event_type: 'switchboard_message', event_payload: { key } },
      })
      .catch((error: unknown) => {
        throw classifySlackError(error);
      });
    const recorded = await options.withTenant(tenantId, (tx) =>
      recordSlackPost(tx, { idempotencyKey: key, channel: address.channel, ts: address.ts }),
    );
    return { channel: recorded.channel, ts: recorded.ts };
  };

  return {
    name: SLACK_CHANNEL,
    async postMessage(post) {
      const address = await postOnce(post.tenantId, post.to, post.idempotencyKey, {
        text: post.text,
        blocks: [{ type: 'text', text: post.text }],
      });
      return { messageId: `${address.channel}/${address.ts}`, channel: SLACK_CHANNEL };
    },

    async postTask({ tenantId, task, recipient, kind, idempotencyKey }) {
      if (task.status !== 'open' || kind === 'updated' || kind === 'closed') return null;
      const card = taskMessage(task, { viewer: recipient });
      const headline = NOTICE_HEADLINES[kind];
      const message = headline ? withHeadline(card, headline) : card;
      const address = await postOnce(tenantId, recipient, `task:${idempotencyKey}`, message);
      return address as unknown as Json;
    },

    async updateTask(copy, task) {
      await tenantCheck(copy.tenantId);
      const address = addressOf(copy.address);
      await options.messages
        .update(copy.tenantId, address, taskMessage(task, { viewer: copy.recipient }))
        .catch((error: unknown) => {
          throw classifySlackError(error);
        });
    },
  };
}

function withHeadline(message: OutgoingMessage, headline: string): OutgoingMessage {
  const context: Block = { type: 'context', text: headline };
  return { text: `${headline} ${message.text}`, blocks: [context, ...message.blocks] };
}

/** The Slack conversation for a reference: a user's DM with the bot, or the channel itself. */
async function conversationFor(client: SlackWebClient, to: string): Promise<string> {
  const reference = parseReference(to);
  if (reference?.kind === 'slack_channel') return reference.id;
  if (reference?.kind !== 'slack_user') {
    throw new PermanentStepError(
      'slack.invalid_recipient',
      `Slack posts to slack:user/… and slack:channel/… references, not "${to.slice(0, 200)}".`,
    );
  }
  try {
    const opened = await client.conversations.open({ users: reference.id });
    return opened.channel?.id ?? reference.id;
  } catch (error) {
    throw classifySlackError(error);
  }
}

function addressOf(address: Json): SlackAddress {
  const value = address as { channel?: unknown; ts?: unknown } | null;
  if (typeof value?.channel !== 'string' || typeof value.ts !== 'string') {
    throw new PermanentStepError(
      'slack.invalid_copy',
      'This task copy has no Slack channel and ts to update.',
    );
  }
  return { channel: value.channel, ts: value.ts };
}

/** Slack errors that another attempt may get past. */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

/** A Web API failure as an engine step error: rate limits and outages retry, refusals do not. */
export function classifySlackError(error: unknown): Error {
  if (error instanceof PermanentStepError || error instanceof RetryableStepError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new RetryableStepError('slack.rate_limited', 'Slack asked to slow down.', {
      cause: error,
      retryAfterMs: error.retryAfter * 1000,
    });
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = String(error.data.error);
    const message = `Slack refused the request: ${code}.${hintFor(code)}`;
    return RETRYABLE_PLATFORM_ERRORS.has(code)
      ? new RetryableStepError(`slack.${code}`, message, { cause: error })
      : new PermanentStepError(`slack.${code}`, message, { cause: error });
  }
  if (error instanceof webApi.WebAPIHTTPError && error.statusCode < 500 && error.statusCode !== 408) {
    return new PermanentStepError(
      `slack.http_${error.statusCode}`,
      `Slack answered HTTP ${error.statusCode}.`,
      {
        cause: error,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new RetryableStepError('slack.unreachable', `Slack could not be reached: ${message}`, {
    cause: error,
  });
}

function hintFor(code: string): string {
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return ' Invite the Switchboard app to the channel (/invite @Switchboard).';
    case 'missing_scope':
      return ' Add the scopes listed in the README ("Connect Slack") to the app and reinstall it.';
    case 'invalid_auth':
    case 'not_authed':
    case 'token_revoked':
      return ' Check SLACK_BOT_TOKEN.';
    default:
      return '';
  }
}
