import {
  createChatExecutor,
  createEmailExecutor,
  createEngine,
  createHttpExecutor,
  createNotifierRegistry,
  createRecordExecutor,
  createRunLogChannel,
  type Engine,
  withScheduleSync,
} from '../engine/index.js';
import {
  createCredentials,
  createSecretBox,
  type Database,
  resolveSecretKey,
  withTenant,
} from '../store/index.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

/**
 * The engine as every process builds it (`start`, `worker`, `run`): the side-effect executors with
 * their configuration, the credential store sealed with the secret key, the notifier whose
 * built-in channel records chat messages to the run log, and schedule syncing on activation.
 */
export async function createAppEngine(config: Config, database: Database, logger: Logger): Promise<Engine> {
  const secretKey = await resolveSecretKey({
    secretKey: config.SWITCHBOARD_SECRET_KEY,
    databaseUrl: config.DATABASE_URL,
    dataDir: config.SWITCHBOARD_DATA_DIR,
  });
  const credentials = createCredentials(createSecretBox(secretKey));
  const notifier = createNotifierRegistry(
    createRunLogChannel((tenantId, fn) => withTenant(database.pool, tenantId, fn)),
  );
  const engine = createEngine({
    pool: database.pool,
    logger: logger.child({ component: 'engine' }),
    executors: {
      http: createHttpExecutor({
        credentials,
        allowHosts: config.HTTP_ALLOW_HOSTS,
        maxResponseBytes: config.HTTP_MAX_RESPONSE_BYTES,
      }),
      email: createEmailExecutor({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }),
      chat: createChatExecutor({ notifier }),
      record: createRecordExecutor(),
    },
  });
  return withScheduleSync(engine, { pool: database.pool, logger: logger.child({ component: 'schedule' }) });
}
