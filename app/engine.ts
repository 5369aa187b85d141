import { createRunNotices, createWebChannel, TEAMS_REFERENCE_KINDS } from '../bot/index.js';
import {
  createChatExecutor,
  createEmailExecutor,
  createEmailTaskChannel,
  createEngine,
  createHttpExecutor,
  createLlmExecutor,
  createNotifierRegistry,
  createRecordExecutor,
  createRunLogChannel,
  type EmailTaskChannelOptions,
  type Engine,
  withScheduleSync,
} from '../engine/index.js';
import { createLlmClient, llmConfigFromVariables } from '../llm/index.js';
import {
  createCredentials,
  createLlmCallRecorder,
  createPeopleDirectory,
  createSecretBox,
  type Database,
  resolveSecretKey,
  withTenant,
} from '../store/index.js';
import { type Config, publicUrlOf } from './config.js';
import type { Logger } from './logger.js';
import { slackForEngineOf } from './slack.js';
import { teamsChannelOf } from './teams.js';

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
  const runLog = createRunLogChannel((tenantId, fn) => withTenant(database.pool, tenantId, fn));
  const notifier = createNotifierRegistry(runLog);
  // Approvers named by `email:` get a mail with a single-use link to the task page.
  const emailTasks = createEmailTaskChannel(emailTaskChannelOptions(config, database));
  notifier.registerTaskChannel(['email'], emailTasks);
  // `email:` people with a web chat login also see chat steps, run notices and task cards there.
  notifier.register(
    ['email'],
    createWebChannel({ pool: database.pool, messages: runLog, tasks: emailTasks }),
  );
  // Slack users and channels get chat steps and task cards when a bot token is configured.
  const slack = slackForEngineOf(config, database, logger);
  if (slack) notifier.register(['slack_user', 'slack_channel'], slack.channel);
  // Teams users and channels likewise, when TEAMS_* credentials (or local mode) are configured.
  const teams = teamsChannelOf(config, database);
  if (teams) notifier.register(TEAMS_REFERENCE_KINDS, teams);
  const llm = createLlmClient({
    config: llmConfigFromVariables(config),
    recorder: createLlmCallRecorder(database),
  });
  // Groups and identities of people (store's people tables), for tasks, chat and email steps.
  const people = createPeopleDirectory((tenantId, fn) => withTenant(database.pool, tenantId, fn));
  // In the Slack workspace's tenant, people named by email whom Slack knows are reached there.
  const directory = slack ? slack.withEmailLookup(people) : people;
  // Owners hear of failed runs and requesters of finished ones (bot's run notices).
  const runNotices = createRunNotices({
    engine: { getWorkflow: (tenantId, workflowId) => engine.getWorkflow(tenantId, workflowId) },
    notifier,
  });
  const engine = createEngine({
    pool: database.pool,
    logger: logger.child({ component: 'engine' }),
    directory,
    notifier,
    onRunFinished: (run) => runNotices.runFinished(run),
    executors: {
      http: createHttpExecutor({
        credentials,
        allowHosts: config.HTTP_ALLOW_HOSTS,
        maxResponseBytes: config.HTTP_MAX_RESPONSE_BYTES,
      }),
      email: createEmailExecutor({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, directory }),
      chat: createChatExecutor({ notifier, directory }),
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

/** The email task channel's settings: SMTP, `PUBLIC_URL` for links, `TASK_LINK_TTL_HOURS`. */
export function emailTaskChannelOptions(config: Config, database: Database): EmailTaskChannelOptions {
  return {
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    publicUrl: publicUrlOf(config),
    linkTtlHours: config.TASK_LINK_TTL_HOURS,
    withTenant: (tenantId, fn) => withTenant(database.pool, tenantId, fn),
  };
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
