/** Shared test support: the database fixture and process checks. */

export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './database.js';
export {
  type FakeLlmServer,
  type FakeProvider,
  type FakeReply,
  type FakeUsage,
  type RecordedRequest,
  reply,
  startFakeLlm,
} from './fake-llm.js';
export { postgresProcessesFor } from './processes.js';
