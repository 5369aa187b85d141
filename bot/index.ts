/**
 * Chat (DESIGN.md "Chat"): the transport-neutral conversation core and its adapters
 * (`bot/slack`, `bot/teams`, `bot/web`). Other folders import only this file.
 */
export {
  formatTime,
  personLabel,
  TASK_ACTIONS,
  type TaskMessageOptions,
  taskMessage,
} from './core/cards.js';
export { RUN_ACTION } from './core/commands.js';
export { createConversationCore } from './core/core.js';
export type { ChatEngine, ConversationCoreDeps, RunNoticeDeps } from './core/deps.js';
export { DRAFT_ACTIONS } from './core/draft-messages.js';
export { helpMessage } from './core/help.js';
export type {
  Action,
  Actor,
  Block,
  ConversationCore,
  ConversationRef,
  Incoming,
  Input,
  MessageHandle,
  OutgoingMessage,
  Platform,
  Responder,
} from './core/model.js';
export { createRunNotices, type RunNotices } from './core/run-notices.js';
export {
  createSlackAdapter,
  createSlackChannel,
  createSlackChannelForToken,
  createSlackForToken,
  SLACK_CHANNEL,
  SLACK_EVENTS_PATH,
  SLASH_COMMAND,
  type SlackAdapter,
  SlackAdapterError,
  type SlackAdapterOptions,
  SlackAuthError,
  type SlackChannel,
  type SlackForToken,
  type SlackLogger,
  type SlackWorkspace,
  tenantNameOfTeam,
} from './slack/index.js';
export {
  createTeamsAddressBook,
  createTeamsChannel,
  createTeamsConnector,
  createTeamsEndpoint,
  TEAMS_CHANNEL,
  TEAMS_MESSAGES_PATH,
  TEAMS_REFERENCE_KINDS,
  TeamsConfigError,
  type TeamsConnector,
  type TeamsEndpoint,
  teamsModeOf,
} from './teams/index.js';
export { createWebChannel, WEB_CHANNEL, type WebChannelOptions } from './web/channel.js';
export { createWebChat, type WebChat, type WebChatOptions } from './web/routes.js';
export { addWebUser, firstUserLink, WebUserError } from './web/users.js';
