import {
  createChatExecutor,
  createEmailExecutor,
  createEngine,
  createHttpExecutor,
  createLlmExecutor,
  createNotifierRegistry,
  createRecordExecutor,
  createRunLogChannel,
  type Engine,
  withScheduleSync,
} from '../engine/index.js';
import { createLlmClient, llmConfigFromVariables } from '../llm/index.js';
import {
  createCredentials,
  createLlmCallRecorder,
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
 * built-in channel records chat messages to the run log, the LLM client of `llm` steps (recording
 * calls in `llm_calls`; with no provider configured the steps fail with `llm.not_configured`),
 * and schedule syncing on activation. `stop()` also shuts the LLM client down.
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
  const llm = createLlmClient({
    config: llmConfigFromVariables(config),
    recorder: createLlmCallRecorder(database),
  });
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
      llm: createLlmExecutor({ llm }),
    },
  });
  const synced = withScheduleSync(engine, {
    pool: database.pool,
    logger: logger.child({ component: 'schedule' }),
  });
  return withStopHook(synced, () => llm.shutdown());
}

/** The engine whose `stop()` runs `after` once the engine itself has stopped. */
function withStopHook(engine: Engine, after: () => Promise<void>): Engine {
  const stop = async () => {
    try {
      await engine.stop();
    } finally {
      await after();
    }
  };
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'stop') return stop;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
