/** Shared test support: the database fixture and process checks. */

export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './database.js';
export { postgresProcessesFor } from './processes.js';
