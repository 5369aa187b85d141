/** Shared test support: the database fixture and process checks. */

export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './database.js';
export {
  type BotConnectorCall,
  type FakeBotConnector,
  postActivity,
  startFakeBotConnector,
  type TeamsActivityOptions,
  type TeamsParty,
  teamsAction,
  teamsInstall,
  teamsMessage,
} from './fake-bot-connector.js';
export {
  type FakeLlmServer,
  type FakeProvider,
  type FakeReply,
  type FakeUsage,
  type RecordedRequest,
  reply,
  startFakeLlm,
} from './fake-llm.js';
export {
  type FakeSlack,
  type FakeSlackCall,
  type FakeSlackOptions,
  type FakeSlackUser,
  signSlackRequest,
  startFakeSlack,
} from './fake-slack.js';
export { type FakeTokenIssuer, startFakeTokenIssuer } from './fake-token-issuer.js';
export { postgresProcessesFor } from './processes.js';
export { type ReplayedLlm, startReplayedLlm } from './replayed-llm.js';
export { taskViewFor } from './task-view.js';
