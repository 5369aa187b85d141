import type { PeopleDirectory } from '../../engine/index.js';
import type { Queryable } from '../../store/index.js';
import { createSlackChannel, type SlackChannel } from './channel.js';
import { withSlackLookup } from './email-lookup.js';
import { createSlackMessages, type WithTenant } from './messages.js';
import { createSlackWebClient } from './web-client.js';
import { workspaceOnFirstUse } from './workspace.js';

/**
 * Slack for the engine of one process (web and workers alike), built from the bot token: the
 * channel posting chat steps and task cards, and the people directory's lookup of people named by
 * email. Both share one Web API client and one `auth.test`, asked on first use.
 */
export interface SlackForToken {
  channel: SlackChannel;
  /** `directory`, reaching people named by email in Slack when the workspace knows their address. */
  withEmailLookup(directory: PeopleDirectory): PeopleDirectory;
}

export interface SlackForTokenOptions {
  /** `SLACK_BOT_TOKEN`. */
  botToken: string;
  /** `SLACK_API_URL`; default Slack's. */
  apiUrl?: string | undefined;
  /** For finding or creating the workspace's tenant. */
  db: Queryable;
  withTenant: WithTenant;
  /** Called when looking a person up by email fails; they are reached by email instead. Default: ignored. */
  onLookupError?: (email: string, error: unknown) => void;
}

export function createSlackForToken(options: SlackForTokenOptions): SlackForToken {
  const client = createSlackWebClient({ token: options.botToken, apiUrl: options.apiUrl });
  const workspace = workspaceOnFirstUse(client, options.db);
  return {
    channel: createSlackChannel({
      client,
      messages: createSlackMessages(client, options.withTenant),
      withTenant: options.withTenant,
      workspace,
    }),
    withEmailLookup: (directory) =>
      withSlackLookup(directory, {
        client,
        workspace,
        withTenant: options.withTenant,
        onError: options.onLookupError,
      }),
  };
}

/** Just the channel, as `createSlackForToken` builds it. */
export const createSlackChannelForToken = (options: SlackForTokenOptions): SlackChannel =>
  createSlackForToken(options).channel;
