import {
  type ConversationCore,
  createSlackAdapter,
  createSlackForToken,
  type SlackAdapter,
  type SlackForToken,
} from '../bot/index.js';
import type { Database } from '../store/index.js';
import { type Config, slackModeOf } from './config.js';
import type { Logger } from './logger.js';

/**
 * Slack in the composition root: the engine's channel for `slack:` references and its lookup of
 * people by email (every process: web and workers post chat steps and task cards) and the adapter
 * receiving Slack's requests (the web process). Both undefined when Slack is not configured.
 */

/**
 * Slack for the engine, or undefined without SLACK_BOT_TOKEN: the channel for `slack_user` and
 * `slack_channel`, and the people directory's lookup of approvers named by email (failed lookups
 * are logged; those people are reached by email).
 */
export function slackForEngineOf(
  config: Config,
  database: Database,
  logger: Logger,
): SlackForToken | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  const log = logger.child({ component: 'slack' });
  return createSlackForToken({
    botToken: config.SLACK_BOT_TOKEN,
    apiUrl: config.SLACK_API_URL,
    db: database.pool,
    withTenant: database.withTenant.bind(database),
    onLookupError: (email, error) =>
      log.warn('Slack users.lookupByEmail failed; the person is reached by email', {
        email,
        error: String(error),
      }),
  });
}

/**
 * The Slack adapter handing messages to `core` (HTTP mode: mount `routes`; Socket Mode: call
 * `start()`), or undefined when Slack is not configured. Asks Slack who the token is (`auth.test`),
 * so a bad token stops start-up with `SlackAuthError`.
 */
export async function slackAdapterOf(
  config: Config,
  deps: { core: ConversationCore; database: Database; logger: Logger },
): Promise<SlackAdapter | undefined> {
  const mode = slackModeOf(config);
  if (mode === null || !config.SLACK_BOT_TOKEN) return undefined;
  const logger = deps.logger.child({ component: 'slack' });
  const adapter = await createSlackAdapter({
    core: deps.core,
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    db: deps.database.pool,
    withTenant: deps.database.withTenant.bind(deps.database),
    logger,
  });
  logger.info('Slack connected', {
    mode,
    team: adapter.workspace.teamId,
    tenant: adapter.workspace.tenantId,
  });
  return adapter;
}
