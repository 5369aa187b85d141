import { type Database, openDatabase, runMigrations } from '../../store/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/**
 * The database for a command that works on data (`apikey`, `run`): DATABASE_URL or the data
 * directory's embedded server (shared with a running `switchboard start`), migrated first so the
 * command works on a fresh data directory too.
 */
export async function openCommandDatabase(config: Config, logger: Logger, poolSize = 2): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.SWITCHBOARD_DATA_DIR,
    poolSize,
    logger: logger.child({ component: 'store' }),
  });
  try {
    await runMigrations(database.pool, { logger: logger.child({ component: 'migrate' }) });
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
