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
  createSlackChannelForToken,
  SLACK_CHANNEL,
  type SlackChannel,
  type SlackChannelForTokenOptions,
  type SlackChannelOptions,
} from './channel.js';
export { SlackAdapterError, SlackAuthError } from './errors.js';
export { type RenderedMessage, renderMessage } from './render.js';
export { type SlackWorkspace, tenantNameOfTeam } from './workspace.js';
