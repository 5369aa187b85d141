/** The Slack adapter (`@slack/bolt`): HTTP or Socket Mode, Block Kit rendering, and Slack as an engine channel. */
export {
  createSlackAdapter,
  SLACK_EVENTS_PATH,
  SLASH_COMMAND,
  type SlackAdapter,
  type SlackAdapterOptions,
  type SlackLogger,
} from './adapter.js';
export {
  createSlackChannel,
  SLACK_CHANNEL,
  type SlackChannel,
  type SlackChannelOptions,
} from './channel.js';
export { type SlackLookupOptions, withSlackLookup } from './email-lookup.js';
export { SlackAdapterError, SlackAuthError } from './errors.js';
export {
  createSlackChannelForToken,
  createSlackForToken,
  type SlackForToken,
  type SlackForTokenOptions,
} from './for-token.js';
export { type RenderedMessage, renderMessage } from './render.js';
export { type SlackWorkspace, tenantNameOfTeam } from './workspace.js';
