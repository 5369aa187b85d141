import { z } from 'zod';
import type { ConversationRef, MessageHandle, Responder } from '../core/model.js';
import type { SlackAddress, SlackMessages } from './messages.js';

/**
 * The core's answers to one Slack incoming: posts go to its conversation (in its thread), private
 * messages are ephemeral to the actor, and updates replace a message by channel and ts.
 */

export interface SlackResponderOptions {
  messages: SlackMessages;
  tenantId: string;
  conversation: ConversationRef;
  /** The actor's Slack user id. */
  user: string;
  /** The incoming's `response_url`, when it has one (commands, button presses). */
  responseUrl?: string | undefined;
}

const addressSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

export function createSlackResponder(options: SlackResponderOptions): Responder {
  const { messages, tenantId, conversation } = options;
  return {
    async post(message) {
      const address = await messages.post({
        tenantId,
        channel: conversation.channel,
        thread: conversation.thread,
        message,
        conversation: true,
      });
      return slackHandle(address);
    },
    async update(handle, message) {
      await messages.update(tenantId, slackAddressOf(handle), message);
    },
    async postPrivate(message) {
      await messages.postPrivate({
        tenantId,
        channel: conversation.channel,
        user: options.user,
        thread: conversation.thread,
        message,
        responseUrl: options.responseUrl,
      });
    },
  };
}

export function slackHandle(address: SlackAddress): MessageHandle {
  return { platform: 'slack', address: { channel: address.channel, ts: address.ts } };
}

/** The Slack address of a handle; throws for handles of other platforms or bad shapes. */
export function slackAddressOf(handle: MessageHandle): SlackAddress {
  const parsed = handle.platform === 'slack' ? addressSchema.safeParse(handle.address) : undefined;
  if (!parsed?.success) {
    throw new TypeError(`Not a Slack message handle: ${JSON.stringify(handle).slice(0, 200)}.`);
  }
  return parsed.data;
}
