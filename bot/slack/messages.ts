import { rememberSlackThread, saveSlackForms, type TenantTx } from '../../store/index.js';
import type { OutgoingMessage } from '../core/model.js';
import { renderMessage } from './render.js';
import type { SlackWebClient } from './web-client.js';

/**
 * Posting, replacing and privately showing neutral messages in Slack. Before a message goes out
 * its forms are stored (the "Open form" buttons refer to them), and a conversation's post in a
 * channel (not a DM) remembers its thread, so replies there reach the core without a mention.
 */

/** Where a posted message is: what `chat.update` needs. */
export interface SlackAddress {
  channel: string;
  ts: string;
}

export type WithTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

export interface PostOptions {
  tenantId: string;
  /** A channel id, or a user id (Slack then posts in the app's DM with them). */
  channel: string;
  thread?: string | null;
  message: OutgoingMessage;
  /** Message metadata (e.g. the idempotency key of an engine post). */
  metadata?: { event_type: string; event_payload: Record<string, string> };
  /** Remember the thread (in channels), so replies there reach the core; conversation replies do, engine posts do not. */
  conversation?: boolean;
}

export interface PrivateOptions {
  tenantId: string;
  channel: string;
  user: string;
  thread?: string | null;
  message: OutgoingMessage;
  /** Where to answer when the bot may not post in the channel (slash commands, button presses). */
  responseUrl?: string | undefined;
}

export interface SlackMessages {
  post(options: PostOptions): Promise<SlackAddress>;
  update(tenantId: string, address: SlackAddress, message: OutgoingMessage): Promise<void>;
  postPrivate(options: PrivateOptions): Promise<void>;
}

/** Errors meaning the bot is not a member of the conversation it tried to post in. */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

export function createSlackMessages(client: SlackWebClient, withTenant: WithTenant): SlackMessages {
  const prepare = async (tenantId: string, message: OutgoingMessage) => {
    const rendered = renderMessage(message);
    if (rendered.forms.length > 0) await withTenant(tenantId, (tx) => saveSlackForms(tx, rendered.forms));
    return rendered;
  };

  return {
    async post({ tenantId, channel, thread, message, metadata, conversation }) {
      const { text, blocks } = await prepare(tenantId, message);
      const result = await client.chat.postMessage({
        channel,
        text,
        blocks,
        ...(thread ? { thread_ts: thread } : {}),
        ...(metadata ? { metadata } : {}),
      });
      const address = { channel: result.channel ?? channel, ts: result.ts! };
      if (conversation && !isDirectChannel(address.channel)) {
        await withTenant(tenantId, (tx) => rememberSlackThread(tx, address.channel, thread ?? address.ts));
      }
      return address;
    },

    async update(tenantId, address, message) {
      const { text, blocks } = await prepare(tenantId, message);
      await client.chat.update({ channel: address.channel, ts: address.ts, text, blocks });
    },

    async postPrivate({ tenantId, channel, user, thread, message, responseUrl }) {
      const { text, blocks } = await prepare(tenantId, message);
      try {
        await client.chat.postEphemeral({
          channel,
          user,
          text,
          blocks,
          ...(thread ? { thread_ts: thread } : {}),
        });
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (!responseUrl || !code || !NOT_A_MEMBER.has(code)) throw error;
        await answerResponseUrl(responseUrl, {
          response_type: 'ephemeral',
          replace_original: false,
          text,
          blocks,
        });
      }
    },
  };
}

/** Direct-message conversations have ids starting with D. */
export function isDirectChannel(channel: string): boolean {
  return channel.startsWith('D');
}

async function answerResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`Slack refused the response_url answer with HTTP ${response.status}.`);
}
