import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from '../admin/index.js';
import type { ConversationCore, SlackAdapter, TeamsEndpoint } from '../bot/index.js';
import { createScheduler } from '../engine/index.js';
import { type Database, openDatabase, runMigrations } from '../store/index.js';
import { createAppChat } from './chat.js';
import { type Config, publicUrlOf, workerOptionsOf } from './config.js';
import { createAppEngine } from './engine.js';
import { ListenError } from './errors.js';
import { createHttpApp, type HttpRoutes } from './http.js';
import type { Logger } from './logger.js';
import { slackAdapterOf } from './slack.js';
import { teamsEndpointOf } from './teams.js';

/**
 * Start-up and shutdown of the whole service, in order: database (embedded or DATABASE_URL),
 * migrations, HTTP server. Shutdown runs the other way round.
 */

export interface RunningSwitchboard {
  /** Base URL of the HTTP server, e.g. `http://localhost:3000`. */
  readonly url: string;
  readonly port: number;
  readonly database: Database;
  /** Stops accepting requests, lets in-flight ones finish (bounded), closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  /** Extra HTTP routes (later parts: REST API, chat endpoints). */
  routes?: HttpRoutes[];
  /** The conversation core chat adapters hand incomings to; default the one app/chat.ts builds. */
  chatCore?: ConversationCore;
}

export async function startSwitchboard({
  config,
  logger,
  routes,
  chatCore,
}: StartOptions): Promise<RunningSwitchboard> {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.SWITCHBOARD_DATA_DIR,
    share: true,
    poolSize: config.DATABASE_POOL_SIZE,
    logger: logger.child({ component: 'store' }),
  });
  logger.info('database ready', { source: database.source, url: database.displayUrl });
  let server: Server;
  let teams: TeamsEndpoint | undefined;
  let slack: SlackAdapter | undefined;
  // Activation through this engine (REST API, chat) also arms or removes schedule triggers.
  const engine = await createAppEngine(config, database, logger);
  const scheduler = createScheduler({
    pool: database.pool,
    engine,
    logger: logger.child({ component: 'schedule' }),
  });
  // The conversation core every chat adapter hands incomings to, and the web chat at /chat.
  const chat = createAppChat(config, database, engine, logger, chatCore);
  try {
    const migrations = await runMigrations(database.pool, { logger: logger.child({ component: 'migrate' }) });
    logger.info('migrations up to date', { version: migrations.version, applied: migrations.applied.length });
    teams = teamsEndpointOf(config, { core: chat.core, database, logger });
    // Slack (when configured): asks Slack who the bot token is, so a bad token stops start-up here.
    slack = await slackAdapterOf(config, { core: chat.core, database, logger });
    const app = createHttpApp({
      database,
      logger,
      latestMigration: migrations.version,
      trustProxy: config.TRUST_PROXY,
      routes: [
        // Teams' POST /api/messages goes before the REST API, whose /api router would take it.
        ...(teams ? [teams.routes] : []),
        ...(slack ? [slack.routes] : []),
        ...adminRoutes({ db: database.pool, engine, logger, publicUrl: publicUrlOf(config) }),
        chat.routes,
        ...(routes ?? []),
      ],
    });
    server = await listen(createServer(app), config.PORT, config.HOST);
    await engine.runWorker(workerOptionsOf(config));
    scheduler.start();
    await slack?.start();
  } catch (error) {
    await slack?.stop();
    await chat.stop();
    await scheduler.stop();
    await engine.stop();
    await database.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  await chat.announceFirstUser(url);
  return {
    url,
    port,
    database,
    async stop() {
      await closeServer(server, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
      await chat.stop();
      await teams?.drain();
      await slack?.stop();
      await scheduler.stop();
      await engine.stop();
      await database.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new ListenError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} on ${host} is already in use; set PORT to a free port or stop the other server.`
            : `Cannot listen on ${host}:${port} (${error.message}); check HOST and PORT.`,
          { cause: error },
        ),
      );
    });
    server.listen(port, host, () => resolve(server));
  });
}

/** Stops accepting connections; cuts off requests still running after `graceMs`. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
