import {
  type ConversationCore,
  createConversationCore,
  createWebChat,
  firstUserLink,
  type WebChat,
} from '../bot/index.js';
import type { Engine } from '../engine/index.js';
import { createLlmClient, type LlmClient, llmConfigFromVariables } from '../llm/index.js';
import { createPlanner } from '../planner/index.js';
import { createLlmCallRecorder, type Database } from '../store/index.js';
import { type Config, publicUrlOf } from './config.js';
import type { HttpRoutes } from './http.js';
import type { Logger } from './logger.js';

/**
 * Chat in the composition root (web process): the conversation core every adapter hands
 * incomings to — with the planner on the configured LLM providers, or none, in which case
 * describing an automation answers with the variables to set — and the web chat at `/chat`.
 */
export interface AppChat {
  core: ConversationCore;
  routes: HttpRoutes;
  /**
   * While no web user exists, logs a single-use link (24 h) to the page creating the first one,
   * so a fresh install is usable at once; `baseUrl` is used when PUBLIC_URL is unset.
   */
  announceFirstUser(baseUrl: string): Promise<void>;
  /** Lets handled messages finish, stops listening for updates, shuts the planner's LLM client down. */
  stop(): Promise<void>;
}

export function createAppChat(
  config: Config,
  database: Database,
  engine: Engine,
  logger: Logger,
  core?: ConversationCore,
): AppChat {
  const log = logger.child({ component: 'chat' });
  const llmConfig = llmConfigFromVariables(config);
  const llm: LlmClient | null =
    llmConfig.providers.length === 0
      ? null
      : createLlmClient({ config: llmConfig, recorder: createLlmCallRecorder(database) });
  const publicUrl = publicUrlOf(config);
  const chatCore =
    core ??
    createConversationCore({
      engine,
      planner: llm ? createPlanner(llm) : null,
      pool: database.pool,
      publicUrl,
      logger: log,
    });
  const web: WebChat = createWebChat({ pool: database.pool, core: chatCore, publicUrl, logger: log });
  return {
    core: chatCore,
    routes: web.routes,
    async announceFirstUser(baseUrl) {
      const link = await firstUserLink(database.pool, config.PUBLIC_URL ?? baseUrl, new Date());
      if (link !== null) {
        log.info(`No web chat user yet: open ${link} to create the first one (single use, valid 24 h).`, {
          link,
        });
      }
    },
    async stop() {
      await web.idle();
      await web.close();
      await llm?.shutdown();
    },
  };
}
