import type { ConversationReference } from '@microsoft/agents-activity';
import {
  type NotifierChannel,
  PermanentStepError,
  RetryableStepError,
  type TaskChannel,
  type TaskNoticeKind,
  type TaskView,
} from '../../engine/index.js';
import type { Json } from '../../graph/index.js';
import { findTeamsPost, recordTeamsPost, type WithTenantFn } from '../../store/index.js';
import { taskMessage } from '../core/cards.js';
import type { OutgoingMessage } from '../core/model.js';
import type { TeamsAddressBook } from './addresses.js';
import type { OutgoingActivity, TeamsConnector } from './connector.js';
import { TeamsAuthError } from './errors.js';
import { addressOf, type TeamsMessageAddress } from './incoming.js';
import { cardActivity } from './render.js';

/**
 * Teams as the engine's channel for `teams:user/…` and `teams:channel/…`: `chat` steps post a
 * Markdown message, approval and form requests post the task card (proactively, in the person's
 * personal chat or the channel) and replace it when the task changes or closes. A post is made
 * once per idempotency key (kept in `teams_posts`): a retried job finds the first message.
 */

/** Name of this channel in run output and task copies. */
export const TEAMS_CHANNEL = 'teams';
/** The reference kinds Teams serves. */
export const TEAMS_REFERENCE_KINDS = ['teams_user', 'teams_channel'] as const;

export interface TeamsChannelOptions {
  connector: TeamsConnector;
  addresses: TeamsAddressBook;
  withTenant: WithTenantFn;
}

const NOTICE_LEADS: Partial<Record<TaskNoticeKind, string>> = {
  reminder: 'Reminder: this request is still waiting for you.',
  escalated: 'Escalated to you: the first approvers did not answer in time.',
  delegated: 'Delegated to you.',
};

export function createTeamsChannel(options: TeamsChannelOptions): NotifierChannel & TaskChannel {
  const { connector, addresses, withTenant } = options;

  /** Posts `activity` to `to` once per key; returns where it went. */
  async function postOnce(
    tenantId: string,
    to: string,
    idempotencyKey: string,
    activity: OutgoingActivity,
  ): Promise<TeamsMessageAddress> {
    const earlier = await withTenant(tenantId, (tx) => findTeamsPost(tx, idempotencyKey));
    if (earlier) {
      return {
        conversationReference: earlier.conversationReference as unknown as ConversationReference,
        activityId: earlier.activityId,
      };
    }
    const conversationReference = await addresses.conversationFor(tenantId, to);
    const activityId = await classified(() => connector.send(conversationReference, activity));
    const address = { conversationReference, activityId };
    await withTenant(tenantId, (tx) =>
      recordTeamsPost(tx, idempotencyKey, {
        conversationReference: JSON.parse(JSON.stringify(conversationReference)),
        activityId,
      }),
    );
    return address;
  }

  return {
    name: TEAMS_CHANNEL,
    async postMessage(post) {
      const { activityId } = await postOnce(post.tenantId, post.to, post.idempotencyKey, {
        type: 'message',
        text: post.text,
        textFormat: 'markdown',
      });
      return { messageId: activityId, channel: TEAMS_CHANNEL };
    },
    async postTask({ tenantId, task, recipient, kind, idempotencyKey }) {
      if (task.status !== 'open') return null;
      const message = noticeMessage(task, recipient, kind);
      const address = await postOnce(tenantId, recipient, idempotencyKey, cardActivity(message));
      return JSON.parse(JSON.stringify(address)) as Json;
    },
    async updateTask(copy, task) {
      const { conversationReference, activityId } = addressOf(copy);
      const message = taskMessage(task, { viewer: copy.recipient });
      await classified(() => connector.update(conversationReference, activityId, cardActivity(message)));
    },
  };
}

function noticeMessage(task: TaskView, recipient: string, kind: TaskNoticeKind): OutgoingMessage {
  const message = taskMessage(task, { viewer: recipient });
  const lead = NOTICE_LEADS[kind];
  if (!lead) return message;
  return { ...message, blocks: [{ type: 'context', text: lead }, ...message.blocks] };
}

/** Bot Connector and token failures as step errors: 429, 5xx and network errors may pass; other 4xx will not. */
async function classified<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TeamsAuthError) {
      throw new (error.permanent ? PermanentStepError : RetryableStepError)(error.code, error.message, {
        cause: error,
      });
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) {
      throw new PermanentStepError(
        `teams.status_${status}`,
        `Microsoft Teams refused the message (HTTP ${status}): ${(error as Error).message}`,
        { cause: error },
      );
    }
    throw new RetryableStepError(
      typeof status === 'number' ? `teams.status_${status}` : 'teams.unavailable',
      `Microsoft Teams could not be reached: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
